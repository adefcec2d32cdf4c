#!/usr/bin/env python3
"""`arty ls` on the real Maven repository served as `maven-local`: the listing is exact."""
import json
import os
import re
import unittest

from harness import (MAVEN_REPO, AccessLog, fixture_env, interrupt_arty, listed_paths, local_tree,
                     main, run_arty, run_into_head)


class LsMavenRepoTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = fixture_env()
        cls.url = cls.env["BASE_URL"] + "/maven-local/"
        cls.files, cls.folders = local_tree(MAVEN_REPO)
        assert len(cls.folders) >= 1000, "the Maven repository should have 1,000 folders or more"

    def assert_exact(self, code, out, err):
        self.assertEqual(code, 0, err)
        files, folders = listed_paths(out)
        self.assertEqual(files, self.files)
        self.assertEqual(folders, self.folders)

    def test_recursive_listing_equals_find(self):
        code, out, err = run_arty("ls", "-R", "--strategy", "walk", self.url)
        self.assert_exact(code, out, err)
        self.assertEqual(len(out.splitlines()), len(self.files) + len(self.folders), "no duplicates")
        summary = err.strip().splitlines()[-1]
        match = re.match(r"arty: (\d+) folders, (\d+) files, (\d+) requests, (\d+) retries, 0 failed", summary)
        self.assertIsNotNone(match, summary)
        self.assertEqual(int(match.group(1)), len(self.folders))
        self.assertEqual(int(match.group(2)), len(self.files))
        self.assertEqual(int(match.group(3)), len(self.folders) + 1, "one request per folder")

    def test_one_job_lists_the_same(self):
        self.assert_exact(*run_arty("ls", "-R", "-j", "1", "-q", self.url))

    def test_many_jobs_list_the_same(self):
        self.assert_exact(*run_arty("ls", "-R", "-j", "256", "-q", self.url))

    def test_https_http2_lists_the_same(self):
        url = self.env["HTTPS_BASE_URL"] + "/maven-local/"
        self.assert_exact(*run_arty("ls", "-R", "-j", "64", "--cacert", self.env["CACERT"], url))

    def test_https_http2_multiplexes_on_few_connections(self):
        url = self.env["HTTPS_BASE_URL"] + "/maven-local/"
        log = AccessLog()
        self.assert_exact(*run_arty("ls", "-R", "-j", "64", "--strategy", "walk", "--cacert",
                                    self.env["CACERT"], url))
        lines = log.lines()
        self.assertEqual(len(lines), len(self.folders) + 1)
        self.assertTrue(all('HTTP/2.0"' in line for line in lines), lines[0])
        self.assertLessEqual(len(log.connections()), 2, "requests multiplexed on one connection")

    def test_https_http1_lists_the_same(self):
        url = self.env["HTTPS_BASE_URL"] + "/maven-local/"
        self.assert_exact(*run_arty("ls", "-R", "--http", "1.1", "--cacert", self.env["CACERT"], url))

    def test_keep_alive_reuses_connections(self):
        log = AccessLog()
        self.assert_exact(*run_arty("ls", "-R", "-j", "8", "-q", "--strategy", "walk", self.url))
        lines = log.lines()
        self.assertEqual(len(lines), len(self.folders) + 1)
        self.assertTrue(all('HTTP/1.1"' in line for line in lines), lines[0])
        self.assertLessEqual(len(log.connections()), 8, "at most one connection per job")

    def test_https_without_cacert_fails_verification(self):
        url = self.env["HTTPS_BASE_URL"] + "/maven-local/"
        code, out, err = run_arty("ls", url)
        self.assertEqual(code, 6, err)
        self.assertEqual(out, b"")
        self.assertIn("certificate", err.lower())

    def test_base_url_option_with_repo_path(self):
        code, out, err = run_arty("ls", "-R", "--url", self.env["BASE_URL"], "maven-local")
        self.assert_exact(code, out, err)
        code, out, err = run_arty("ls", "-R", "maven-local/", env={"ARTY_URL": self.env["BASE_URL"]})
        self.assert_exact(code, out, err)

    def test_without_recursion_lists_children_only(self):
        code, out, err = run_arty("ls", self.url)
        self.assertEqual(code, 0, err)
        expected = {name + ("/" if os.path.isdir(os.path.join(MAVEN_REPO, name)) else "")
                    for name in os.listdir(MAVEN_REPO)}
        self.assertEqual(set(out.decode().splitlines()), expected)

    def test_max_depth_two(self):
        code, out, err = run_arty("ls", "-d", "2", self.url)
        self.assertEqual(code, 0, err)
        files, folders = listed_paths(out)
        self.assertEqual(folders, {f for f in self.folders if f.count("/") <= 1})
        self.assertEqual(files, {f for f in self.files if f.count("/") <= 1})

    def test_subfolder_paths_are_relative_to_the_url(self):
        sub = "com/google"
        code, out, err = run_arty("ls", "-R", self.url + sub)
        self.assertEqual(code, 0, err)
        files, folders = listed_paths(out)
        self.assertEqual(files, {f[len(sub) + 1:] for f in self.files if f.startswith(sub + "/")})
        self.assertEqual(folders, {f[len(sub) + 1:] for f in self.folders if f.startswith(sub + "/")})

    def test_files_only_and_dirs_only(self):
        code, out, _ = run_arty("ls", "-R", "--files-only", "-q", self.url)
        self.assertEqual(code, 0)
        self.assertEqual(set(out.decode().splitlines()), self.files)
        code, out, _ = run_arty("ls", "-R", "--dirs-only", "-q", self.url)
        self.assertEqual(code, 0)
        self.assertEqual(set(out.decode().splitlines()), {f + "/" for f in self.folders})

    def test_sort_orders_by_path(self):
        code, out, _ = run_arty("ls", "-R", "--sort", "--files-only", "-q", self.url)
        self.assertEqual(code, 0)
        lines = out.decode().splitlines()
        self.assertEqual(lines, sorted(self.files))

    def test_nul_separated(self):
        code, out, _ = run_arty("ls", "-R", "-0", "-q", self.url)
        self.assertEqual(code, 0)
        self.assertNotIn(b"\n", out)
        files, folders = listed_paths(out, separator=b"\0")
        self.assertEqual((files, folders), (self.files, self.folders))

    def test_json_lines_parse_back(self):
        code, out, _ = run_arty("ls", "-R", "--json", "-q", self.url)
        self.assertEqual(code, 0)
        records = [json.loads(line) for line in out.decode().splitlines()]
        self.assertEqual({r["path"] for r in records if r["type"] == "file"}, self.files)
        self.assertEqual({r["path"] for r in records if r["type"] == "folder"}, self.folders)

    def test_long_format_and_json_details_match_the_files(self):
        sub = "com/google/guava"
        code, out, err = run_arty("ls", "-R", "-l", "--json", self.url + sub)
        self.assertEqual(code, 0, err)
        records = [json.loads(line) for line in out.decode().splitlines()]
        checked = 0
        for record in records:
            if record["type"] != "file":
                continue
            real = os.path.join(MAVEN_REPO, sub, record["path"])
            self.assertEqual(record["size"], os.path.getsize(real), record["path"])
            self.assertRegex(record["lastModified"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
            self.assertEqual(len(record["sha256"]), 64)
            checked += 1
        self.assertGreater(checked, 0)
        code, out, err = run_arty("ls", "-R", "-l", self.url + sub)
        self.assertEqual(code, 0, err)
        for line in out.decode().splitlines():
            size, rest = line.split(None, 1)
            path = rest.rsplit("  ", 1)[-1].strip()
            if not path.endswith("/"):
                self.assertEqual(int(size), os.path.getsize(os.path.join(MAVEN_REPO, sub, path)))

    def test_a_file_url_lists_that_file(self):
        jar = sorted(f for f in self.files if f.endswith(".pom"))[0]
        code, out, err = run_arty("ls", self.url + jar)
        self.assertEqual(code, 0, err)
        self.assertEqual(out.decode(), os.path.basename(jar) + "\n")

    def test_ctrl_c_stops_with_a_summary_and_exit_130(self):
        # A walk with -j 1 at the fixture's 2 ms latency takes several seconds: long enough to
        # interrupt. stdout is not read until the signal: arty is also blocked writing to the
        # full pipe, and the write must go on after the signal (no "Interrupted system call").
        code, out, err, seconds = interrupt_arty("ls", "-R", "-j", "1", "--strategy", "walk",
                                                 self.url)
        self.assertLess(seconds, 1.0, "stops within a second")
        self.assertEqual(code, 130, err)
        self.assertRegex(err.strip().splitlines()[-1], r"^arty: \d+ folders, \d+ files")
        files, _ = listed_paths(out)
        self.assertLess(len(files), len(self.files))

    def test_closed_pipe_ends_quietly(self):
        done = run_into_head("ls", "-R", "-q", self.url, lines=5)
        self.assertEqual(len(done.stdout.splitlines()), 5)
        self.assertEqual(done.stderr, b"")
        self.assertEqual(done.returncode, 0)


if __name__ == "__main__":
    main()
