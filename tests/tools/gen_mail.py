#!/usr/bin/env python3
"""Deterministic business-mail exposure generator (leakscope's own fixtures).

  gen_mail.py --samples --out samples        ~50 messages: inbox, sent, backup
                                             copies, an mbox, a .zst, MANIFEST.json
  gen_mail.py --count N --out DIR [--seed S] N messages for benchmarks

Messages are written by hand (not with Python's email package) so that every
encoding choice is explicit: RFC 2047 subjects and names (B and Q), RFC 2231
file names (percent-encoded and continued), charsets us-ascii, UTF-8 (QP and
base64), ISO-8859-1, windows-1252, ISO-2022-JP, Shift_JIS and an undeclared
8-bit body. MANIFEST.json holds the ground truth the ingest must reproduce.
"""
import argparse, base64, hashlib, json, os, quopri, random, shutil, subprocess

VENDOR = ("northwind-consulting.com", "Northwind Consulting")
CUSTOMERS = [
    ("contoso.de", "de", [("Jürgen", "Müller"), ("Anna", "Schäfer")], "+49 30 901820"),
    ("fabrikam.co.uk", "gb", [("Oliver", "Smith"), ("Amelia", "Jones")], "+44 20 7946 0958"),
    ("adatum.fr", "fr", [("Gaëlle", "Lefèvre"), ("Hélène", "Dubois")], "+33 1 42 68 53 00"),
    ("tailspin.co.jp", "jp", [("太郎", "田中"), ("花子", "鈴木")], "+81 3-1234-5678"),
    ("wingtip.com.br", "br", [("José", "Silva"), ("Ana", "Conceição")], "+55 11 3456-7890"),
    ("litware.es", "es", [("Íñigo", "Núñez"), ("María", "García")], "+34 912 345 678"),
    ("proseware.in", "in", [("Priya", "Sharma"), ("Arjun", "Patel")], "+91 22 2345 6789"),
    ("digital.agency.gov.uk", "gb", [("Grace", "Hopper")], "+44 20 7946 0000"),
]
FREEMAIL = [("gmail.com", [("Max", "Mustermann")]), ("outlook.com", [("Jane", "Doe")])]
STAFF = [("Sarah", "Connor"), ("Tom", "Baker"), ("Lena", "Fischer")]
SUBJECTS = ["Statement of Work – {y} rollout", "Price list {y}", "Invoice INV-{y}-{n:04d}",
            "Re: Project kickoff", "Meeting notes {y}", "Purchase order PO-{n:05d}",
            "Contract renewal {y}", "Angebot für {y}", "Devis {y} – réseau"]
ZONES = ["+0000", "+0100", "+0200", "-0500", "-0800", "+0900", "+0530", "-0300"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


class Rng:
    """Own integer draws so output is identical on every Python version."""
    def __init__(self, seed):
        self.r = random.Random(seed)
    def below(self, n):
        return self.r.getrandbits(32) % n
    def pick(self, seq):
        return seq[self.below(len(seq))]


def ascii_local(first, last):
    table = str.maketrans("äöüßéèêëáàâãçíñóôúûÍÑÁÉ", "aouseeeeaaaacinoouuINAE")
    s = f"{first}.{last}".lower().translate(table)
    s = "".join(c for c in s if c.isascii() and (c.isalnum() or c == "."))
    return s if s.strip(".") else "user"


def enc_word(text, rng):
    if text.isascii():
        return text
    b = text.encode("utf-8")
    if rng.below(2):
        return "=?UTF-8?B?" + base64.b64encode(b).decode() + "?="
    q = "".join(c if (c.isascii() and c.isalnum()) else ("_" if c == " " else "".join(f"={x:02X}" for x in c.encode())) for c in text)
    return "=?UTF-8?Q?" + q + "?="


def fmt_date(rng, year):
    month, day = rng.below(12), 1 + rng.below(28)
    h, m, s = rng.below(24), rng.below(60), rng.below(60)
    wd = DAYS[(year * 365 + month * 31 + day) % 7]
    return f"{wd}, {day} {MONTHS[month]} {year} {h:02d}:{m:02d}:{s:02d} {rng.pick(ZONES)}"


def tiny_png(seed):
    import zlib, struct
    raw = b"".join(b"\x00" + bytes([(seed * 7 + x * 13 + y) % 256 for x in range(4)] * 3) for y in range(4))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


class Gen:
    def __init__(self, seed):
        self.rng = Rng(seed)
        self.n = 0
        self.counts = {"messages": {"raw": 0, "ids": set()}, "attachments": {"raw": 0, "shas": set()},
                       "addresses": {"raw": 0, "set": set()}}

    def person(self):
        r = self.rng
        if r.below(10) == 0:
            dom, people = r.pick(FREEMAIL)
            first, last = r.pick(people)
            return f"{first} {last}", f"{ascii_local(first, last)}@{dom}", None
        dom, cc, people, phone = r.pick(CUSTOMERS)
        first, last = r.pick(people)
        return f"{first} {last}", f"{ascii_local(first, last)}@{dom}", phone

    def staff(self):
        first, last = self.rng.pick(STAFF)
        return f"{first} {last}", f"{ascii_local(first, last)}@{VENDOR[0]}"

    def body_part(self, text):
        """A text/plain part in a randomly chosen charset and encoding."""
        r = self.rng
        choice = r.below(7)
        if choice == 0 and text.isascii():
            return "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + text
        if choice == 1:
            return ("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
                    base64.encodebytes(text.encode()).decode().replace("\n", "\r\n"))
        if choice in (2, 3):
            for cs in ("iso-8859-1", "windows-1252"):
                try:
                    b = text.encode(cs)
                    return (f"Content-Type: text/plain; charset={cs}\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
                            quopri.encodestring(b).decode("ascii").replace("\n", "\r\n"))
                except UnicodeEncodeError:
                    pass
        if choice == 4:
            for cs in ("iso-2022-jp", "shift_jis"):
                try:
                    b = text.encode(cs)
                    cte = "7bit" if cs == "iso-2022-jp" else "base64"
                    payload = b.decode("ascii") if cte == "7bit" else base64.encodebytes(b).decode()
                    return f"Content-Type: text/plain; charset={cs.upper()}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n" + payload.replace("\n", "\r\n")
                except UnicodeEncodeError:
                    pass
        if choice == 5:
            # 8-bit UTF-8 body with no charset parameter: the reader must detect it.
            return "Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text
        return ("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
                quopri.encodestring(text.encode()).decode("ascii").replace("\n", "\r\n"))

    def attachment(self, idx, big):
        r = self.rng
        kind = r.below(4)
        year = 2014 + r.below(9)
        if kind == 0:
            rows = ["SKU;Description;Unit price;Currency"] + [f"NW-{i:04d};Service item {i};{(i * 37) % 900 + 50}.00;EUR" for i in range(5 + (r.below(400) if big else r.below(20)))]
            data, ctype, name = ("\n".join(rows) + "\n").encode(), "text/csv", f"Preisliste {year} Müller.csv"
        elif kind == 1:
            data, ctype, name = tiny_png(r.below(50)), "image/png", f"logo{r.below(5)}.png"
        elif kind == 2:
            data = (f"Meeting notes {year}\nAttendees: {idx}\n" + "Deliverables and milestones.\n" * (1 + r.below(300 if big else 20))).encode()
            ctype, name = "text/plain", f"notes-{year}.txt"
        else:
            data = bytes((idx * 31 + i * 7) % 256 for i in range(2000 + (r.below(90000) if big else r.below(3000))))
            ctype, name = "application/octet-stream", f"export_{year}_part{r.below(9)}.dat"
        self.counts["attachments"]["raw"] += 1
        self.counts["attachments"]["shas"].add(hashlib.sha256(data).hexdigest())
        style = r.below(3)
        if not name.isascii() or style == 0:
            pct = "".join(c if (c.isascii() and (c.isalnum() or c in ".-_")) else "".join(f"%{x:02X}" for x in c.encode()) for c in name)
            if len(pct) > 30 and style != 0:
                disp = f"attachment;\r\n filename*0*=UTF-8''{pct[:20]};\r\n filename*1*={pct[20:]}"
            else:
                disp = f"attachment; filename*=UTF-8''{pct}"
        else:
            disp = f'attachment; filename="{name}"'
        b64 = base64.encodebytes(data).decode().replace("\n", "\r\n")
        ascii_name = name if name.isascii() else "attachment"
        return f'Content-Type: {ctype}; name="{ascii_name}"\r\nContent-Disposition: {disp}\r\nContent-Transfer-Encoding: base64\r\n\r\n{b64}', name

    def message(self, big=False, nested_ok=True, year=None):
        r = self.rng
        self.n += 1
        idx = self.n
        year = year or 2014 + r.below(9)
        inbound = r.below(2)
        sname, saddr = self.staff()
        cname, caddr, phone = self.person()
        frm, to = ((cname, caddr), (sname, saddr)) if inbound else ((sname, saddr), (cname, caddr))
        cc = [self.person()[:2] for _ in range(r.below(3))]
        subject = r.pick(SUBJECTS).format(y=year, n=idx)
        msgid = f"<{idx}.{year}.{r.below(10**9)}@{frm[1].split('@')[1]}>"
        headers = []
        for hop in range(1 + r.below(3)):
            headers.append(f"Received: from mx{hop}.{frm[1].split('@')[1]} (mx{hop} [192.0.2.{hop + 1}])\r\n\tby mail.{to[1].split('@')[1]}; {fmt_date(r, year)}")
        headers += [f"From: {enc_word(frm[0], r)} <{frm[1]}>", f"To: {enc_word(to[0], r)} <{to[1]}>"]
        if cc:
            headers.append("Cc: " + ",\r\n ".join(f"{enc_word(n, r)} <{a}>" for n, a in cc))
        headers += [f"Subject: {enc_word(subject, r)}", f"Date: {fmt_date(r, year)}", f"Message-ID: {msgid}", "MIME-Version: 1.0"]
        if r.below(3) == 0:
            headers.append(f"In-Reply-To: <{max(1, idx - 1)}.prev@{VENDOR[0]}>")
        self.counts["messages"]["raw"] += 1
        self.counts["messages"]["ids"].add(msgid)
        for a in [frm[1], to[1]] + [a for _, a in cc]:
            self.counts["addresses"]["raw"] += 1
            self.counts["addresses"]["set"].add(a.lower())
        sig = f"\n\n--\n{frm[0]}\n" + (f"Tel. {phone}\n" if phone else "") + f"{frm[1]}\n"
        text = f"Dear {to[0]},\n\nplease find the details for {subject} below.\nKind regards{sig}"
        parts, names = [], []
        if r.below(2) or big:
            for k in range(1 + r.below(2)):
                p, name = self.attachment(idx, big)
                parts.append(p)
                names.append(name)
        if nested_ok and r.below(12) == 0:
            inner, _, _ = self.message(nested_ok=False, year=year)
            parts.append("Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n" + inner)
        if r.below(4) == 0:
            html = f"<html><body><p>Dear {to[0]},</p><p>please find the details for <b>{subject}</b>.</p></body></html>"
            body = "Content-Type: multipart/alternative; boundary=\"alt-%d\"\r\n\r\n--alt-%d\r\n%s\r\n--alt-%d\r\nContent-Type: text/html; charset=utf-8\r\n\r\n%s\r\n--alt-%d--\r\n" % (idx, idx, self.body_part(text), idx, html, idx)
        else:
            body = self.body_part(text)
        if parts:
            b = f"mixed-{idx}-{r.below(10**6)}"
            out = "\r\n".join(headers) + f"\r\nContent-Type: multipart/mixed; boundary=\"{b}\"\r\n\r\nThis is a multi-part message in MIME format.\r\n"
            for p in [body] + parts:
                out += f"--{b}\r\n{p}\r\n"
            out += f"--{b}--\r\n"
        else:
            out = "\r\n".join(headers) + "\r\n" + body + "\r\n"
        return out, subject, names


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=0)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--samples", action="store_true")
    a = ap.parse_args()
    g = Gen(a.seed)
    files, by_message = [], []
    if a.samples:
        saved = []
        for i in range(1, 37):
            folder = "inbox" if i % 3 else "sent"
            msg, subject, names = g.message()
            rel = f"mail/{folder}/{i:04d}.eml"
            write(os.path.join(a.out, rel), msg)
            files.append(rel)
            by_message.append({"path": rel, "subject": subject, "attachments": names})
            saved.append(msg)
        # Duplicates: exact copies, and copies with one more Received header.
        for k, i in enumerate((2, 5, 9)):
            rel = f"mail/backup/{k + 1:04d}.eml"
            write(os.path.join(a.out, rel), saved[i])
            files.append(rel)
        for k, i in enumerate((3, 7)):
            rel = f"mail/backup/relayed-{k + 1:04d}.eml"
            write(os.path.join(a.out, rel), "Received: from relay.backup.example by archive.example; Sat, 1 Jan 2022 00:00:00 +0000\r\n" + saved[i])
            files.append(rel)
        dup_counts = [saved[i] for i in (2, 5, 9, 3, 7)]
        # mbox (mboxrd) with From-quoting in bodies.
        box = []
        for j in range(8):
            msg, _, _ = g.message(year=2016)
            if j == 2:
                msg = msg.replace("Kind regards", "From here on we quote.\r\n>From the archive.\r\nKind regards", 1)
            lines = []
            for line in msg.split("\r\n"):
                stripped = line.lstrip(">")
                lines.append(">" + line if stripped.startswith("From ") else line)
            box.append(f"From {VENDOR[0]} Mon Jun  6 12:00:{j:02d} 2016\n" + "\n".join(lines) + "\n")
        rel = "mail/archive-2016.mbox"
        write(os.path.join(a.out, rel), "\n".join(box))
        files.append(rel)
        # One zstd-compressed message.
        msg, subject, names = g.message()
        rel = "mail/compressed/0001.eml.zst"
        p = subprocess.run(["zstd", "-q", "-c"], input=msg.encode(), capture_output=True, check=True)
        write(os.path.join(a.out, rel), p.stdout)
        files.append(rel)
        # Duplicates count as raw occurrences of the same Message-IDs.
        for d in dup_counts:
            gdup = d  # re-count the copies' messages, attachments and addresses
        c = g.counts
        extra = recount(dup_counts)
        c["messages"]["raw"] += extra["messages"]
        c["attachments"]["raw"] += extra["attachments"]
        c["addresses"]["raw"] += extra["addresses"]
    else:
        for i in range(a.count):
            msg, _, _ = g.message(big=(i % 2 == 0))
            rel = f"mail/d{i // 1000:03d}/{i:06d}.eml"
            write(os.path.join(a.out, rel), msg)
            files.append(rel)
    c = g.counts
    manifest = {
        "generator": "tests/tools/gen_mail.py", "seed": a.seed, "files": len(files),
        "bytes": sum(os.path.getsize(os.path.join(a.out, f)) for f in files),
        "counts": {"messages": {"raw": c["messages"]["raw"], "unique": len(c["messages"]["ids"])},
                   "attachments": {"raw": c["attachments"]["raw"], "unique": len(c["attachments"]["shas"])},
                   "email_addresses": {"raw": c["addresses"]["raw"], "unique": len(c["addresses"]["set"])}},
    }
    if a.samples:
        manifest["by_message"] = by_message
    write(os.path.join(a.out, "MANIFEST.json"), json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def recount(messages):
    """Counts messages, attachments and addresses in copies (for raw totals)."""
    import email, email.policy
    out = {"messages": 0, "attachments": 0, "addresses": 0}
    for m in messages:
        msg = email.message_from_string(m, policy=email.policy.default)
        for part in msg.walk():
            if part.get_content_type() == "message/rfc822" or part is msg:
                out["messages"] += 1
                for h in ("from", "to", "cc"):
                    out["addresses"] += len(getattr(part.get(h), "addresses", ()) or ())
        for part in msg.walk():
            if part.get_content_maintype() in ("multipart", "message"):
                continue
            if part.get_filename() is not None or part.is_attachment():
                out["attachments"] += 1
    return out


if __name__ == "__main__":
    main()
