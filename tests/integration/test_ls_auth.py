#!/usr/bin/env python3
"""Credentials: the fixture of this test requires an access token (fixture.py --token)."""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

from harness import (EXIT_AUTH_FAILED, fixture_config, fixture_env, listed_paths, local_tree, main,
                     run_arty)

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

    def test_no_error_path_prints_the_secret(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            refused_port = probe.getsockname()[1]
        base = self.env["BASE_URL"]
        host = base.split("//", 1)[1]
        with tempfile.TemporaryDirectory() as scratch:
            page = os.path.join(scratch, "login.html")
            with open(page, "w") as out:
                out.write("<html>Sign in</html>")
            fixture_config(fail_path="special/a+b;c=d=500",
                           override=f"special/dir with space=200:text/html:{page}")
            try:
                runs = [
                    ("ls", "-R", "-v", "--json", base + "/special/"),  # 500 and HTML inside
                    ("ls", "-R", "-v", base + "/special/dir with space"),  # HTML at the root
                    ("ls", "-v", base + "/special/no/such/path"),  # 404
                    ("ls", "-v", "-l", base + "/special/"),  # File Info requests
                    ("ls", "-v", f"http://127.0.0.1:{refused_port}/artifactory/r/"),  # refused
                    ("ls", "-v", "http://no-such-host.invalid/artifactory/r/"),  # DNS
                    ("ls", "-v", f"http://admin:{TOKEN}@{host}/special/no/such"),  # user info
                    ("ls", "-v", f"http://admin:{TOKEN}@127.0.0.1:{refused_port}/artifactory/r/"),
                ]
                for args in runs:
                    for env in ({"ARTY_ACCESS_TOKEN": TOKEN}, {"ARTY_USER": "admin", "ARTY_PASSWORD": TOKEN}):
                        with self.subTest(args=args, env=sorted(env)):
                            code, out, err = run_arty(*args, env=env)
                            self.assertNotEqual(code, 1, err)  # no internal error
                            self.assert_no_secret(out, err)
            finally:
                fixture_config(fail_path="special/a+b;c=d=0", clear_overrides=1)
        state = os.environ["ARTY_FIXTURE_DIR"]
        for log in ("access.log", "error.log"):
            with open(os.path.join(state, log), "rb") as text:
                self.assertNotIn(TOKEN.encode(), text.read(), log)

    def test_redirect_to_another_host_carries_no_credentials(self):
        other = tempfile.mkdtemp(prefix="arty-second-host-")
        fixture_py = os.environ["ARTY_FIXTURE_PY"]
        subprocess.check_call([sys.executable, fixture_py, "start", "--state-dir", other,
                               "--repo", "special=" + os.environ["ARTY_SPECIAL_TREE"]],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            second = fixture_env(other)["BASE_URL"]
            folder = "dir with space"
            target = f"{second}/api/storage/special/{urllib.parse.quote(folder)}"
            fixture_config(redirect=f"special/{folder}={target}")
            # The redirect is the folder's Folder Info: walk.
            code, out, err = run_arty("ls", "-R", "--strategy", "walk", self.url,
                                      env={"ARTY_ACCESS_TOKEN": TOKEN})
            self.assertEqual(code, 0, err)
            self.assertEqual(listed_paths(out), self.expected)
            stats = json.loads(subprocess.check_output(
                [sys.executable, fixture_py, "stats", "--state-dir", other]))
            self.assertGreater(stats["storage"], 0, "the redirect was followed")
            self.assertEqual(stats["with_authorization"], 0, "credentials went to the other host")
        finally:
            subprocess.call([sys.executable, fixture_py, "stop", "--state-dir", other],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            shutil.rmtree(other, ignore_errors=True)
            fixture_config(clear_redirects=1)


if __name__ == "__main__":
    main()
