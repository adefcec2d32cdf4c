#!/usr/bin/env python3
"""Failures give clear messages and the documented exit codes (docs/exit-codes.md).

The fixture of this test answers `maven-local/commons-cli` with 500 and `maven-local/args4j`
with 403, always (fixture.py --fail-path).
"""
import json
import socket
import unittest

from harness import (EXIT_NETWORK, EXIT_NOT_FOUND, EXIT_PARTIAL, EXIT_USAGE, MAVEN_REPO,
                     fixture_env, listed_paths, local_tree, main, run_arty)

FAILED = {"commons-cli": 500, "args4j": 403}


class LsErrorsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = fixture_env()
        cls.url = cls.env["BASE_URL"] + "/maven-local/"

    def test_missing_path_is_not_found(self):
        code, out, err = run_arty("ls", "--strategy", "walk", "-R", self.url + "no/such/folder")
        self.assertEqual(code, EXIT_NOT_FOUND, err)
        self.assertEqual(out, b"")
        self.assertIn("does not exist", err)
        self.assertIn("404", err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)

    def test_missing_repository_is_not_found(self):
        code, _, err = run_arty("ls", "--strategy", "walk", self.env["BASE_URL"] + "/no-such-repo/")
        self.assertEqual(code, EXIT_NOT_FOUND, err)

    def test_failing_folders_are_reported_and_the_rest_is_listed(self):
        code, out, err = run_arty("ls", "--strategy", "walk", "-R", self.url)
        self.assertEqual(code, EXIT_PARTIAL, err)
        files, folders = listed_paths(out)
        real_files, real_folders = local_tree(MAVEN_REPO)
        outside = lambda path: path.split("/")[0] not in FAILED or "/" not in path
        self.assertEqual(files, {f for f in real_files if outside(f)})
        self.assertEqual(folders, {f for f in real_folders if outside(f)})
        for folder, status in FAILED.items():
            line = next((l for l in err.splitlines() if f"failed: {folder}:" in l), None)
            self.assertIsNotNone(line, err)
            self.assertIn(f"HTTP {status}", line)
        self.assertIn("2 failed", err.strip().splitlines()[-1])

    def test_json_stream_carries_error_records(self):
        code, out, err = run_arty("ls", "--strategy", "walk", "-R", "--json", self.url)
        self.assertEqual(code, EXIT_PARTIAL, err)
        errors = [json.loads(l) for l in out.decode().splitlines() if '"type":"error"' in l]
        self.assertEqual({(e["path"], e["status"]) for e in errors}, set(FAILED.items()))
        self.assertTrue(all(e["message"] for e in errors))

    def test_connection_refused_is_one_clear_line(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        # Nothing listens on `port` now; retries of the refused connection are bounded.
        code, out, err = run_arty("ls", "--strategy", "walk", f"http://127.0.0.1:{port}/artifactory/repo/")
        self.assertEqual(code, EXIT_NETWORK, err)
        self.assertEqual(out, b"")
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("127.0.0.1", err)

    def test_unknown_host_is_one_clear_line(self):
        code, out, err = run_arty("ls", "--strategy", "walk", "http://no-such-host.invalid/artifactory/repo/")
        self.assertEqual(code, EXIT_NETWORK, err)
        self.assertEqual(out, b"")
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("no-such-host.invalid", err)

    def test_bad_urls_are_usage_errors(self):
        for url in ("ftp://host/artifactory/repo", "http://host/no-context/repo",
                    "http://host/artifactory/", "not a url"):
            code, out, err = run_arty("ls", "--strategy", "walk", url)
            self.assertEqual(code, EXIT_USAGE, (url, err))
            self.assertEqual(out, b"")

    def test_unknown_option_is_a_usage_error(self):
        code, _, err = run_arty("ls", "--strategy", "walk", "--no-such-option", self.url)
        self.assertEqual(code, EXIT_USAGE, err)

    def test_help_exits_zero(self):
        code, out, _ = run_arty("ls", "--strategy", "walk", "--help")
        self.assertEqual(code, 0)
        self.assertIn(b"File Info", out)


if __name__ == "__main__":
    main()
