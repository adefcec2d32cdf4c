#!/usr/bin/env python3
"""Names with spaces, '#', '%', '+', ';', '?', '[]' and non-ASCII round-trip through arty ls."""
import json
import os
import unittest

from harness import fixture_env, listed_paths, local_tree, main, run_arty


class LsSpecialNamesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = fixture_env()
        cls.url = cls.env["BASE_URL"] + "/special/"
        cls.tree = os.environ["ARTY_SPECIAL_TREE"]
        cls.files, cls.folders = local_tree(cls.tree)

    def test_names_round_trip(self):
        for jobs in ("1", "8"):
            code, out, err = run_arty("ls", "-R", "-j", jobs, self.url)
            self.assertEqual(code, 0, err)
            self.assertEqual(listed_paths(out), (self.files, self.folders))
        for name in ("with space.txt", "hash#1.txt", "percent%41.txt", "plus+sign.txt",
                     "semi;colon=1.txt", "question?mark.txt", "brackets[1].txt",
                     "unicodé-ü-日本.txt"):
            self.assertIn(name, self.files)

    def test_sizes_of_special_names(self):
        code, out, err = run_arty("ls", "-R", "-l", "--json", self.url)
        self.assertEqual(code, 0, err)
        for line in out.decode().splitlines():
            record = json.loads(line)
            if record["type"] == "file":
                real = os.path.join(self.tree, record["path"])
                self.assertEqual(record["size"], os.path.getsize(real), record["path"])

    def test_special_folder_in_the_url(self):
        folder = next(f for f in self.folders if "+" in f or ";" in f)
        code, out, err = run_arty("ls", "-R", self.url + folder)
        self.assertEqual(code, 0, err)
        files, _ = listed_paths(out)
        self.assertEqual(files, {f[len(folder) + 1:] for f in self.files if f.startswith(folder + "/")})
        self.assertTrue(files)


if __name__ == "__main__":
    main()
