#!/usr/bin/env python3
"""Transient faults are retried: the fixture of this test answers 5% of requests with 503 and 2%
with 429 + Retry-After: 1 (fixture.py --fault-503 0.05 --fault-429 0.02), and the listing is
still exact."""
import re
import unittest

from harness import MAVEN_REPO, fixture_env, fixture_stats, listed_paths, local_tree, main, run_arty


class LsFaultsTest(unittest.TestCase):
    def test_listing_is_exact_despite_503_and_429(self):
        env = fixture_env()
        before = fixture_stats()["faults"]
        code, out, err = run_arty("ls", "-R", "-j", "32", env["BASE_URL"] + "/maven-local/",
                                  timeout=300)
        self.assertEqual(code, 0, err)
        self.assertEqual(listed_paths(out), local_tree(MAVEN_REPO))
        after = fixture_stats()["faults"]
        injected = (after["503"] - before["503"]) + (after["429"] - before["429"])
        self.assertGreater(injected, 0, "the fixture injected no fault")
        retries = int(re.search(r"(\d+) retries", err.strip().splitlines()[-1]).group(1))
        self.assertEqual(retries, injected, "every injected fault was retried once")


if __name__ == "__main__":
    main()
