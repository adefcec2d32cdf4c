#!/usr/bin/env python3
"""`arty get`: the mirror is byte-identical, verified, atomic, resumable, and stays inside DIR."""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

from harness import (EXIT_INTERRUPTED, EXIT_NOT_FOUND, EXIT_PARTIAL, EXIT_SUCCESS, MAVEN_REPO,
                     AccessLog, fixture_config, fixture_env, fixture_stats, local_tree, main,
                     run_arty)

TOKEN = "tok-get-5d1e8a7c"


def sha256_tree(root, follow_links):
    """{relative path: sha256} of every file under root (`find -L` when follow_links)."""
    sums = {}
    for dirpath, _, filenames in os.walk(root, followlinks=follow_links):
        for name in filenames:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as data:
                sums[os.path.relpath(path, root)] = hashlib.sha256(data.read()).hexdigest()
    return sums


def events(stdout):
    return [json.loads(line) for line in stdout.decode().splitlines()]


class GetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.base = fixture_env()["BASE_URL"]
        cls.maven_sums = sha256_tree(MAVEN_REPO, follow_links=True)
        cls.dl_tree = os.environ["ARTY_DOWNLOAD_TREE"]
        cls.dl_sums = {path: digest for path, digest in sha256_tree(cls.dl_tree, True).items()}

    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="arty-get-")
        self.dest = os.path.join(self.work, "mirror")

    def tearDown(self):
        fixture_config(latency_ms=2, download_rate=0, fault_cut=0, fault_corrupt=0,
                       clear_corrupt_paths=1, clear_cut_paths=1, clear_overrides=1, token="",
                       redirect_downloads="")
        shutil.rmtree(self.work, ignore_errors=True)

    def assert_identical(self, dest, expected):
        self.assertEqual(sha256_tree(dest, follow_links=False), expected)

    def test_mirror_of_maven_local_is_byte_identical_with_the_servers_times(self):
        code, out, err = run_arty("get", self.base + "/maven-local/", self.dest)
        self.assertEqual(code, EXIT_SUCCESS, err)
        self.assertEqual(out, b"", "nothing on stdout without --json")
        self.assert_identical(self.dest, self.maven_sums)
        self.assertIn(f"{len(self.maven_sums)} downloaded", err)
        _, folders = local_tree(MAVEN_REPO)
        self.assertEqual(local_tree(self.dest)[1], folders, "every folder, empty ones too")
        for path in list(self.maven_sums)[:50]:
            source = os.stat(os.path.join(MAVEN_REPO, path)).st_mtime
            self.assertEqual(int(os.stat(os.path.join(self.dest, path)).st_mtime), int(source), path)
        leftovers = [name for _, _, names in os.walk(self.dest) for name in names
                     if name.endswith(".arty-part")]
        self.assertEqual(leftovers, [])

    def test_a_second_run_skips_every_file_without_downloading_or_reading_it(self):
        self.assertEqual(run_arty("get", "-q", self.base + "/maven-local/", self.dest)[0], 0)
        before = fixture_stats()["download"]
        code, out, err = run_arty("get", "--json", self.base + "/maven-local/", self.dest)
        self.assertEqual(code, EXIT_SUCCESS, err)
        records = events(out)
        self.assertEqual(len(records), len(self.maven_sums))
        self.assertEqual({r["type"] for r in records}, {"skipped"})
        self.assertEqual({r["detail"] for r in records}, {"cached checksum"}, "not read again")
        self.assertEqual(fixture_stats()["download"], before, "no file downloaded again")
        for record in records[:20]:
            self.assertEqual(record["sha256"], self.maven_sums[record["path"]])

    def test_a_changed_local_file_is_hashed_and_downloaded_again(self):
        self.assertEqual(run_arty("get", "-q", self.base + "/dl/", self.dest)[0], 0)
        changed = os.path.join(self.dest, "docs", "readme.txt")
        with open(changed, "r+b") as data:
            data.write(b"R")  # same size, other bytes
        os.remove(os.path.join(self.dest, "lib", "a-1.3.jar"))
        code, out, err = run_arty("get", "--json", self.base + "/dl/", self.dest)
        self.assertEqual(code, EXIT_SUCCESS, err)
        downloaded = {r["path"] for r in events(out) if r["type"] == "downloaded"}
        self.assertEqual(downloaded, {"docs/readme.txt", "lib/a-1.3.jar"})
        self.assert_identical(self.dest, self.dl_sums)

    def test_an_interrupted_mirror_continues_and_downloads_only_what_was_missing(self):
        fixture_config(latency_ms=20)
        args = [os.environ["ARTY_BIN"], "get", "-q", "--transfers", "4",
                self.base + "/maven-local/", self.dest]
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(self.complete_files()) < 300:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
        self.assertEqual(process.returncode, EXIT_INTERRUPTED, err)
        complete = self.complete_files()
        self.assertGreater(len(complete), 0)
        self.assertLess(len(complete), len(self.maven_sums), "interrupted before the end")
        on_disk = sha256_tree(self.dest, False)
        for path in complete:  # whatever has its final name is whole and right
            self.assertEqual(on_disk[path], self.maven_sums[path], path)
        fixture_config(latency_ms=2)
        code, out, err = run_arty("get", "--json", self.base + "/maven-local/", self.dest)
        self.assertEqual(code, EXIT_SUCCESS, err)
        records = events(out)
        downloaded = {r["path"] for r in records if r["type"] == "downloaded"}
        skipped = {r["path"] for r in records if r["type"] == "skipped"}
        self.assertEqual(skipped, complete)
        self.assertEqual(downloaded, set(self.maven_sums) - complete)
        self.assert_identical(self.dest, self.maven_sums)

    def complete_files(self):
        found = set()
        for dirpath, _, names in os.walk(self.dest):
            for name in names:
                if not name.endswith(".arty-part"):
                    found.add(os.path.relpath(os.path.join(dirpath, name), self.dest))
        return found

    def test_a_large_partial_file_is_resumed_with_range_and_if_range(self):
        fixture_config(download_rate=4 << 20)  # 24 MiB at 4 MiB/s: about 6 s
        args = [os.environ["ARTY_BIN"], "get", "-q", self.base + "/dl/big.bin", self.dest]
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        part = os.path.join(self.dest, ".big.bin.arty-part")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
                not os.path.exists(part) or os.path.getsize(part) < (4 << 20)):
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
        self.assertEqual(process.returncode, EXIT_INTERRUPTED, err)
        kept = os.path.getsize(part)
        self.assertGreaterEqual(kept, 4 << 20, "the partial file is kept")
        self.assertFalse(os.path.exists(os.path.join(self.dest, "big.bin")))
        fixture_config(download_rate=0)
        log = AccessLog()
        code, out, err = run_arty("get", "--json", self.base + "/dl/big.bin", self.dest)
        self.assertEqual(code, EXIT_SUCCESS, err)
        [record] = events(out)
        self.assertEqual(record["type"], "downloaded")
        self.assertGreaterEqual(record["resumedFrom"], kept)
        self.assertEqual(record["sha256"], self.dl_sums["big.bin"])
        self.assert_identical(self.dest, {"big.bin": self.dl_sums["big.bin"]})
        ranged = [line for line in log.lines() if "/dl/big.bin" in line and "range=bytes=" in line]
        self.assertTrue(ranged, "resumed with a Range request: " + "\n".join(log.lines()))

    def test_a_large_file_is_fetched_in_parallel_ranges(self):
        log = AccessLog()
        code, out, err = run_arty("get", "--json", "--range-threshold", "4M", "--range-parts", "4",
                                  self.base + "/dl/big.bin", self.dest)
        self.assertEqual(code, EXIT_SUCCESS, err)
        [record] = events(out)
        self.assertEqual(record["sha256"], self.dl_sums["big.bin"])
        self.assert_identical(self.dest, {"big.bin": self.dl_sums["big.bin"]})
        requests = [line for line in log.lines() if "GET /artifactory/dl/big.bin" in line]
        ranges = sorted(line.split("range=")[1].split()[0] for line in requests)
        quarter = (24 << 20) // 4
        expected = ["-"] + [f"bytes={i * quarter}-{(i + 1) * quarter - 1}" for i in (1, 2, 3)]
        self.assertEqual(ranges, sorted(expected), "\n".join(requests))

    def test_cut_ranges_are_retried_where_they_stopped(self):
        cuts = fixture_stats()["faults"]["cut"]
        fixture_config(fault_cut=0.2)
        code, _, err = run_arty("get", "--range-threshold", "1M", self.base + "/dl/", self.dest)
        self.assertEqual(code, EXIT_SUCCESS, err)
        self.assert_identical(self.dest, self.dl_sums)
        self.assertGreater(fixture_stats()["faults"]["cut"], cuts)

    def test_a_corrupted_body_is_detected_retried_once_and_never_left_under_its_name(self):
        fixture_config(corrupt_path="dl/lib/a-1.7.jar")
        before = fixture_stats()["download"]
        code, out, err = run_arty("get", "--json", self.base + "/dl/", self.dest)
        self.assertEqual(code, EXIT_PARTIAL, err)
        self.assertIn("lib/a-1.7.jar", err)
        self.assertIn("checksum mismatch", err)
        [failure] = [r for r in events(out) if r["type"] == "error"]
        self.assertEqual(failure["path"], "lib/a-1.7.jar")
        self.assertFalse(os.path.exists(os.path.join(self.dest, "lib", "a-1.7.jar")))
        self.assertFalse(os.path.exists(os.path.join(self.dest, "lib", ".a-1.7.jar.arty-part")))
        expected = dict(self.dl_sums)
        del expected["lib/a-1.7.jar"]
        self.assert_identical(self.dest, expected)
        self.assertEqual(fixture_stats()["download"] - before, len(self.dl_sums) + 1,
                         "the corrupted file was downloaded twice, every other file once")

    def test_cut_transfers_are_resumed_and_give_an_identical_mirror(self):
        cuts = fixture_stats()["faults"]["cut"]
        fixture_config(fault_cut=0.2)  # at most 6 tries each: P(a file fails) < 1e-4
        # The hostile answer is a Folder Info: walk.
        code, _, err = run_arty("get", "--strategy", "walk", self.base + "/dl/", self.dest)
        self.assertEqual(code, EXIT_SUCCESS, err)
        self.assert_identical(self.dest, self.dl_sums)
        self.assertGreater(fixture_stats()["faults"]["cut"], cuts)

    def test_names_that_would_leave_the_folder_are_refused(self):
        listing = os.path.join(self.work, "evil.json")
        with open(listing, "w") as out:
            json.dump({"repo": "dl", "path": "/docs", "created": "2020-01-01T00:00:00.000Z",
                       "children": [{"uri": "/..", "folder": True},
                                    {"uri": "/readme.txt", "folder": False}]}, out)
        fixture_config(override=f"dl/docs=200:application/json:{listing}")
        # The hostile answer is a Folder Info: walk.
        code, _, err = run_arty("get", "--strategy", "walk", self.base + "/dl/", self.dest)
        self.assertEqual(code, EXIT_PARTIAL, err)
        self.assertIn("docs", err)
        self.assertEqual(sorted(os.listdir(self.work)), ["evil.json", "mirror"])
        self.assertFalse(os.path.exists(os.path.join(self.dest, "docs", "readme.txt")))

    def test_a_link_inside_the_folder_is_not_followed_out_of_it(self):
        outside = os.path.join(self.work, "outside")
        os.makedirs(outside)
        os.makedirs(self.dest)
        os.symlink(outside, os.path.join(self.dest, "docs"))
        # The hostile answer is a Folder Info: walk.
        code, _, err = run_arty("get", "--strategy", "walk", self.base + "/dl/", self.dest)
        self.assertEqual(code, EXIT_PARTIAL, err)
        self.assertIn("symbolic link", err)
        self.assertEqual(os.listdir(outside), [])
        self.assertEqual(sha256_tree(self.dest, False)["big.bin"], self.dl_sums["big.bin"])

    def test_a_redirect_to_a_storage_host_gets_no_credentials(self):
        other = tempfile.mkdtemp(prefix="arty-storage-host-")
        fixture_py = os.environ["ARTY_FIXTURE_PY"]
        subprocess.check_call([sys.executable, fixture_py, "start", "--state-dir", other,
                               "--repo", "dl=" + self.dl_tree],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            storage = fixture_env(other)["BASE_URL"]
            origin = storage[:storage.index("/artifactory")]
            fixture_config(token=TOKEN, redirect_downloads=origin)
            code, out, err = run_arty("get", "-v", self.base + "/dl/", self.dest,
                                      env={"ARTY_ACCESS_TOKEN": TOKEN})
            self.assertEqual(code, EXIT_SUCCESS, err)
            self.assert_identical(self.dest, self.dl_sums)
            self.assertNotIn(TOKEN, err)
            stats = json.loads(subprocess.check_output(
                [sys.executable, fixture_py, "stats", "--state-dir", other]))
            self.assertEqual(stats["download"], len(self.dl_sums), "every file came from storage")
            self.assertEqual(stats["with_authorization"], 0, "credentials went to the other host")
        finally:
            subprocess.call([sys.executable, fixture_py, "stop", "--state-dir", other],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            shutil.rmtree(other, ignore_errors=True)

    def test_dry_run_prints_what_it_would_download_and_writes_nothing(self):
        os.makedirs(os.path.join(self.dest, "docs"))
        shutil.copy2(os.path.join(self.dl_tree, "docs", "readme.txt"),
                     os.path.join(self.dest, "docs", "readme.txt"))
        before = fixture_stats()["download"]
        code, out, err = run_arty("get", "--dry-run", self.base + "/dl/", self.dest)
        self.assertEqual(code, EXIT_SUCCESS, err)
        self.assertEqual(set(out.decode().splitlines()), set(self.dl_sums) - {"docs/readme.txt"})
        self.assertEqual(fixture_stats()["download"], before)
        self.assertEqual(sorted(os.listdir(self.dest)), ["docs"])

    def test_a_file_url_downloads_that_file(self):
        code, _, err = run_arty("get", self.base + "/dl/docs/deeper/notes.txt", self.dest)
        self.assertEqual(code, EXIT_SUCCESS, err)
        self.assert_identical(self.dest, {"notes.txt": self.dl_sums["docs/deeper/notes.txt"]})

    def test_a_missing_path_is_not_found(self):
        code, _, err = run_arty("get", self.base + "/dl/no/such/path", self.dest)
        self.assertEqual(code, EXIT_NOT_FOUND, err)
        self.assertIn("does not exist", err)


if __name__ == "__main__":
    main()
