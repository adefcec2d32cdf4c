"""Shared setup for the benchmark drivers in bench/ (listing, mirror).

Paths of the checkout and of the Release build, the setup step (scripts/bootstrap, extra Debian
packages, the Release build into build-release/), the synthetic trees (fixed seed), the fixture
server (tests/fixture/fixture.py, one for every tree of a run), GNU time's usage file, the load
average and the results file. Not a benchmark itself.
"""
import datetime
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(ROOT, "tests", "fixture")
BUILD = os.path.join(ROOT, "build-release")
ARTY = os.path.join(BUILD, "src", "arty")
MAVEN_REPO = "/usr/share/maven-repo"


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def install_missing(packages):
    """packages: {path that must exist: Debian package providing it}; apt-get installs the missing."""
    missing = sorted({package for path, package in packages.items() if not os.path.exists(path)})
    if missing:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.check_call(sudo + ["apt-get", "install", "-y", "-q", *missing], stdout=sys.stderr)


def build_release():
    """scripts/build into build-release/ (Release, no tests); raises CalledProcessError on failure."""
    env = dict(os.environ, ARTY_BUILD_DIR=BUILD)
    subprocess.check_call([os.path.join(ROOT, "scripts", "build"), "-DCMAKE_BUILD_TYPE=Release",
                           "-DARTY_BUILD_TESTS=OFF"], env=env, stdout=sys.stderr)


def setup(work_dir, packages, build=True):
    """scripts/bootstrap, the extra packages (see install_missing), the Release build, work_dir."""
    subprocess.check_call([os.path.join(ROOT, "scripts", "bootstrap")], stdout=sys.stderr)
    install_missing(packages)
    if build:
        build_release()
    os.makedirs(work_dir, exist_ok=True)


def make_synthetic_tree(path, params):
    """tests/fixture/make_synthetic_tree.py PATH PARAMS --seed 1 (does nothing if already made)."""
    subprocess.check_call([sys.executable, os.path.join(FIXTURE, "make_synthetic_tree.py"), path,
                           *params, "--seed", "1"])
    return path


class Fixture:
    """One fixture server (nginx) on 127.0.0.1 serving every repo; stop() ends it by its pid file."""

    def __init__(self, state_dir, repos, seed_hash_cache=None):
        """seed_hash_cache: another fixture state dir whose hashcache.json (checksums keyed by
        device, inode, size and mtime) is copied into a new state_dir, to skip hashing again."""
        self.state_dir = state_dir
        seeded = seed_hash_cache and os.path.join(seed_hash_cache, "hashcache.json")
        ours = os.path.join(state_dir, "hashcache.json")
        if seeded and os.path.exists(seeded) and not os.path.exists(ours):
            os.makedirs(state_dir, exist_ok=True)
            shutil.copyfile(seeded, ours)
        self.py = [sys.executable, os.path.join(FIXTURE, "fixture.py")]
        args = [arg for name, path in repos.items() for arg in ("--repo", f"{name}={path}")]
        subprocess.check_call(self.py + ["start", "--state-dir", state_dir, *args],
                              stdout=subprocess.DEVNULL)
        with open(os.path.join(state_dir, "fixture.env")) as env:
            self.env = dict(line.strip().split("=", 1) for line in env if "=" in line)

    def config(self, **knobs):
        subprocess.check_call(self.py + ["config", "--state-dir", self.state_dir,
                                         *[f"{k}={v}" for k, v in knobs.items()]],
                              stdout=subprocess.DEVNULL)

    def reset_stats(self):
        subprocess.check_call(self.py + ["stats", "--state-dir", self.state_dir, "--reset"],
                              stdout=subprocess.DEVNULL)

    def stats(self):
        return json.loads(subprocess.check_output(self.py + ["stats", "--state-dir", self.state_dir]))

    def requests(self):
        return self.stats()["total"]

    def stop(self):
        subprocess.call(self.py + ["stop", "--state-dir", self.state_dir], stdout=subprocess.DEVNULL)

    def access_log_size(self):
        """Where the next line of the access log will start (see responses_since)."""
        try:
            return os.path.getsize(os.path.join(self.state_dir, "access.log"))
        except FileNotFoundError:
            return 0

    def responses_since(self, offset):
        """(method, uri, status, body bytes sent) of every request logged since access_log_size()
        returned offset, /_fixture/ control requests left out. The fixture's log line is
        ADDR [TIME] "METHOD URI PROTO" STATUS BYTES conn=... (tests/fixture/fixture.py)."""
        rows = []
        with open(os.path.join(self.state_dir, "access.log"), "rb") as log_file:
            log_file.seek(offset)
            for line in log_file.read().decode("utf-8", "replace").splitlines():
                match = ACCESS_LINE.search(line)
                if match and not match.group(2).startswith("/_fixture/"):
                    rows.append((match.group(1), match.group(2), int(match.group(3)),
                                 int(match.group(4))))
        return rows


ACCESS_LINE = re.compile(r'"(\S+) (\S+)[^"]*" (\d{3}) (\d+) ')


def usage_file():
    """Where GNU time (`/usr/bin/time -f "%M %U %S" -o FILE`) writes a child's usage."""
    return os.path.join(os.environ.get("TMPDIR", "/tmp"), f"arty-bench-usage.{os.getpid()}")


def read_usage(path):
    """Peak RSS MiB and CPU seconds from GNU time's "%M %U %S" (last line); removes the file.

    From GNU time, not os.wait4: the ru_maxrss reported for a child of this (large) Python
    process includes the pages it shared with it before exec."""
    with open(path) as usage:
        rss_kib, user, system = usage.read().split()[-3:]
    os.unlink(path)
    return int(rss_kib) / 1024, float(user) + float(system)


def load_average():
    """The 1, 5 and 15 minute load averages as "a b c"."""
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def write_results(kind, text):
    """Writes text to bench/results/KIND-<date>.md (KIND-<date>-2.md, ... when a run of the same
    minute wrote one already), prints it, logs where; returns the path."""
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    stem = os.path.join(ROOT, "bench", "results", f"{kind}-{datetime.datetime.now():%Y%m%d-%H%M}")
    path, count = stem + ".md", 1
    while os.path.exists(path):
        count += 1
        path = f"{stem}-{count}.md"
    with open(path, "w") as out:
        out.write(text + "\n")
    print(text)
    log(f"written to {path}")
    return path
