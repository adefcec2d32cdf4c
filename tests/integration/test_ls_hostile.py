#!/usr/bin/env python3
"""Hostile or broken responses: each gives a clear one-line error naming the URL (or is handled as
docs/output.md says), never a crash, a hang, an entry outside the tree or an empty folder passed off
as success. The fixture answers one folder, maven-local/commons-io, with each body in turn.
"""
import json
import os
import tempfile
import unittest

from harness import (EXIT_BAD_RESPONSE, EXIT_PARTIAL, EXIT_SUCCESS, MAVEN_REPO, fixture_config,
                     fixture_env, listed_paths, local_tree, main, run_arty)

TARGET = "commons-io"
FOLDER_INFO = {"repo": "maven-local", "path": "/" + TARGET, "created": "2024-03-01T10:15:30.123Z",
               "createdBy": "admin", "lastModified": "2024-03-01T10:15:30.123Z",
               "modifiedBy": "admin", "lastUpdated": "2024-03-01T10:15:30.123Z", "uri": "u"}


def folder_info(children, **changes):
    body = dict(FOLDER_INFO, children=children)
    body.update(changes)
    return json.dumps(body)


# name -> (body, content type); every one must be refused as a listing of commons-io.
HOSTILE = {
    "HTML login page": ("<!DOCTYPE html><html><body><form>Sign in</form></body></html>", "text/html"),
    "HTML without a content type": ("<html><body>proxy error</body></html>", "application/json"),
    "invalid JSON": ('{"repo":"maven-local","children":[{"uri":"/a","folder":tru}]}', "application/json"),
    "truncated JSON": (folder_info([{"uri": "/a", "folder": True}])[:-10], "application/json"),
    "empty body": ("", "application/json"),
    "JSON array": ("[]", "application/json"),
    "missing children": (json.dumps(FOLDER_INFO), "application/json"),
    "children not an array": (folder_info({"uri": "/a", "folder": True}), "application/json"),
    "folder as a string": (folder_info([{"uri": "/a", "folder": "true"}]), "application/json"),
    "empty uri": (folder_info([{"uri": "", "folder": False}]), "application/json"),
    "uri without slash": (folder_info([{"uri": "a.jar", "folder": False}]), "application/json"),
    "uri with a slash inside": (folder_info([{"uri": "/a/b.jar", "folder": False}]), "application/json"),
    "uri ..": (folder_info([{"uri": "/..", "folder": True}]), "application/json"),
    "uri .": (folder_info([{"uri": "/.", "folder": True}]), "application/json"),
    "uri with NUL": (folder_info([{"uri": "/a\u0000b", "folder": False}]), "application/json"),
    "uri with a control character": (folder_info([{"uri": "/a\u001bb", "folder": False}]), "application/json"),
    "Folder Info of another path": (folder_info([{"uri": "/x", "folder": False}], path="/other"), "application/json"),
}


class LsHostileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = fixture_env()
        cls.url = cls.env["BASE_URL"] + "/maven-local/"
        cls.files, cls.folders = local_tree(MAVEN_REPO)
        cls.scratch = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        fixture_config(clear_overrides=1, clear_cycles=1)
        cls.scratch.cleanup()

    def serve(self, body, content_type, status=200, item=TARGET):
        path = os.path.join(self.scratch.name, item.replace("/", "_"))
        with open(path, "w", encoding="utf-8") as out:
            out.write(body)
        fixture_config(override=f"maven-local/{item}={status}:{content_type}:{path}")

    def tearDown(self):
        fixture_config(clear_overrides=1, clear_cycles=1)

    def test_each_hostile_body_is_a_clear_error(self):
        for name, (body, content_type) in HOSTILE.items():
            with self.subTest(name):
                self.serve(body, content_type)
                # As the folder asked for: nothing listed, one line naming the URL, exit 7.
                code, out, err = run_arty("ls", "--strategy", "walk", "-R", self.url + TARGET)
                self.assertEqual(code, EXIT_BAD_RESPONSE, err)
                self.assertEqual(out, b"")
                self.assertEqual(len(err.strip().splitlines()), 1, err)
                self.assertIn(f"/api/storage/maven-local/{TARGET}", err)
                # As a folder inside the tree: named as failed, everything else listed, exit 3.
                code, out, err = run_arty("ls", "--strategy", "walk", "-R", self.url)
                self.assertEqual(code, EXIT_PARTIAL, err)
                files, folders = listed_paths(out)
                self.assertEqual(files, {f for f in self.files if not f.startswith(TARGET + "/")})
                self.assertEqual(folders, {f for f in self.folders if not f.startswith(TARGET + "/")})
                self.assertIn(f"failed: {TARGET}:", err)

    def test_duplicate_children_are_listed_once(self):
        self.serve(folder_info([{"uri": "/a.jar", "folder": False}, {"uri": "/a.jar", "folder": False},
                                {"uri": "/b.jar", "folder": False}]), "application/json")
        code, out, err = run_arty("ls", "--strategy", "walk", self.url + TARGET)
        self.assertEqual(code, EXIT_SUCCESS, err)
        self.assertEqual(out.decode().splitlines(), ["a.jar", "b.jar"])

    def test_folder_listing_itself_is_a_reported_cycle(self):
        fixture_config(cycle=f"maven-local/{TARGET}")
        code, out, err = run_arty("ls", "--strategy", "walk", "-R", self.url, timeout=60)
        self.assertEqual(code, EXIT_PARTIAL, err)
        self.assertIn("cycle", err)
        files, _ = listed_paths(out)
        self.assertLess(len([f for f in files if f.startswith(TARGET + "/")]), 10)
        self.assertEqual({f for f in files if not f.startswith(TARGET + "/")},
                         {f for f in self.files if not f.startswith(TARGET + "/")})

    def test_body_over_the_size_limit(self):
        code, out, err = run_arty("ls", "--strategy", "walk", "--max-response-size", "100", self.url)
        self.assertEqual(code, EXIT_BAD_RESPONSE, err)
        self.assertEqual(out, b"")
        self.assertIn("larger than the limit", err)

    def test_file_info_size_as_number_or_string(self):
        for size in ('"2920436"', "2920436"):
            with self.subTest(size):
                body = ('{"repo":"maven-local","path":"/commons-io/x.jar","lastModified":'
                        '"2024-03-01T10:15:30.123Z","size":' + size + ',"checksums":{"sha1":"a"}}')
                self.serve(folder_info([{"uri": "/x.jar", "folder": False}]), "application/json")
                self.serve(body, "application/json", item=f"{TARGET}/x.jar")
                code, out, err = run_arty("ls", "--strategy", "walk", "-l", "--json", self.url + TARGET)
                self.assertEqual(code, EXIT_SUCCESS, err)
                record = json.loads(out.decode().splitlines()[0])
                self.assertEqual(record["size"], 2920436)

    def test_file_info_with_a_bad_size_fails_that_file(self):
        self.serve(folder_info([{"uri": "/x.jar", "folder": False}]), "application/json")
        self.serve('{"repo":"maven-local","path":"/commons-io/x.jar","size":"12ab"}',
                   "application/json", item=f"{TARGET}/x.jar")
        code, _, err = run_arty("ls", "--strategy", "walk", "-l", self.url + TARGET)
        self.assertEqual(code, EXIT_PARTIAL, err)
        self.assertIn("failed: x.jar:", err)


if __name__ == "__main__":
    main()
