#!/usr/bin/env python3
"""Baseline for scripts/bench: parse a mail corpus with Python's email package.

Every file under DIR (.eml, .eml.zst, .mbox) is parsed with
email.parser.BytesParser(policy=email.policy.default) in a multiprocessing
Pool; every part is walked and every leaf decoded (get_content() for text,
get_payload(decode=True) otherwise), nested message/rfc822 included. This is
roughly the work an ingest tool must do before it can classify anything.

Prints one line:  messages=N files=F bytes=B seconds=S
(messages counts every message occurrence: files, mbox members, nested
message/rfc822 parts.)

Usage: py_email_bench.py DIR [--jobs N]
"""
import argparse
import mailbox
import os
import subprocess
import sys
import time
from email import policy
from email.parser import BytesParser
from multiprocessing import Pool

PARSER = BytesParser(policy=policy.default)


def decode_all(msg):
    """Walks one message; returns how many messages it holds (nested too)."""
    messages = 1
    for part in msg.walk():
        if part.get_content_type() in ("message/rfc822", "message/global"):
            messages += 1
        if part.is_multipart() or part.get_content_maintype() == "message":
            continue
        try:
            if part.get_content_maintype() == "text":
                part.get_content()
            else:
                part.get_payload(decode=True)
        except (LookupError, ValueError, UnicodeError, AssertionError):
            pass  # damaged or exotic part: counted, not fatal
    return messages


def parse_file(path):
    with open(path, "rb") as f:
        data = f.read()
    size = len(data)
    if path.endswith(".zst"):
        data = subprocess.run(["zstd", "-dcq"], input=data, check=True,
                              capture_output=True).stdout
    if path.endswith(".mbox"):
        box = mailbox.mbox(path, create=False)
        return sum(decode_all(PARSER.parsebytes(box.get_bytes(k)))
                   for k in box.keys()), size
    return decode_all(PARSER.parsebytes(data)), size


def files_under(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            if fn.endswith((".eml", ".eml.zst", ".mbox")):
                out.append(os.path.join(dirpath, fn))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    paths = files_under(args.dir)
    start = time.monotonic()
    messages = size = 0
    with Pool(args.jobs) as pool:
        for m, s in pool.imap_unordered(parse_file, paths, chunksize=64):
            messages += m
            size += s
    seconds = time.monotonic() - start
    print("messages=%d files=%d bytes=%d seconds=%.2f"
          % (messages, len(paths), size, seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
