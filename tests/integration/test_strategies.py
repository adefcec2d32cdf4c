#!/usr/bin/env python3
"""Listing strategies (walk, File List, AQL, auto) give the same tree; auto falls back when a
method is refused or rate-limited, also in the middle of a run; AQL paging survives trimmed and
short pages. Runs against its own fixture (its knobs change here)."""
import json
import os
import re
import shutil
import tempfile
import unittest

from harness import (EXIT_DIFFERENCES, EXIT_SUCCESS, MAVEN_REPO, fixture_config, fixture_env, fixture_stats,
                     listed_paths, local_tree, main, run_arty, run_into_head)

STRATEGIES = ("walk", "list", "aql", "auto")


def stats_delta(before, after, key):
    return after.get(key, 0) - before.get(key, 0)


class StrategiesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = fixture_env()
        cls.base = cls.env["BASE_URL"]
        cls.maven = local_tree(MAVEN_REPO)
        cls.special = local_tree(os.environ["ARTY_SPECIAL_TREE"])

    def setUp(self):
        fixture_config(file_list=0, file_list_after=0, aql=0, aql_after=0, aql_max_limit=0,
                       clear_aql_hide=1)

    def ls(self, url, *args):
        before = fixture_stats()
        code, out, err = run_arty("ls", "-R", "-v", *args, url)
        after = fixture_stats()
        self.assertEqual(code, EXIT_SUCCESS, err[-3000:])
        return out, err, {key: stats_delta(before, after, key) for key in after
                          if isinstance(after[key], int)}

    def test_every_strategy_lists_the_same_tree(self):
        for repo, tree in (("maven-local", self.maven), ("special", self.special)):
            for strategy in STRATEGIES:
                with self.subTest(repo=repo, strategy=strategy):
                    out, _, _ = self.ls(f"{self.base}/{repo}/", "--strategy", strategy)
                    self.assertEqual(listed_paths(out), tree)

    def test_every_strategy_gives_the_same_sizes_and_checksums(self):
        records = {}
        for strategy in STRATEGIES:
            out, _, counts = self.ls(f"{self.base}/special/", "-l", "--json", "--strategy",
                                     strategy)
            records[strategy] = {}
            for line in out.decode().splitlines():
                record = json.loads(line)
                if record["type"] == "file":
                    real = os.path.join(os.environ["ARTY_SPECIAL_TREE"], record["path"])
                    self.assertEqual(record["size"], os.path.getsize(real), record["path"])
                    records[strategy][record["path"]] = (record["sha1"], record["sha256"])
            if strategy in ("list", "aql"):
                # Sizes and checksums came with the listing: no File Info, no Folder Info.
                self.assertEqual(counts["storage_file"], 0, strategy)
        self.assertEqual(records["walk"], records["list"])
        self.assertEqual(records["walk"], records["aql"])
        self.assertEqual(records["walk"], records["auto"])

    def test_max_depth_with_every_strategy(self):
        expected = None
        for strategy in STRATEGIES:
            out, _, _ = self.ls(f"{self.base}/maven-local/", "-d", "2", "--strategy", strategy)
            files, folders = listed_paths(out)
            self.assertTrue(all(path.count("/") <= 1 for path in files | folders))
            if expected is None:
                expected = (files, folders)
            self.assertEqual((files, folders), expected, strategy)

    def test_auto_lists_a_tree_that_fits_the_bound_in_one_request(self):
        out, err, counts = self.ls(f"{self.base}/maven-local/")
        self.assertEqual(listed_paths(out), self.maven)
        self.assertEqual((counts["total"], counts["file_list"]), (1, 1))
        self.assertRegex(err, rf"arty: {len(self.maven[1]) + 1} folders listed by 1 File List "
                              r"or AQL listings of subtrees, 0 by Folder Info")

    def test_auto_keeps_every_response_under_the_bound(self):
        # maven-local's File List is 677 KB, org's 473 KB: with a bound of 100,000 bytes both are
        # abandoned and split, the smaller subtrees come in one File List each.
        bound = 100_000
        out, err, counts = self.ls(f"{self.base}/maven-local/", "--bulk-response-limit",
                                   str(bound))
        self.assertEqual(listed_paths(out), self.maven)
        received = [int(size) for size in re.findall(r"\?list&.* -> 200 in \d+ ms, (\d+) bytes",
                                                     err)]
        self.assertGreater(len(received), 20)
        self.assertLessEqual(max(received), bound)
        self.assertIn('"org" failed', err)          # abandoned past the bound, split
        self.assertIn("walked instead", err)
        self.assertGreaterEqual(counts["storage_folder"], 2)   # the root and org at least
        self.assertLess(counts["total"], len(self.maven[1]) / 4)

    def test_auto_uses_aql_when_file_list_is_refused(self):
        fixture_config(file_list=403)
        out, err, counts = self.ls(f"{self.base}/maven-local/")
        self.assertEqual(listed_paths(out), self.maven)
        self.assertEqual(counts["file_list"], 1, "File List is probed once, then not used again")
        self.assertGreater(counts["aql"], 0)
        self.assertEqual(counts["storage_folder"], 1)
        self.assertIn("File List not allowed", err)

    def test_auto_walks_when_both_are_refused(self):
        fixture_config(file_list=405, aql=403)
        out, err, counts = self.ls(f"{self.base}/maven-local/")
        self.assertEqual(listed_paths(out), self.maven)
        self.assertEqual(counts["file_list"], 1)
        self.assertEqual(counts["aql"], 1)
        self.assertEqual(counts["storage_folder"], len(self.maven[1]) + 1)
        self.assertIn("AQL not allowed", err)

    def test_auto_survives_file_list_rate_limited_mid_run(self):
        # A small bound makes many File Lists; the fourth and the ones after it are refused.
        fixture_config(file_list=429, file_list_after=3, aql=403)
        out, err, counts = self.ls(f"{self.base}/maven-local/", "--bulk-response-limit", "100000")
        self.assertEqual(listed_paths(out), self.maven)
        self.assertGreaterEqual(counts["file_list_refused"], 1)
        self.assertGreater(counts["storage_folder"], 1)
        self.assertIn("429", err)

    def test_auto_survives_aql_refused_mid_run(self):
        # File List refused at the root: the root by Folder Info, its children by AQL, until AQL
        # fails (500: those subtrees are walked at their top, their children try AQL again).
        fixture_config(file_list=403, aql=500, aql_after=4)
        out, _, counts = self.ls(f"{self.base}/maven-local/")
        self.assertEqual(listed_paths(out), self.maven)
        self.assertGreaterEqual(counts["aql_refused"], 1)

    def test_aql_pages_trimmed_by_the_server(self):
        fixture_config(aql_max_limit=100)
        out, _, counts = self.ls(f"{self.base}/maven-local/", "--strategy", "aql")
        self.assertEqual(listed_paths(out), self.maven)
        items = len(self.maven[0]) + len(self.maven[1])
        # The first page is trimmed to 100, the next ones ask for 100: about items / 100 pages.
        self.assertGreaterEqual(counts["aql"], items // 100)

    def test_aql_query_stops_when_the_output_is_closed(self):
        # `| head -n 1`: the query must not page on to its end once nobody reads.
        fixture_config(aql_max_limit=100)
        before = fixture_stats()
        done = run_into_head("ls", "-R", "-q", "--strategy", "aql", f"{self.base}/maven-local/",
                             lines=1)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(len(done.stdout.splitlines()), 1)
        pages = stats_delta(before, fixture_stats(), "aql")
        _, _, full = self.ls(f"{self.base}/maven-local/", "--strategy", "aql")
        self.assertGreater(full["aql"], 30)
        self.assertLess(pages, full["aql"] / 2)

    def test_aql_short_pages_are_not_the_end(self):
        # Results hidden after the limit (as permissions are): pages come back short.
        fixture_config(aql_max_limit=100, aql_hide="maven-local/*.pom")
        out, _, _ = self.ls(f"{self.base}/maven-local/", "--strategy", "aql")
        files, folders = listed_paths(out)
        self.assertEqual(folders, self.maven[1])
        self.assertEqual(files, {path for path in self.maven[0] if not path.endswith(".pom")})

    def test_explicit_strategy_refused_is_an_error(self):
        fixture_config(file_list=403)
        code, out, err = run_arty("ls", "-R", "--strategy", "list", f"{self.base}/maven-local/")
        self.assertNotEqual(code, EXIT_SUCCESS)
        self.assertEqual(out, b"")
        self.assertIn("403", err)

    def test_strategy_on_a_subfolder_and_a_file(self):
        folder = "org/apache"
        expected_files = {p[len(folder) + 1:] for p in self.maven[0] if p.startswith(folder + "/")}
        some_file = sorted(self.maven[0])[0]
        for strategy in STRATEGIES:
            out, _, _ = self.ls(f"{self.base}/maven-local/{folder}/", "--strategy", strategy)
            self.assertEqual(listed_paths(out)[0], expected_files, strategy)
            out, _, _ = self.ls(f"{self.base}/maven-local/{some_file}", "--strategy", strategy)
            self.assertEqual(out.decode().strip(), os.path.basename(some_file), strategy)

    def test_get_and_check_say_how_the_listing_went(self):
        folders = len(self.special[1]) + 1  # the root is listed too
        empty = tempfile.mkdtemp(prefix="arty-strategies-")
        try:
            for strategy, expected in (
                    ("auto", rf"arty: {folders} folders listed by 1 File List or AQL listings of "
                             r"subtrees, 0 by Folder Info"),
                    ("walk", rf"arty: 0 folders listed by 0 File List or AQL listings of "
                             rf"subtrees, {folders} by Folder Info")):
                url = f"{self.base}/special/"
                code, _, err = run_arty("get", "-v", "--dry-run", "--strategy", strategy, url,
                                        os.path.join(empty, "mirror"))
                self.assertEqual(code, EXIT_SUCCESS, err[-3000:])
                self.assertRegex(err, expected, "get " + strategy)
                code, _, err = run_arty("check", "-v", "--strategy", strategy, url, empty)
                self.assertEqual(code, EXIT_DIFFERENCES, err[-3000:])  # every file is missing
                self.assertRegex(err, expected, "check " + strategy)
        finally:
            shutil.rmtree(empty, ignore_errors=True)


if __name__ == "__main__":
    main()
