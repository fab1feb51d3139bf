#!/usr/bin/env python3
"""Independent check of a leakscope-mailgen MANIFEST.json.

Recounts a generated corpus with Python's own `email` package
(policy.default) and compares with the generator's ground truth:

  messages      every .eml / .eml.zst file, every mbox member, every nested
                message/rfc822 part; unique = distinct Message-ID (trimmed)
  attachments   for part in msg.walk(): skip multipart/* and message/*;
                count if part.get_filename() is not None or
                part.is_attachment(); plus every file inside a TNEF
                (winmail.dat) stream; unique = distinct SHA-256 of the
                decoded bytes
  addresses     every address in From, Sender, Reply-To, To, Cc, Bcc of
                every message occurrence; unique = lower-cased

TNEF is not understood by Python's email package, so this script carries
its own small MS-OXTNEF reader (which also verifies every checksum).

Usage: check_manifest.py DIR        (DIR holds MANIFEST.json)
Exit status 0 when every number matches.
"""
import hashlib
import json
import mailbox
import os
import struct
import subprocess
import sys
from email import policy
from email.header import decode_header, make_header
from email.parser import BytesParser

ADDRESS_HEADERS = ("From", "Sender", "Reply-To", "To", "Cc", "Bcc")
TNEF_SIGNATURE = 0x223E9F78
ATT_ATTACH_REND_DATA = 0x00069002
ATT_ATTACH_DATA = 0x0006800F


def tnef_files(data):
    """Returns the attAttachData payloads of a TNEF stream (checksums checked)."""
    if len(data) < 6 or struct.unpack_from("<I", data, 0)[0] != TNEF_SIGNATURE:
        return None
    pos, files, current = 6, [], None
    while pos < len(data):
        level, att_id, length = struct.unpack_from("<BII", data, pos)
        pos += 9
        payload = data[pos:pos + length]
        pos += length
        (checksum,) = struct.unpack_from("<H", data, pos)
        pos += 2
        if sum(payload) & 0xFFFF != checksum:
            raise ValueError("TNEF checksum mismatch for attribute %#x" % att_id)
        if att_id == ATT_ATTACH_REND_DATA:
            current = len(files)
            files.append(b"")
        elif att_id == ATT_ATTACH_DATA and current is not None:
            files[current] = payload
    return files


class Tally:
    def __init__(self):
        self.messages_raw = 0
        self.ids = set()
        self.attachments_raw = 0
        self.hashes = set()
        self.addresses_raw = 0
        self.addresses = set()
        self.files = 0
        self.bytes = 0

    def header_facts(self, msg):
        self.messages_raw += 1
        mid = msg.get("Message-ID")
        self.ids.add(str(mid).strip() if mid is not None else None)
        for name in ADDRESS_HEADERS:
            for value in msg.get_all(name, []):
                for a in value.addresses:
                    self.addresses_raw += 1
                    self.addresses.add(a.addr_spec.lower())

    def message(self, raw):
        """Counts one message occurrence; returns describe() of it."""
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        self.header_facts(msg)
        for part in msg.walk():  # walk() descends into message/rfc822
            if part.get_content_type() == "message/rfc822":
                for sub in part.get_payload():
                    self.header_facts(sub)
            if part.get_content_maintype() in ("multipart", "message"):
                continue
            if part.get_filename() is None and not part.is_attachment():
                continue
            data = part.get_payload(decode=True) or b""
            self.attachments_raw += 1
            self.hashes.add(hashlib.sha256(data).hexdigest())
            for f in tnef_files(data) or []:
                self.attachments_raw += 1
                self.hashes.add(hashlib.sha256(f).hexdigest())
        return describe(msg)


def describe(msg):
    """Subject, own attachment names ("" if unnamed), TNEF file count and
    nested messages (described alike), as MANIFEST by_message lists them."""
    names, nested, tnef = [], [], [0]

    def visit(part):
        if part.get_content_maintype() == "message":
            nested.extend(describe(sub) for sub in part.get_payload())
        elif part.is_multipart():
            for child in part.get_payload():
                visit(child)
        elif part.get_filename() is not None or part.is_attachment():
            names.append(decode_name(part.get_filename()) or "")
            tnef[0] += len(tnef_files(part.get_payload(decode=True) or b"") or [])

    visit(msg)
    return {"subject": decode_subject(msg), "attachments": names,
            "tnef": tnef[0], "nested": nested}


def compare(where, entry, got):
    """Compares a by_message entry (recursively) with describe() output."""
    problems = []
    if got["subject"] != entry["subject"]:
        problems.append("%s: subject %r != %r" % (where, got["subject"], entry["subject"]))
    if got["attachments"] != entry["attachments"]:
        problems.append("%s: attachments %r != %r" % (where, got["attachments"], entry["attachments"]))
    if got["tnef"] != len(entry.get("tnef_files", [])):
        problems.append("%s: %d TNEF files != %r" % (where, got["tnef"], entry.get("tnef_files")))
    want_nested = entry.get("nested", [])
    if len(got["nested"]) != len(want_nested):
        problems.append("%s: %d nested messages != %d" % (where, len(got["nested"]), len(want_nested)))
    else:
        for k, (w, g) in enumerate(zip(want_nested, got["nested"])):
            problems += compare("%s nested[%d]" % (where, k), w, g)
    return problems


def decode_name(name):
    if name is not None and "=?" in name:
        return str(make_header(decode_header(name)))
    return name


def decode_subject(msg):
    """The Subject as a reader should report it, in UTF-8."""
    raw_value = None
    for key, value in msg.raw_items():  # undecoded, still folded
        if key.lower() == "subject":
            raw_value = value
            break
    if raw_value is None:
        return None
    if "=?" in raw_value:
        # Join same-charset encoded words before decoding (decode_header
        # does), which repairs words split inside a multi-byte character.
        return str(make_header(decode_header("".join(raw_value.splitlines()))))
    s = str(msg["Subject"])
    # Raw 8-bit header bytes arrive surrogate-escaped; they are UTF-8 here.
    try:
        return s.encode("utf-8", "surrogateescape").decode("utf-8")
    except UnicodeError:
        return s


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "samples"
    with open(os.path.join(root, "MANIFEST.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    t = Tally()
    by_path = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            path = os.path.join(dirpath, fn)
            rel = os.path.relpath(path, root)
            if rel == "MANIFEST.json" or not rel.startswith("mail" + os.sep):
                continue
            t.files += 1
            t.bytes += os.path.getsize(path)
            if fn.endswith(".mbox"):
                box = mailbox.mbox(path, create=False)
                for key in box.keys():
                    t.message(box.get_bytes(key))
            elif fn.endswith(".zst"):
                raw = subprocess.run(["zstd", "-dcq", path], check=True,
                                     capture_output=True).stdout
                by_path[rel] = t.message(raw)
            else:
                with open(path, "rb") as f:
                    by_path[rel] = t.message(f.read())

    counts = manifest["counts"]
    got = {
        "files": t.files,
        "bytes": t.bytes,
        "messages.raw": t.messages_raw,
        "messages.unique": len(t.ids),
        "attachments.raw": t.attachments_raw,
        "attachments.unique": len(t.hashes),
        "email_addresses.raw": t.addresses_raw,
        "email_addresses.unique": len(t.addresses),
    }
    want = {
        "files": manifest["files"],
        "bytes": manifest["bytes"],
        "messages.raw": counts["messages"]["raw"],
        "messages.unique": counts["messages"]["unique"],
        "attachments.raw": counts["attachments"]["raw"],
        "attachments.unique": counts["attachments"]["unique"],
        "email_addresses.raw": counts["email_addresses"]["raw"],
        "email_addresses.unique": counts["email_addresses"]["unique"],
    }
    ok = True
    for key in want:
        mark = "ok" if got[key] == want[key] else "MISMATCH"
        ok &= got[key] == want[key]
        print("%-24s manifest %-10s python %-10s %s" % (key, want[key], got[key], mark))

    for entry in manifest.get("by_message", []):
        rel = entry["path"].replace("/", os.sep)
        if rel not in by_path:
            print("by_message: %s missing" % entry["path"])
            ok = False
            continue
        for problem in compare(entry["path"], entry, by_path[rel]):
            print("by_message: " + problem)
            ok = False
    if manifest.get("by_message"):
        print("by_message: %d entries checked" % len(manifest["by_message"]))
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
