#!/usr/bin/env python3
"""Baseline for bench/listing, not part of arty: the level-by-level walk arty replaces.

Lists a tree through Artifactory's Folder Info API one level at a time: a pool of WORKERS threads
fetches every folder of the current level, the walk waits for all of them, then goes on with the
next level. Each thread keeps one HTTP/1.1 keep-alive connection. Prints one path per line,
relative to the URL, folders ending with '/' (the format of `arty ls -R`).

  level_walk.py [--workers 8] http://HOST:PORT/artifactory/REPO/PATH
"""
import argparse
import concurrent.futures
import http.client
import json
import sys
import threading
import urllib.parse


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("url")
    args = parser.parse_args()
    parts = urllib.parse.urlsplit(args.url.rstrip("/"))
    context, _, repo_path = parts.path.lstrip("/").partition("/")
    storage_prefix = f"/{context}/api/storage/{repo_path}"
    local = threading.local()

    def folder_info(relative):
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        path = storage_prefix + ("/" + urllib.parse.quote(relative) if relative else "")
        local.connection.request("GET", path)
        response = local.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status} for {path}")
        return [(child["uri"][1:], child["folder"]) for child in json.loads(body)["children"]]

    out = sys.stdout
    level = [""]
    with concurrent.futures.ThreadPoolExecutor(args.workers) as pool:
        while level:
            next_level = []
            for folder, children in zip(level, pool.map(folder_info, level)):
                for name, is_folder in children:
                    path = f"{folder}/{name}" if folder else name
                    out.write(path + ("/\n" if is_folder else "\n"))
                    if is_folder:
                        next_level.append(path)
            out.flush()
            level = next_level


if __name__ == "__main__":
    main()
