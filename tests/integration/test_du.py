#!/usr/bin/env python3
"""`arty du` on the real Maven repository served as `maven-local`: per-folder totals equal the
sums of the file sizes `find -L -type f -printf '%s %P'` gives on the source tree.

arty sums file sizes only. `du -b` would also count each folder's own size (4096 bytes and the
like), which a repository does not have, so the expected values are computed here from the file
sizes, not taken from `du`.

This test has its own fixture server: it reads the request counter and sets fail_path.
"""
import collections
import json
import re
import subprocess
import unittest

from harness import (EXIT_PARTIAL, EXIT_USAGE, MAVEN_REPO, fixture_config, fixture_env,
                     fixture_stats, main, run_arty)

FAILED_FOLDER = "commons-cli"


def source_tree():
    """(files: {path: size}, folders: set of paths) under MAVEN_REPO, as `find -L` sees them."""
    files = {}
    out = subprocess.check_output(["find", "-L", ".", "-mindepth", "1", "-type", "f", "-printf",
                                   "%s %P\n"], cwd=MAVEN_REPO)
    for line in out.decode().splitlines():
        size, path = line.split(" ", 1)
        files[path] = int(size)
    out = subprocess.check_output(["find", "-L", ".", "-mindepth", "1", "-type", "d", "-printf",
                                   "%P\n"], cwd=MAVEN_REPO)
    return files, set(out.decode().splitlines())


def expected_totals(files, folders, max_depth=None, skip=None):
    """{path: (bytes, files, subfolders)} for folders at depth <= max_depth, "." for the root;
    items under `skip` left out."""
    def kept(path):
        return skip is None or not path.startswith(skip + "/")

    def ancestors(path):
        parts = path.split("/")[:-1]
        chain = ["."] + ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
        return chain if max_depth is None else chain[:max_depth + 1]

    totals = {".": [0, 0, 0]}
    for folder in folders:
        if kept(folder) and (max_depth is None or folder.count("/") < max_depth):
            totals[folder] = [0, 0, 0]
    for path, size in files.items():
        if kept(path):
            for folder in ancestors(path):
                totals[folder][0] += size
                totals[folder][1] += 1
    for folder in folders:
        if kept(folder):
            for ancestor in ancestors(folder):
                totals[ancestor][2] += 1
    return {path: tuple(values) for path, values in totals.items()}


def du_order_key(path):
    """du's order: siblings by name, a folder after everything below it, "." last."""
    if path == ".":
        return [(1,)]
    return [(0, part) for part in path.split("/")] + [(1,)]


def parse_plain(out):
    """[(size text, files, path)] of arty du's plain lines."""
    rows = []
    for line in out.decode().splitlines():
        size, files, path = line.split("\t")
        rows.append((size, int(files), path))
    return rows


class DuTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = fixture_env()
        cls.url = cls.env["BASE_URL"] + "/maven-local/"
        cls.files, cls.folders = source_tree()
        assert len(cls.folders) >= 1000

    def du(self, *args, expect_code=0):
        code, out, err = run_arty("du", *args, self.url)
        self.assertEqual(code, expect_code, err)
        return out, err

    def assert_totals(self, max_depth, args):
        out, _ = self.du("-q", *args)
        rows = parse_plain(out)
        expected = expected_totals(self.files, self.folders, max_depth)
        self.assertEqual({path: (int(size), files) for size, files, path in rows},
                         {path: values[:2] for path, values in expected.items()})
        self.assertEqual([path for _, _, path in rows], sorted(expected, key=du_order_key))
        self.assertEqual(rows[-1][2], ".")
        return rows

    def test_totals_equal_du_b_less_the_folders_own_sizes(self):
        # GNU du itself: -L follows links as the fixture does, -l counts a file reached twice
        # twice (as the repository does); a repository folder has no size of its own, so each
        # total is du's less the sizes of the folders below (and of) it.
        out = subprocess.check_output(["du", "-b", "-L", "-l", "--max-depth=1", "."],
                                      cwd=MAVEN_REPO)
        du = {}
        for line in out.decode().splitlines():
            size, path = line.split("\t", 1)
            du["." if path == "." else path[2:]] = int(size)
        out = subprocess.check_output(["find", "-L", ".", "-type", "d", "-printf", "%s %P\n"],
                                      cwd=MAVEN_REPO)
        own = collections.Counter()
        for line in out.decode().splitlines():
            size, path = line.split(" ", 1)
            own["."] += int(size)
            if path:
                own[path.split("/")[0]] += int(size)
        for strategy in ("auto", "walk"):
            arty_out, _ = self.du("-q", "-d", "1", "--strategy", strategy)
            arty = {path: int(size) for size, _, path in parse_plain(arty_out)}
            self.assertEqual(set(arty), set(du))
            for path, size in du.items():
                self.assertEqual(arty[path], size - own[path], (strategy, path))

    def test_max_depth_one(self):
        rows = self.assert_totals(1, ["-d", "1"])
        self.assertIn("org", [path for _, _, path in rows])
        self.assertEqual(int(rows[-1][0]), sum(self.files.values()))

    def test_max_depth_two(self):
        self.assert_totals(2, ["--max-depth", "2"])

    def test_every_folder_by_default(self):
        rows = self.assert_totals(None, [])
        self.assertEqual(len(rows), len(self.folders) + 1)

    def test_summarize_prints_the_total_only(self):
        out, _ = self.du("-s")
        self.assertEqual(out.decode(), f"{sum(self.files.values())}\t{len(self.files)}\t.\n")
        self.assertEqual(self.du("-d", "0")[0], out)

    def test_human_sizes_are_rounded_up_like_du(self):
        plain, _ = self.du("-q")
        human, _ = self.du("-q", "-h")
        sizes = [line.split("\t")[0] for line in plain.decode().splitlines()]
        expected = subprocess.check_output(["numfmt", "--to=iec", "--round=up", *sizes]).decode()
        human_rows = parse_plain(human)
        self.assertEqual([size for size, _, _ in human_rows], expected.split())
        self.assertEqual([path for _, _, path in human_rows],
                         [line.split("\t")[2] for line in plain.decode().splitlines()])
        self.assertTrue(any(size.endswith("M") for size, _, _ in human_rows))
        self.assertTrue(any(re.fullmatch(r"\d\.\dK", size) for size, _, _ in human_rows))

    def test_sort_size_puts_the_largest_first(self):
        out, _ = self.du("-q", "-d", "2", "--sort", "size")
        rows = parse_plain(out)
        sizes = [int(size) for size, _, _ in rows]
        self.assertEqual(sizes, sorted(sizes, reverse=True))
        self.assertEqual(rows[0][2], ".")
        self.assertEqual(len(rows), len(expected_totals(self.files, self.folders, 2)))

    def test_json_fields(self):
        out, _ = self.du("-q", "--json", "-d", "2")
        records = [json.loads(line) for line in out.decode().splitlines()]
        expected = expected_totals(self.files, self.folders, 2)
        self.assertEqual({r["path"]: (r["size"], r["files"], r["folders"]) for r in records},
                         expected)
        self.assertTrue(all(r["type"] == "folder" and "incomplete" not in r for r in records))
        self.assertEqual(records[-1]["path"], ".")
        self.assertEqual(records[-1]["folders"], len(self.folders))

    def requests_reported(self, *args):
        """Runs `arty du -s -v ARGS`; returns (requests arty reports, the fixture's count, stderr)."""
        before = fixture_stats()["total"]
        _, err = self.du("-s", "-v", *args)
        after = fixture_stats()["total"]
        reported = [int(m.group(1)) for m in re.finditer(r"^arty: (\d+) requests$", err, re.M)]
        self.assertEqual(len(reported), 1, err)
        return reported[0], after - before, err

    def test_verbose_request_count_is_the_servers(self):
        reported, counted, err = self.requests_reported()
        self.assertEqual(reported, counted)
        summary = next(line for line in err.splitlines() if re.match(r"arty: \d+ folders", line))
        self.assertRegex(summary, rf"^arty: {len(self.folders)} folders, {len(self.files)} files, "
                                  rf"{sum(self.files.values())} bytes, {counted} requests, "
                                  r"0 retries, 0 failed, [\d.]+ s$")

    def test_walk_costs_one_request_per_folder_and_file(self):
        reported, counted, _ = self.requests_reported("--strategy", "walk")
        self.assertEqual(reported, counted)
        self.assertEqual(counted, len(self.folders) + 1 + len(self.files),
                         "one Folder Info per folder, one File Info per file")

    def test_failed_folder_makes_totals_incomplete(self):
        fixture_config(fail_path=f"maven-local/{FAILED_FOLDER}=500")
        try:
            # The failure is injected into commons-cli's Folder Info (and its own File List, not
            # its parent's): walk.
            out, err = self.du("--strategy", "walk", "-d", "1", expect_code=EXIT_PARTIAL)
            json_out, _ = self.du("--strategy", "walk", "-q", "-d", "1", "--json",
                                  expect_code=EXIT_PARTIAL)
        finally:
            fixture_config(fail_path=f"maven-local/{FAILED_FOLDER}=0")
        self.assertRegex(err, rf"arty: failed: {FAILED_FOLDER}: .*HTTP 500")
        self.assertRegex(err.strip().splitlines()[-1],
                         r", 1 failed, [\d.]+ s; totals incomplete: 1 folder failed$")
        rows = {path: (int(size), files) for size, files, path in parse_plain(out)}
        expected = expected_totals(self.files, self.folders, 1, skip=FAILED_FOLDER)
        self.assertEqual(rows, {path: values[:2] for path, values in expected.items()})
        self.assertEqual(rows[FAILED_FOLDER], (0, 0))
        records = [json.loads(line) for line in json_out.decode().splitlines()]
        incomplete = {r["path"] for r in records if r.get("incomplete")}
        self.assertEqual(incomplete, {".", FAILED_FOLDER})
        errors = [r for r in records if r["type"] == "error"]
        self.assertEqual([(e["path"], e["status"]) for e in errors], [(FAILED_FOLDER, 500)])

    def test_bad_options_are_usage_errors(self):
        for args in (["--sort", "name"], ["-d", "-1"], ["-s", "-d", "1"]):
            code, out, err = run_arty("du", *args, self.url)
            self.assertEqual(code, EXIT_USAGE, (args, err))
            self.assertEqual(out, b"")


if __name__ == "__main__":
    main()
