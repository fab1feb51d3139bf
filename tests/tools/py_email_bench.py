#!/usr/bin/env python3
"""Peer for scripts/bench: Python's email package over the same files.

Parses every file with BytesParser(policy=default), walks every part and
decodes every leaf payload, in a Pool of --jobs processes. Prints the count.
"""
import argparse, email.parser, email.policy, os
from multiprocessing import Pool


def parse(path):
    with open(path, "rb") as f:
        msg = email.parser.BytesParser(policy=email.policy.default).parse(f)
    n = 0
    for part in msg.walk():
        if not part.is_multipart():
            part.get_payload(decode=True)
            try:
                part.get_content()
            except Exception:
                pass
        n += 1
    return 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    files = [os.path.join(d, f) for d, _, fs in os.walk(a.dir) for f in fs if f.endswith(".eml")]
    with Pool(a.jobs) as p:
        print(sum(p.imap_unordered(parse, files, chunksize=64)))


if __name__ == "__main__":
    main()
