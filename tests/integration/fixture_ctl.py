#!/usr/bin/env python3
"""Starts and stops the named fixture servers of the integration tests (CTest fixtures).

  fixture_ctl.py start NAME STATE_ROOT [fixture.py start options...]
      Makes the tree of special names under STATE_ROOT/special-tree, then serves
      /usr/share/maven-repo as `maven-local` and that tree as `special` from
      STATE_ROOT/NAME (see tests/fixture/fixture.py for the options).
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
    subprocess.check_call([sys.executable, os.path.join(FIXTURE_DIR, "make_special_tree.py"), special])
    os.makedirs(state_dir, exist_ok=True)
    return subprocess.call(fixture + ["start", "--state-dir", state_dir,
                                      "--repo", "maven-local=/usr/share/maven-repo",
                                      "--repo", "special=" + special] + argv[4:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
