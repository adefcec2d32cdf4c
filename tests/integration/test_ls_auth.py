#!/usr/bin/env python3
"""Credentials: the fixture of this test requires an access token (fixture.py --token)."""
import os
import tempfile
import unittest

from harness import EXIT_AUTH_FAILED, fixture_env, listed_paths, local_tree, main, run_arty

TOKEN = "tok-7c1f3e9a2b5d4e6f8a0b"  # must match --token in tests/integration/CMakeLists.txt


class LsAuthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = fixture_env()
        cls.url = cls.env["BASE_URL"] + "/special/"
        cls.expected = local_tree(os.environ["ARTY_SPECIAL_TREE"])

    def assert_no_secret(self, *outputs):
        for output in outputs:
            text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
            self.assertNotIn(TOKEN, text)
            self.assertNotIn("hunter2-pw", text)

    def test_without_token_401_says_how_to_pass_credentials(self):
        code, out, err = run_arty("ls", "-R", self.url)
        self.assertEqual(code, EXIT_AUTH_FAILED, err)
        self.assertEqual(out, b"")
        self.assertIn("401", err)
        self.assertIn("ARTY_ACCESS_TOKEN", err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)

    def test_token_from_environment(self):
        code, out, err = run_arty("ls", "-R", "-v", self.url, env={"ARTY_ACCESS_TOKEN": TOKEN})
        self.assertEqual(code, 0, err)
        self.assertEqual(listed_paths(out), self.expected)
        self.assertIn("GET ", err, "-v traces requests")
        self.assert_no_secret(out, err)

    def test_token_from_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".token") as token_file:
            token_file.write(TOKEN + "\n")
            token_file.flush()
            code, out, err = run_arty("ls", "-R", "--access-token-file", token_file.name, self.url)
        self.assertEqual(code, 0, err)
        self.assertEqual(listed_paths(out), self.expected)

    def test_wrong_token_is_refused_without_echoing_it(self):
        code, out, err = run_arty("ls", "-v", self.url, env={"ARTY_ACCESS_TOKEN": "hunter2-pw"})
        self.assertEqual(code, EXIT_AUTH_FAILED, err)
        self.assert_no_secret(out, err)

    def test_user_and_password_from_the_url_are_not_printed(self):
        host = self.env["BASE_URL"].split("//", 1)[1]
        url = f"http://admin:hunter2-pw@{host}/special/"
        code, out, err = run_arty("ls", "-v", url)
        self.assertEqual(code, EXIT_AUTH_FAILED, err)  # the fixture wants the token as password
        self.assert_no_secret(out, err)
        url = f"http://admin:{TOKEN}@{host}/special/"
        code, out, err = run_arty("ls", "-R", "-v", url)
        self.assertEqual(code, 0, err)
        self.assertEqual(listed_paths(out), self.expected)
        self.assert_no_secret(out, err)

    def test_password_from_environment(self):
        code, out, err = run_arty("ls", "-R", "--user", "admin", self.url,
                                  env={"ARTY_PASSWORD": TOKEN})
        self.assertEqual(code, 0, err)
        self.assertEqual(listed_paths(out), self.expected)

    def test_netrc(self):
        host = self.env["BASE_URL"].split("//", 1)[1].split("/")[0].split(":")[0]
        with tempfile.NamedTemporaryFile("w", suffix=".netrc") as netrc:
            netrc.write(f"machine {host} login admin password {TOKEN}\n")
            netrc.flush()
            code, out, err = run_arty("ls", "-R", self.url, env={"NETRC": netrc.name})
        self.assertEqual(code, 0, err)
        self.assertEqual(listed_paths(out), self.expected)


if __name__ == "__main__":
    main()
