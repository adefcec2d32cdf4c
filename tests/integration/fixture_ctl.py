#!/usr/bin/env python3
"""Starts and stops the named fixture servers of the integration tests (CTest fixtures).

  fixture_ctl.py start NAME STATE_ROOT [fixture.py start options...]
      Makes the tree of special names under STATE_ROOT/special-tree and a synthetic
      Maven-shaped tree of 5,000 folders under STATE_ROOT/synth-5k (fixed seed) and the
      download tree under STATE_ROOT/download-tree, then serves /usr/share/maven-repo as
      `maven-local`, those trees as `special`, `synth-5k` and `dl` from STATE_ROOT/NAME (see tests/fixture/fixture.py for the options).
  fixture_ctl.py stop NAME STATE_ROOT
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE_DIR = os.path.join(HERE, "..", "fixture")


def main(argv):
    if len(argv) < 4 or argv[1] not in ("start", "stop"):
        print(__doc__, file=sys.stderr)
        return 2
    action, name, state_root = argv[1], argv[2], argv[3]
    state_dir = os.path.join(state_root, name)
    fixture = [sys.executable, os.path.join(FIXTURE_DIR, "fixture.py")]
    if action == "stop":
        return subprocess.call(fixture + ["stop", "--state-dir", state_dir])
    special = os.path.join(state_root, "special-tree")
    subprocess.check_call([sys.executable, os.path.join(FIXTURE_DIR, "make_special_tree.py"), special],
                          stdout=subprocess.DEVNULL)
    synthetic = os.path.join(state_root, "synth-5k")
    subprocess.check_call([sys.executable, os.path.join(FIXTURE_DIR, "make_synthetic_tree.py"),
                           synthetic, "--shape", "maven", "--folders", "5000", "--seed", "1"])
    downloads = os.path.join(state_root, "download-tree")
    subprocess.check_call([sys.executable, os.path.join(FIXTURE_DIR, "make_download_tree.py"), downloads])
    os.makedirs(state_dir, exist_ok=True)
    for log in ("access.log", "error.log"):  # logs of an earlier run are not this run's
        if os.path.exists(os.path.join(state_dir, log)):
            os.unlink(os.path.join(state_dir, log))
    return subprocess.call(fixture + ["start", "--state-dir", state_dir,
                                      "--repo", "maven-local=/usr/share/maven-repo",
                                      "--repo", "special=" + special,
                                      "--repo", "synth-5k=" + synthetic,
                                      "--repo", "dl=" + downloads] + argv[4:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
