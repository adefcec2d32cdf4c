"""Shared helpers of the integration tests: run the real `arty` binary against a fixture server.

Environment (set by tests/integration/CMakeLists.txt):
  ARTY_BIN           the arty executable
  ARTY_FIXTURE_DIR   STATE_ROOT/NAME of the running fixture (holds fixture.env)
  ARTY_FIXTURE_PY    tests/fixture/fixture.py
  ARTY_SPECIAL_TREE  the tree of special names served as repository `special`
  ARTY_SYNTH_TREE    the synthetic tree of 5,000 folders served as repository `synth-5k`
"""
import json
import os
import shlex
import signal
import subprocess
import sys
import time
import unittest

MAVEN_REPO = "/usr/share/maven-repo"

# Exit codes, as in include/arty/exit_code.hpp and docs/exit-codes.md.
EXIT_SUCCESS = 0
EXIT_USAGE = 2
EXIT_PARTIAL = 3
EXIT_NOT_FOUND = 4
EXIT_AUTH_FAILED = 5
EXIT_NETWORK = 6
EXIT_BAD_RESPONSE = 7
EXIT_DIFFERENCES = 9
EXIT_INTERRUPTED = 130


def fixture_env(state_dir=None):
    state_dir = state_dir or os.environ["ARTY_FIXTURE_DIR"]
    values = {}
    with open(os.path.join(state_dir, "fixture.env")) as env_file:
        for line in env_file:
            key, _, value = line.strip().partition("=")
            values[key] = value
    return values


def run_arty(*args, env=None, timeout=120, input_bytes=None):
    """Runs arty; returns (exit code, stdout bytes, stderr text)."""
    full_env = dict(os.environ)
    for key in ("ARTY_ACCESS_TOKEN", "ARTY_USER", "ARTY_PASSWORD", "ARTY_URL"):
        full_env.pop(key, None)
    full_env["NETRC"] = "/nonexistent"
    full_env["HOME"] = "/nonexistent"
    full_env.update(env or {})
    done = subprocess.run([os.environ["ARTY_BIN"], *args], capture_output=True, env=full_env,
                          timeout=timeout, input=input_bytes)
    return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace")


def interrupt_arty(*args, after=0.5):
    """Starts arty, sends SIGINT after `after` seconds; returns (exit code, stdout bytes, stderr
    text, seconds from the signal to the exit)."""
    arty = subprocess.Popen([os.environ["ARTY_BIN"], *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    time.sleep(after)
    interrupted = time.monotonic()
    arty.send_signal(signal.SIGINT)
    out, err = arty.communicate(timeout=30)
    return arty.returncode, out, err.decode("utf-8", "replace"), time.monotonic() - interrupted


def run_into_head(*args, lines):
    """Runs `arty ARGS | head -n LINES` under pipefail; returns the CompletedProcess."""
    command = " ".join(shlex.quote(part) for part in (os.environ["ARTY_BIN"], *args))
    return subprocess.run(["bash", "-o", "pipefail", "-c", f"{command} | head -n {lines}"],
                          capture_output=True, timeout=60)


def fixture_config(**knobs):
    """Changes knobs of the running fixture (fixture.py config)."""
    subprocess.check_call([sys.executable, os.environ["ARTY_FIXTURE_PY"], "config",
                           "--state-dir", os.environ["ARTY_FIXTURE_DIR"],
                           *[f"{key}={value}" for key, value in knobs.items()]],
                          stdout=subprocess.DEVNULL)


def fixture_stats():
    out = subprocess.check_output([sys.executable, os.environ["ARTY_FIXTURE_PY"], "stats",
                                   "--state-dir", os.environ["ARTY_FIXTURE_DIR"]])
    return json.loads(out)


class AccessLog:
    """The fixture's access log from the moment this object is made: the requests that follow."""

    def __init__(self):
        self.path = os.path.join(os.environ["ARTY_FIXTURE_DIR"], "access.log")
        self.offset = os.path.getsize(self.path) if os.path.exists(self.path) else 0

    def lines(self):
        with open(self.path, "rb") as log:
            log.seek(self.offset)
            return log.read().decode("utf-8", "replace").splitlines()

    def connections(self):
        """Distinct connection serial numbers that carried the requests."""
        return {line.split(" conn=")[1].split()[0] for line in self.lines()}


def local_tree(root):
    """(files, folders) under root as `find -L` sees them, relative, '/'-separated."""
    files, folders = set(), set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        rel = os.path.relpath(dirpath, root)
        prefix = "" if rel == "." else rel + "/"
        folders.update(prefix + name for name in dirnames)
        files.update(prefix + name for name in filenames)
    return files, folders


def listed_paths(stdout, separator=b"\n"):
    """(files, folders) from arty's plain output; folders end with '/'."""
    files, folders = set(), set()
    for raw in stdout.split(separator):
        if not raw:
            continue
        path = raw.decode("utf-8")
        if path.endswith("/"):
            folders.add(path[:-1])
        else:
            files.add(path)
    return files, folders


def main():
    unittest.main(verbosity=2)
