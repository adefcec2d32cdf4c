#!/usr/bin/env python3
"""`arty find` on the real Maven repository served as `maven-local`: each filter selects exactly
what GNU `find -L` selects on the source tree (the fixture follows symlinks like `find -L` and
serves each file's mtime, to the millisecond, as lastModified)."""
import json
import os
import re
import subprocess
import time
import unittest

from harness import (EXIT_USAGE, MAVEN_REPO, AccessLog, fixture_env, listed_paths, main,
                     run_arty)


def gnu_find(*tests, prune=(), maxdepth=None):
    """Paths `find -L . -mindepth 1 [-maxdepth N] [( -name P1 -o ... ) -prune -o] TESTS -printf`
    prints in the Maven repository, as arty prints them (relative, folders ending with '/')."""
    command = ["find", "-L", ".", "-mindepth", "1"]
    if maxdepth is not None:
        command += ["-maxdepth", str(maxdepth)]
    if prune:
        names = [arg for name in prune for arg in ("-o", "-name", name)][1:]
        command += ["(", *names, ")", "-prune", "-o"]
    out = subprocess.check_output([*command, *tests, "-printf", "%P\t%Y\n"], cwd=MAVEN_REPO)
    paths = set()
    for line in out.decode().splitlines():
        path, kind = line.rsplit("\t", 1)
        paths.add(path + "/" if kind == "d" else path)
    return paths


def iso_utc(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


class FindTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = fixture_env()
        cls.url = cls.env["BASE_URL"] + "/maven-local/"

    def find(self, *args, expect_code=0):
        code, out, err = run_arty("find", "-q", *args, self.url)
        self.assertEqual(code, expect_code, err)
        return out

    def assert_finds(self, arty_args, find_tests, at_least=1, **find_options):
        expected = gnu_find(*find_tests, **find_options)
        self.assertGreaterEqual(len(expected), at_least, "the test needs a non-trivial selection")
        out = self.find(*arty_args)
        lines = out.decode().splitlines()
        self.assertEqual(len(lines), len(set(lines)), "no duplicates")
        self.assertEqual(set(lines), expected)
        return lines

    def test_without_tests_finds_everything(self):
        self.assert_finds([], [], at_least=3000)

    def test_two_names_are_alternatives(self):
        self.assert_finds(["--name", "*.pom", "--name", "guava*"],
                          ["(", "-name", "*.pom", "-o", "-name", "guava*", ")"], at_least=500)

    def test_name_matches_folders_too(self):
        lines = self.assert_finds(["--name", "debian"], ["-name", "debian"], at_least=100)
        self.assertTrue(all(line.endswith("debian/") for line in lines))

    def test_path_glob_crosses_slashes(self):
        self.assert_finds(["--path", "org/apache/*/debian/*.pom"],
                          ["-path", "./org/apache/*/debian/*.pom"], at_least=10)

    def test_exclude_prunes_folders(self):
        lines = self.assert_finds(["--exclude", "debian"], [], prune=["debian"], at_least=1000)
        self.assertFalse(any("debian" in line.split("/") for line in lines))

    def test_two_excludes_with_type_f(self):
        self.assert_finds(["--exclude", "debian", "--exclude", "*.jar", "--type", "f"],
                          ["-type", "f"], prune=["debian", "*.jar"], at_least=100)

    def test_filters_with_every_strategy(self):
        # AQL gets the name, exclude, size and time tests as server-side criteria; the others
        # filter what they list. All must select what find selects.
        boundary = self.mtime_boundary()
        cases = [
            (["--name", "*.pom", "--name", "guava*"],
             ["(", "-name", "*.pom", "-o", "-name", "guava*", ")"], {}),
            (["--exclude", "debian", "--exclude", "*.jar", "--type", "f"], ["-type", "f"],
             {"prune": ["debian", "*.jar"]}),
            (["--size", "+1k", "--size=-1M", "--name", "*.jar"],
             ["-type", "f", "-name", "*.jar", "-size", "+1024c", "-size", "-1048576c"], {}),
            (["--newer", iso_utc(boundary)], ["-type", "f", "-newermt", f"@{boundary}"], {}),
            (["--type", "d", "--name", "debian"], ["-type", "d", "-name", "debian"], {}),
        ]
        for strategy in ("walk", "list", "aql", "auto"):
            for arty_args, find_tests, options in cases:
                with self.subTest(strategy=strategy, args=arty_args):
                    self.assert_finds(["--strategy", strategy, *arty_args], find_tests, **options)

    def test_aql_asks_the_server_for_matching_files_only(self):
        def bytes_received(*args):
            code, _, err = run_arty("find", "-q", "-v", "--strategy", "aql", *args, self.url)
            self.assertEqual(code, 0, err[-2000:])
            return int(re.search(r"arty: (\d+) bytes received", err).group(1))
        everything = bytes_received()
        poms = bytes_received("--name", "*.pom")
        no_file = bytes_received("--name", "no-such-name-*")  # the folders only
        self.assertLess(no_file, everything * 0.6)
        self.assertLess(no_file, poms)
        self.assertLess(poms, everything)

    def test_excluded_folders_are_not_listed(self):
        log = AccessLog()
        self.assert_finds(["--strategy", "walk", "--exclude", "debian"], [], prune=["debian"],
                          at_least=1000)
        requests = log.lines()
        self.assertGreater(len(requests), 500)
        self.assertFalse([line for line in requests if "/debian" in line])

    def test_type_f_and_d(self):
        files = self.assert_finds(["--type", "f"], ["-type", "f"], at_least=1000)
        folders = self.assert_finds(["--type", "d"], ["-type", "d"], at_least=1000)
        self.assertFalse(any(f.endswith("/") for f in files))
        self.assertTrue(all(f.endswith("/") for f in folders))

    def test_size_larger_than_with_unit(self):
        # arty does not round to the unit: +10k is more than 10240 bytes, find's +10240c.
        self.assert_finds(["--size", "+10k"], ["-type", "f", "-size", "+10240c"], at_least=100)

    def test_size_smaller_than_with_unit(self):
        self.assert_finds(["--size", "-2k"], ["-type", "f", "-size", "-2048c"], at_least=100)

    def test_size_range_and_exact(self):
        self.assert_finds(["--size", "+1k", "--size=-1M"],
                          ["-type", "f", "-size", "+1024c", "-size", "-1048576c"], at_least=100)
        sizes = subprocess.check_output(["find", "-L", ".", "-type", "f", "-printf", "%s\n"],
                                        cwd=MAVEN_REPO).decode().split()
        common = max(set(sizes), key=sizes.count)
        self.assert_finds(["--size", common], ["-type", "f", "-size", common + "c"], at_least=2)

    def mtime_boundary(self):
        """A whole second S with files modified before it and after S + 1 and none in between,
        so that `-newermt @S` and arty's millisecond times agree exactly."""
        mtimes = sorted({os.stat(os.path.join(MAVEN_REPO, p)).st_mtime
                         for p in gnu_find("-type", "f")})
        for low, high in zip(mtimes[len(mtimes) // 2:], mtimes[len(mtimes) // 2 + 1:]):
            if int(high) - int(low) >= 2:
                return int(low) + 1
        self.fail("no gap of 2 s between file mtimes")

    def test_newer_and_older_split_at_a_boundary(self):
        boundary = self.mtime_boundary()
        newer = self.assert_finds(["--newer", iso_utc(boundary)],
                                  ["-type", "f", "-newermt", f"@{boundary}"])
        older = self.assert_finds(["--older", iso_utc(boundary)],
                                  ["-type", "f", "!", "-newermt", f"@{boundary}"])
        self.assertEqual(len(newer) + len(older), len(gnu_find("-type", "f")))
        # The same instant with an offset, and combined with a name.
        shifted = time.strftime("%Y-%m-%dT%H:%M:%S+02:00", time.gmtime(boundary + 7200))
        self.assert_finds(["--newer", shifted, "--name", "*.pom"],
                          ["-type", "f", "-name", "*.pom", "-newermt", f"@{boundary}"])

    def test_durations_count_back_from_now(self):
        self.assert_finds(["--older", "1h"], ["-type", "f"], at_least=1000)
        self.assertEqual(self.find("--newer", "1h"), b"")

    def test_max_depth(self):
        self.assert_finds(["-d", "2"], [], maxdepth=2, at_least=10)
        self.assert_finds(["-d", "3", "--type", "d", "--exclude", "org"], ["-type", "d"],
                          maxdepth=3, prune=["org"], at_least=10)

    def test_summary_counts_matches(self):
        code, out, err = run_arty("find", "--name", "*.pom", self.url)
        self.assertEqual(code, 0, err)
        match = re.match(r"arty: (\d+) folders, (\d+) files, (\d+) matched, (\d+) requests",
                         err.strip().splitlines()[-1])
        self.assertIsNotNone(match, err)
        self.assertEqual(int(match.group(3)), len(out.splitlines()))
        self.assertEqual(int(match.group(3)), len(gnu_find("-name", "*.pom")))
        self.assertEqual(int(match.group(1)), len(gnu_find("-type", "d")))

    def test_walk_without_size_or_time_makes_no_file_info_requests(self):
        code, _, err = run_arty("find", "--strategy", "walk", "--name", "*.pom", self.url)
        self.assertEqual(code, 0, err)
        match = re.search(r"(\d+) folders, \d+ files, \d+ matched, (\d+) requests", err)
        self.assertIsNotNone(match, err)
        self.assertEqual(int(match.group(2)), int(match.group(1)) + 1, "one request per folder")

    def test_long_format_has_sizes(self):
        expected = {p: os.path.getsize(os.path.join(MAVEN_REPO, p))
                    for p in gnu_find("-type", "f", "-size", "+100000c")}
        out = self.find("--size", "+100000", "-l")
        got = {}
        for line in out.decode().splitlines():
            size, day, clock, path = line.split(None, 3)
            self.assertRegex(f"{day} {clock}", r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
            got[path] = int(size)
        self.assertEqual(got, expected)

    def test_json_records(self):
        out = self.find("--json", "--name", "*.jar", "--size", "-50k")
        records = [json.loads(line) for line in out.decode().splitlines()]
        expected = gnu_find("-type", "f", "-name", "*.jar", "-size", "-51200c")
        self.assertEqual({r["path"] for r in records}, expected)
        for record in records:
            self.assertEqual(record["type"], "file")
            self.assertEqual(record["size"], os.path.getsize(os.path.join(MAVEN_REPO, record["path"])))
            self.assertRegex(record["lastModified"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        out = self.find("--json", "--type", "d", "--name", "debian")
        records = [json.loads(line) for line in out.decode().splitlines()]
        self.assertEqual({r["type"] for r in records}, {"folder"})
        self.assertEqual({r["path"] + "/" for r in records}, gnu_find("-type", "d", "-name", "debian"))

    def test_nul_separated(self):
        out = self.find("-0", "--name", "*.pom")
        self.assertNotIn(b"\n", out)
        self.assertTrue(out.endswith(b"\0"))
        files, folders = listed_paths(out, separator=b"\0")
        self.assertEqual(files, gnu_find("-name", "*.pom"))
        self.assertEqual(folders, set())

    def test_sort(self):
        out = self.find("--sort", "--type", "f", "--name", "*.pom")
        lines = out.decode().splitlines()
        self.assertEqual(lines, sorted(gnu_find("-type", "f", "-name", "*.pom")))

    def test_bad_arguments_are_usage_errors(self):
        for args, message in ((["--size", "10x"], "unknown unit"),
                              (["--size", "1.5M"], "size '1.5M'"),
                              (["--newer", "yesterday"], "time 'yesterday'"),
                              (["--older", "7"], "needs a unit"),
                              (["--type", "l"], "--type")):
            code, out, err = run_arty("find", *args, self.url)
            self.assertEqual(code, EXIT_USAGE, (args, err))
            self.assertEqual(out, b"")
            self.assertIn(message, err)


if __name__ == "__main__":
    main()
