#!/usr/bin/env python3
"""Transient faults are retried and the listing stays exact.

The fixture of this test injects, independently on every request: 5% 503, 2% 429 with
Retry-After, 1% aborted connections, 1% truncated bodies and 1% responses that send nothing for
3 s (arty runs with --read-timeout 1, so those time out and are retried).
"""
import re
import unittest

from harness import (MAVEN_REPO, fixture_config, fixture_env, fixture_stats, listed_paths,
                     local_tree, main, run_arty)
import os


class LsFaultsTest(unittest.TestCase):
    def list_exactly(self, repo, tree, strategy="walk"):
        env = fixture_env()
        before = fixture_stats()["faults"]
        # auto with a bound of 100,000 bytes: hundreds of File Lists (synth-5k's is 3 MB).
        code, out, err = run_arty("ls", "-R", "-j", "32", "--read-timeout", "1", "--strategy",
                                  strategy, "--bulk-response-limit", "100000",
                                  env["BASE_URL"] + f"/{repo}/", timeout=600)
        self.assertEqual(code, 0, err[-2000:])
        self.assertEqual(listed_paths(out), local_tree(tree))
        after = fixture_stats()["faults"]
        injected = {kind: after[kind] - before[kind] for kind in ("503", "429", "abort", "truncate", "slow")}
        if strategy != "walk":
            # Few requests (faults may miss them all); a failed File List or AQL request is not
            # retried but its subtree walked instead, so retries do not add up as below.
            return injected
        self.assertGreater(sum(injected.values()), 0, "the fixture injected no fault")
        retries = int(re.search(r"(\d+) retries", err.strip().splitlines()[-1]).group(1))
        # Every 503 and 429 costs one retry. An aborted or cut connection that had been reused is
        # re-sent by libcurl itself (once, transparently), so those may cost no retry of arty's.
        self.assertGreaterEqual(retries, injected["503"] + injected["429"], (injected, err))
        self.assertLessEqual(retries, sum(injected.values()), (injected, err))
        return injected

    def test_maven_repository_is_exact_despite_faults(self):
        self.list_exactly("maven-local", MAVEN_REPO)

    def test_synthetic_tree_is_exact_despite_faults(self):
        injected = self.list_exactly("synth-5k", os.environ["ARTY_SYNTH_TREE"])
        for kind in ("503", "429", "abort", "truncate", "slow"):
            self.assertGreater(injected[kind], 0, f"no {kind} fault among 5,000 requests: {injected}")

    def test_auto_strategy_is_exact_despite_faults(self):
        injected = {}
        for _ in range(5):
            for kind, count in self.list_exactly("synth-5k", os.environ["ARTY_SYNTH_TREE"],
                                                 strategy="auto").items():
                injected[kind] = injected.get(kind, 0) + count
        self.assertGreater(sum(injected.values()), 0, "the fixture injected no fault")

    def test_retry_after_as_http_date(self):
        fixture_config(retry_after_date=1)
        try:
            self.list_exactly("maven-local", MAVEN_REPO)
        finally:
            fixture_config(retry_after_date=0)


if __name__ == "__main__":
    main()
