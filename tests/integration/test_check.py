#!/usr/bin/env python3
"""`arty check` of `maven-local` against a local copy of /usr/share/maven-repo: an untouched copy
is identical (exit 0); a prepared copy shows each of the five states (= - + * !) on the right
paths (exit 9); nothing is downloaded."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import (EXIT_DIFFERENCES, EXIT_NOT_FOUND, EXIT_PARTIAL, EXIT_USAGE, MAVEN_REPO,
                     AccessLog, fixture_config, fixture_env, interrupt_arty, local_tree, main,
                     run_arty, run_into_head)


def combined(out):
    """{path: symbol} from the combined output; fails on a path printed twice."""
    states = {}
    for line in out.decode("utf-8").splitlines():
        symbol, path = line[0], line[2:]
        assert line[1] == " ", line
        assert path not in states, "printed twice: " + path
        states[path] = symbol
    return states


def rewrite(path, data):
    """Replaces a file of a hard-linked copy without touching the file it shares an inode with."""
    os.unlink(path)
    with open(path, "wb") as f:
        f.write(data)


class CheckTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = fixture_env()
        cls.url = cls.env["BASE_URL"] + "/maven-local/"
        cls.work = tempfile.mkdtemp(prefix="arty_check_")
        cls.copy = os.path.join(cls.work, "copy")
        subprocess.check_call(["cp", "-rL", MAVEN_REPO, cls.copy])
        cls.files, _ = local_tree(cls.copy)
        assert len(cls.files) > 1000

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def prepared_copy(self, name):
        """A hard-linked copy of the untouched copy: cheap; change files with rewrite()."""
        target = os.path.join(self.work, name)
        shutil.rmtree(target, ignore_errors=True)
        subprocess.check_call(["cp", "-al", self.copy, target])
        return target

    def test_untouched_copy_is_identical(self):
        log = AccessLog()
        code, out, err = run_arty("check", self.url, self.copy)
        self.assertEqual(code, 0, err)
        states = combined(out)
        self.assertEqual(set(states), self.files)
        self.assertEqual(set(states.values()), {"="})
        summary = err.strip().splitlines()[-1]
        self.assertRegex(summary, rf"^arty: {len(self.files)} identical, 0 missing, 0 extra, "
                                  r"0 differ, 0 errors; \d+ folders, \d+ requests")
        requests = log.lines()
        self.assertTrue(requests)
        self.assertTrue(all("/api/storage/maven-local" in line for line in requests),
                        "Folder Info and File Info only: nothing is downloaded")

    def test_each_of_the_five_states(self):
        copy = self.prepared_copy("five")
        ordered = sorted(f for f in self.files if f.startswith("com/google/guava/"))
        missing, size, checksum = ordered[0], ordered[1], ordered[2]
        failing = sorted(f for f in self.files if f.startswith("xom/"))[0]
        extra = "org/extra-file.txt"
        os.unlink(os.path.join(copy, missing))
        with open(os.path.join(copy, size), "rb") as f:
            data = f.read()
        size_bytes = len(data)
        rewrite(os.path.join(copy, size), data + b"!")
        with open(os.path.join(copy, checksum), "rb") as f:
            data = bytearray(f.read())
        data[len(data) // 2] ^= 0xFF
        rewrite(os.path.join(copy, checksum), bytes(data))
        with open(os.path.join(copy, extra), "wb") as f:
            f.write(b"only here\n")
        # The failure is injected into the file's File Info, which only the walk asks for (File
        # List and AQL give sizes and checksums with the listing).
        fixture_config(fail_path=f"maven-local/{failing}=500")
        try:
            code, out, err = run_arty("check", "--strategy", "walk", self.url, copy)
            json_code, json_out, _ = run_arty("check", "--strategy", "walk", "--json", "-q",
                                              self.url, copy)
        finally:
            fixture_config(fail_path=f"maven-local/{failing}=0")
        self.assertEqual(code, EXIT_DIFFERENCES, err)
        states = combined(out)
        expected = {path: "=" for path in self.files}
        expected.update({missing: "-", size: "*", checksum: "*", extra: "+", failing: "!"})
        self.assertEqual(states, expected)
        self.assertIn(f"arty: differ: {size}: size {size_bytes + 1} here, {size_bytes} in the "
                      "repository", err)
        self.assertIn(f"arty: differ: {checksum}: sha256 differs", err)
        self.assertRegex(err, rf"arty: error: {re.escape(failing)}: HTTP 500")
        self.assertRegex(err.strip().splitlines()[-1],
                         rf"^arty: {len(self.files) - 4} identical, 1 missing, 1 extra, 2 differ, "
                         r"1 errors;")

        self.assertEqual(json_code, EXIT_DIFFERENCES)
        records = {}
        for line in json_out.decode().splitlines():
            record = json.loads(line)
            records[record["path"]] = record
        self.assertEqual(set(records), self.files | {extra})
        self.assertEqual(records[missing]["type"], "missing")
        self.assertEqual(records[missing]["size"], os.path.getsize(os.path.join(self.copy, missing)))
        self.assertEqual(records[extra], {"type": "extra", "path": extra, "size": 10})
        self.assertEqual(records[size]["type"], "differ")
        self.assertEqual(records[size]["reason"], "size")
        self.assertEqual(records[size]["localSize"], records[size]["size"] + 1)
        self.assertEqual(records[checksum]["reason"], "checksum")
        self.assertEqual(records[checksum]["algorithm"], "sha256")
        self.assertNotEqual(records[checksum]["checksum"], records[checksum]["localChecksum"])
        self.assertEqual(records[failing]["type"], "error")
        self.assertEqual(records[failing]["status"], 500)
        identical = records[ordered[3]]
        self.assertEqual(identical["type"], "identical")
        self.assertEqual(identical["algorithm"], "sha256")
        self.assertEqual(len(identical["checksum"]), 64)

    def test_file_here_folder_there(self):
        copy = self.prepared_copy("conflicts")
        pom = sorted(f for f in self.files if f.startswith("dom4j/") and f.endswith(".pom"))[0]
        os.unlink(os.path.join(copy, pom))
        os.makedirs(os.path.join(copy, pom))
        with open(os.path.join(copy, pom, "inside.txt"), "w") as f:
            f.write("inside")
        version = os.path.dirname(sorted(f for f in self.files if f.startswith("args4j/"))[0])
        below = {f for f in self.files if f.startswith(version + "/")}
        shutil.rmtree(os.path.join(copy, version))
        with open(os.path.join(copy, version), "w") as f:
            f.write("a file where the repository has a folder")
        code, out, err = run_arty("check", "--differences-only", self.url, copy)
        self.assertEqual(code, EXIT_DIFFERENCES, err)
        expected = {pom: "!", pom + "/inside.txt": "+", version: "!"}
        expected.update({path: "-" for path in below})
        self.assertEqual(combined(out), expected, "--differences-only leaves out '='")
        self.assertIn(f"arty: error: {pom}: a folder here, a file in the repository", err)
        self.assertIn(f"arty: error: {version}: a file here, a folder in the repository", err)

    def test_errors_without_differences_are_exit_3(self):
        copy = self.prepared_copy("errors-only")
        os.symlink("nowhere", os.path.join(copy, "dangling"))
        code, out, err = run_arty("check", "-q", self.url, copy)
        self.assertEqual(code, EXIT_PARTIAL, err)
        states = combined(out)
        self.assertEqual(states.pop("dangling"), "!")
        self.assertEqual(set(states.values()), {"="})
        self.assertIn("arty: error: dangling: broken symbolic link", err)

    def test_subfolder_url_against_the_same_subfolder(self):
        sub = "com/google"
        code, out, err = run_arty("check", "-q", "-j", "4", self.url + sub,
                                  os.path.join(self.copy, sub))
        self.assertEqual(code, 0, err)
        self.assertEqual(set(combined(out)),
                         {f[len(sub) + 1:] for f in self.files if f.startswith(sub + "/")})

    def test_special_names_are_identical(self):
        tree = os.environ["ARTY_SPECIAL_TREE"]
        files, _ = local_tree(tree)
        code, out, err = run_arty("check", self.env["BASE_URL"] + "/special/", tree)
        self.assertEqual(code, 0, err)
        self.assertEqual(combined(out), {path: "=" for path in files})

    def test_https_http2_gives_the_same(self):
        url = self.env["HTTPS_BASE_URL"] + "/maven-local/com/google/"
        code, out, err = run_arty("check", "-q", "--cacert", self.env["CACERT"], url,
                                  os.path.join(self.copy, "com/google"))
        self.assertEqual(code, 0, err)
        self.assertTrue(out)

    def test_bad_arguments(self):
        code, _, err = run_arty("check", self.url, os.path.join(self.work, "nothing"))
        self.assertEqual(code, EXIT_NOT_FOUND, err)
        self.assertIn("No such file or directory", err)
        a_file = os.path.join(self.copy, sorted(self.files)[0])
        code, _, err = run_arty("check", self.url, a_file)
        self.assertEqual(code, EXIT_USAGE, err)
        self.assertIn("not a folder", err)
        code, _, err = run_arty("check", self.url + "no/such/folder", self.copy)
        self.assertEqual(code, EXIT_NOT_FOUND, err)
        self.assertIn("does not exist", err)
        code, _, err = run_arty("check", self.url + sorted(self.files)[0], self.copy)
        self.assertEqual(code, EXIT_USAGE, err)
        self.assertIn("the URL names a file", err)
        code, _, err = run_arty("check", "ftp://example.com/x", self.copy)
        self.assertEqual(code, EXIT_USAGE, err)

    def test_ctrl_c_stops_with_a_summary_and_exit_130(self):
        # -j 1 at the fixture's 2 ms latency takes several seconds: long enough to interrupt.
        code, out, err, seconds = interrupt_arty("check", "-j", "1", self.url, self.copy)
        self.assertLess(seconds, 1.0, "stops within a second")
        self.assertEqual(code, 130, err)
        self.assertRegex(err.strip().splitlines()[-1], r"^arty: \d+ identical, ")
        self.assertLess(len(combined(out)), len(self.files))

    def test_closed_pipe_ends_quietly(self):
        done = run_into_head("check", "-q", self.url, self.copy, lines=3)
        self.assertEqual(len(done.stdout.splitlines()), 3)
        self.assertEqual(done.stderr, b"")
        self.assertEqual(done.returncode, 0)


if __name__ == "__main__":
    main()
