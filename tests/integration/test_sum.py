#!/usr/bin/env python3
"""`arty sum` on a copy of the real Maven repository: `sha256sum -c` (md5sum, sha1sum) accepts its
output, paths are those of `find -L`, names GNU escapes round-trip, JSON parses back, failures
give exit 3. Needs no server."""
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import (EXIT_NOT_FOUND, EXIT_PARTIAL, MAVEN_REPO, interrupt_arty, local_tree, main,
                     run_arty, run_into_head)

GNU_TOOLS = {"md5": "md5sum", "sha1": "sha1sum", "sha256": "sha256sum"}


def run_in(cwd, *args):
    """Runs arty sum in `cwd` (so that printed paths are relative to it)."""
    full_env = dict(os.environ, LC_ALL="C")
    done = subprocess.run([os.environ["ARTY_BIN"], "sum", *args], cwd=cwd, capture_output=True,
                          env=full_env, timeout=300)
    return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace")


def gnu_check(tool, sums, cwd):
    """`tool -c --strict` of the lines in `sums` from `cwd`: (exit code, stdout)."""
    done = subprocess.run([tool, "-c", "--strict", "-"], cwd=cwd, input=sums, capture_output=True,
                          env=dict(os.environ, LC_ALL="C"), timeout=300)
    return done.returncode, done.stdout.decode("utf-8", "replace")


class SumTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="arty_sum_")
        cls.repo = os.path.join(cls.work, "repo")
        subprocess.check_call(["cp", "-rL", MAVEN_REPO, cls.repo])
        cls.files, _ = local_tree(cls.repo)
        assert len(cls.files) > 1000

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def test_sha256sum_accepts_every_line(self):
        code, out, err = run_in(self.work, "repo")
        self.assertEqual(code, 0, err)
        lines = out.decode().splitlines()
        self.assertEqual(len(lines), len(self.files))
        paths = {line.split("  ", 1)[1] for line in lines}
        self.assertEqual(paths, {"repo/" + f for f in self.files}, "the paths `find -L` prints")
        code, report = gnu_check("sha256sum", out, self.work)
        self.assertEqual(code, 0, report)
        self.assertEqual(report.count(": OK\n"), len(self.files))
        self.assertRegex(err.strip().splitlines()[-1],
                         rf"^arty: {len(self.files)} files, \d+ bytes, 0 failed, [\d.]+ s, [\d.]+ MB/s$")

    def test_md5sum_and_sha1sum_accept_their_algorithms(self):
        for algorithm in ("md5", "sha1"):
            code, out, err = run_in(self.work, "--algo", algorithm, "-q", "repo/")
            self.assertEqual(code, 0, err)
            self.assertEqual(err, "", "-q prints nothing on stderr")
            paths = {line.split("  ", 1)[1] for line in out.decode().splitlines()}
            self.assertEqual(paths, {"repo/" + f for f in self.files}, "DIR/ is not doubled")
            code, report = gnu_check(GNU_TOOLS[algorithm], out, self.work)
            self.assertEqual(code, 0, report)
            self.assertEqual(report.count(": OK\n"), len(self.files))

    def test_absolute_folder_is_checked_from_anywhere(self):
        code, out, err = run_in("/", "-q", self.repo)
        self.assertEqual(code, 0, err)
        code, report = gnu_check("sha256sum", out, "/")
        self.assertEqual(code, 0, report)

    def test_sort_orders_by_path(self):
        code, out, err = run_in(self.work, "--sort", "-q", "repo")
        self.assertEqual(code, 0, err)
        paths = [line.split(b"  ", 1)[1] for line in out.splitlines()]
        self.assertEqual(paths, sorted(paths))
        self.assertEqual(len(paths), len(self.files))

    def test_json_lines_parse_back(self):
        code, out, err = run_in(self.work, "--json", "--algo", "sha1", "-q", "repo")
        self.assertEqual(code, 0, err)
        records = [json.loads(line) for line in out.decode().splitlines()]
        self.assertEqual({r["path"] for r in records}, {"repo/" + f for f in self.files})
        for record in records[:50]:
            self.assertEqual(set(record), {"type", "path", "size", "algorithm", "checksum"})
            self.assertEqual(record["type"], "file")
            self.assertEqual(record["algorithm"], "sha1")
            real = os.path.join(self.work, record["path"])
            self.assertEqual(record["size"], os.path.getsize(real))
            with open(real, "rb") as f:
                self.assertEqual(record["checksum"], hashlib.sha1(f.read()).hexdigest())

    def test_names_gnu_escapes_round_trip(self):
        folder = os.path.join(self.work, "names")
        names = ["back\\slash", "new\nline", "car\rriage", "both\\and\nmore", "plain name.txt",
                 "unicodé.txt"]
        for name in names:
            os.makedirs(os.path.join(folder, "sub"), exist_ok=True)
            with open(os.path.join(folder, "sub", name), "wb") as f:
                f.write(name.encode())
        code, out, err = run_in(self.work, "--sort", "-q", "names")
        self.assertEqual(code, 0, err)
        code, report = gnu_check("sha256sum", out, self.work)
        self.assertEqual(code, 0, report)
        self.assertEqual(report.count(": OK\n"), len(names))
        # Byte for byte what GNU sha256sum itself prints for the same files.
        gnu = subprocess.run(["sha256sum", "--", *sorted("names/sub/" + n for n in names)],
                             cwd=self.work, capture_output=True, check=True,
                             env=dict(os.environ, LC_ALL="C")).stdout
        self.assertEqual(sorted(out.splitlines()), sorted(gnu.splitlines()))
        self.assertEqual(sum(line.startswith(b"\\") for line in out.splitlines()), 4, "escaped")

    def test_a_single_file(self):
        some = sorted(self.files)[0]
        code, out, err = run_in(self.work, "-q", "repo/" + some)
        self.assertEqual(code, 0, err)
        self.assertEqual(out.decode().split("  ", 1)[1], "repo/" + some + "\n")

    def test_unreadable_entries_are_reported_and_exit_3(self):
        folder = os.path.join(self.work, "bad")
        os.makedirs(os.path.join(folder, "sub"), exist_ok=True)
        with open(os.path.join(folder, "good.txt"), "w") as f:
            f.write("good")
        os.symlink("nowhere", os.path.join(folder, "broken"))
        os.mkfifo(os.path.join(folder, "fifo"))
        os.symlink("..", os.path.join(folder, "sub", "loop"))
        code, out, err = run_in(self.work, "bad")
        self.assertEqual(code, EXIT_PARTIAL, err)
        self.assertEqual(out.decode().split("  ", 1)[1], "bad/good.txt\n", "the rest goes on")
        self.assertIn("arty: failed: bad/broken: broken symbolic link", err)
        self.assertIn("arty: failed: bad/fifo: not a regular file or folder: a FIFO", err)
        self.assertIn("arty: failed: bad/sub/loop: file system loop", err)
        self.assertRegex(err.strip().splitlines()[-1], r"^arty: 1 files, 4 bytes, 3 failed")
        code, out, err = run_in(self.work, "--json", "-q", "bad")
        self.assertEqual(code, EXIT_PARTIAL)
        records = [json.loads(line) for line in out.decode().splitlines()]
        errors = {r["path"]: r for r in records if r["type"] == "error"}
        self.assertEqual(set(errors), {"bad/broken", "bad/fifo", "bad/sub/loop"})
        self.assertEqual(errors["bad/broken"]["status"], 0)
        self.assertEqual(errors["bad/broken"]["message"], "broken symbolic link")

    def test_missing_folder_is_exit_4(self):
        code, out, err = run_arty("sum", os.path.join(self.work, "does-not-exist"))
        self.assertEqual(code, EXIT_NOT_FOUND, err)
        self.assertEqual(out, b"")
        self.assertIn("No such file or directory", err)

    def test_ctrl_c_stops_within_a_second(self):
        folder = os.path.join(self.work, "big")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "sparse.bin"), "wb") as f:
            f.truncate(16 << 30)  # 16 GiB of holes: many seconds of hashing
        code, out, err, seconds = interrupt_arty("sum", "-j", "1", folder)
        self.assertLess(seconds, 1.0, "stops within a second")
        self.assertEqual(code, 130, err)
        self.assertEqual(out, b"")
        self.assertRegex(err.strip().splitlines()[-1], r"^arty: 0 files, 0 bytes")

    def test_closed_pipe_ends_quietly(self):
        done = run_into_head("sum", "-q", self.repo, lines=5)
        self.assertEqual(len(done.stdout.splitlines()), 5)
        self.assertEqual(done.stderr, b"")
        self.assertEqual(done.returncode, 0)


if __name__ == "__main__":
    main()
