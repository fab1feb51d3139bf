#!/usr/bin/env python3
"""The classifier's evaluation: labelled data in, precision/recall/F1 out.

  eval_classifier.py generate DIR [--count N] [--seed S]
      writes DIR/case_NNNN.eml (one message each: labelled identifiers and
      decoys in the body, a .com sender so that no country hint helps) and
      DIR/labels.jsonl ({"file", "type", "value"} per identifier, values
      normalised the way leakscope stores them).
  eval_classifier.py score-generated STORE DIR
  eval_classifier.py score-documents STORE LABELS.tsv
      read the findings of a store that `leakscope ingest` wrote from DIR
      (or from the folder of LABELS.tsv) and print a table per type.
  Options of the score commands: --json FILE (write the figures),
  --baseline FILE (exit 1 when a figure is below the recorded one),
  --targets (exit 1 when a target of issue 12 is missed).

Everything is generated here from a seed: the set is the same on every run.
"""

import argparse
import base64
import json
import os
import random
import sqlite3
import sys

# --- generation -----------------------------------------------------------

FIRST = ["anna", "bob", "carol", "dmitri", "elena", "farid", "greta", "hugo",
         "ines", "jonas", "kemal", "lucia", "marek", "nora", "oskar", "priya"]
LAST = ["berg", "stone", "king", "ivanov", "rossi", "haddad", "larsen",
        "moreau", "garcia", "schmidt", "yilmaz", "novak", "dubois", "patel"]
COMPANIES = ["contoso", "fabrikam", "northwind", "adatum", "litware",
             "proseware", "tailspin", "woodgrove", "wingtip", "fourthcoffee"]
TLDS = ["com", "de", "fr", "co.uk", "es", "it", "nl", "ch", "at", "se"]


def luhn_complete(prefix, length, rng):
    digits = prefix + "".join(rng.choice("0123456789")
                              for _ in range(length - len(prefix) - 1))
    return next(digits + c for c in "0123456789" if luhn_ok(digits + c))


def luhn_ok(number):
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_with_check(country, bban):
    rearranged = bban + country + "00"
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    check = 98 - int(numeric) % 97
    return f"{country}{check:02d}{bban}"


def grouped(s, n=4, sep=" "):
    return sep.join(s[i:i + n] for i in range(0, len(s), n))


def gen_email(rng):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    domain = rng.choice(COMPANIES) + "." + rng.choice(TLDS)
    form = rng.randrange(6)
    if form == 0:
        local = f"{first}.{last}"
    elif form == 1:
        local = f"{first[0]}{last}"
    elif form == 2:
        local = f"{first}+{rng.randrange(1, 99)}"
    elif form == 3:
        local = f"_{first.capitalize()}.{last.capitalize()}"
    elif form == 4:
        local = f"{first}&{rng.randrange(1, 99)}"
    else:
        local = f"{first}_{last}{rng.randrange(1, 9)}"
    shown = f"{local}@{domain}"
    if rng.random() < 0.2:
        shown = shown.upper()
    return shown, (local + "@" + domain).lower()


PHONE_FORMS = ["international", "trunk (0)", "prefix 00", "prefix 011",
               "extension", "national, no hint",
               "national, hint in the text", "national, sender's ccTLD"]


def gen_phone_form(rng):
    """(shown, E.164, form): the written forms people use (issue 15)."""
    form = rng.choice(PHONE_FORMS[:-1])  # the ccTLD form: hinted messages
    shown, e164 = gen_phone(rng)
    if form == "international":
        return shown, e164, form
    if form == "trunk (0)":  # +49 (0)30 1234 5678
        cc = "49" if e164.startswith("+49") else "44" if e164.startswith(
            "+44") else None
        if cc is None:
            return shown, e164, "international"
        rest = e164[1 + len(cc):]
        return f"+{cc} (0){rest[:2]} {rest[2:6]} {rest[6:]}", e164, form
    if form == "prefix 00":
        return "00" + shown[1:], e164, form
    if form == "prefix 011":
        return "011 " + shown[1:].lstrip(), e164, form
    if form == "extension":
        ext = str(rng.randrange(1, 999))
        return shown + rng.choice([f"x{ext}", f" ext. {ext}",
                                   f" Durchwahl -{ext}"]), e164, form
    if form == "national, hint in the text":
        # An Amsterdam number given internationally, then another one of
        # the same city written nationally: the first names the region
        # (NL is not among the default regions).
        a = f"{rng.randrange(5000000, 7999999)}"
        b = f"{rng.randrange(5000000, 7999999)}"
        return (f"+31 20 {a[:3]} {a[3:]} (kantoor 020 {b[:3]} {b[3:]})",
                [("+3120" + a, "international"), ("+3120" + b, form)], form)
    # A national number with no country hint (North American 3-3-4).
    ex = rng.randrange(201, 999)
    while ex % 100 == 11 or ex == 555:
        ex = rng.randrange(201, 999)
    line = str(rng.randrange(0, 9999)).zfill(4)
    return (rng.choice([f"(212) {ex}-{line}", f"212-{ex}-{line}"]),
            f"+1212{ex}{line}", form)


def gen_phone(rng):
    kind = rng.randrange(5)
    if kind == 0:  # Berlin, 8-digit subscriber
        sub = str(rng.randrange(2000000, 99999999)).zfill(8)
        e164 = "+4930" + sub
        shown = f"+49 30 {sub[:4]} {sub[4:]}"
    elif kind == 1:  # London 020 7946 0xxx (Ofcom's drama range)
        sub = "79460" + str(rng.randrange(0, 999)).zfill(3)
        e164 = "+4420" + sub
        shown = f"+44 20 {sub[:4]} {sub[4:]}"
    elif kind == 2:  # Paris
        sub = "1" + "".join(rng.choice("0123456789") for _ in range(8))
        e164 = "+33" + sub
        shown = "+33 " + sub[0] + " " + " ".join(sub[i:i + 2]
                                                 for i in range(1, 9, 2))
    elif kind == 3:  # New York, exchange 2xx-9xx but not 555 or N11
        ex = rng.randrange(201, 999)
        while ex % 100 == 11 or ex == 555:
            ex = rng.randrange(201, 999)
        line = str(rng.randrange(0, 9999)).zfill(4)
        e164 = f"+1212{ex}{line}"
        shown = rng.choice([f"+1 (212) {ex}-{line}", f"+1-212-{ex}-{line}",
                            f"+1 212 {ex} {line}"])
    else:  # Munich
        sub = str(rng.randrange(2000000, 9999999))
        e164 = "+4989" + sub
        shown = f"+49 89 {sub}"
    return shown, e164


def gen_card(rng):
    # Every network of src/classify/data/card_ranges.tsv, with its lengths.
    prefix, length = rng.choice([
        ("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16),
        ("34", 15), ("37", 15), ("6011", 16), ("65", 16), ("4", 13),
        ("4", 19), ("5018", 12), ("6304", 19), ("6759", 16), ("2131", 15),
        ("1800", 15), ("3528", 16), ("2200", 16), ("62", 19), ("81", 16),
        ("508", 16), ("506699", 16), ("9792", 16), ("606282", 16),
        ("506099", 18), ("36", 14)])
    number = luhn_complete(prefix, length, rng)
    if length == 16 and rng.random() < 0.6:
        shown = grouped(number, 4, rng.choice([" ", "-"]))
    else:
        shown = number
    return shown, number


def gen_iban(rng):
    country = rng.choice(["DE", "GB", "FR", "NL", "ES"])
    if country == "DE":
        bban = "".join(rng.choice("0123456789") for _ in range(18))
    elif country == "GB":
        bban = rng.choice(["WEST", "BARC", "NWBK", "MIDL"]) + "".join(
            rng.choice("0123456789") for _ in range(14))
    elif country == "FR":
        bban = "".join(rng.choice("0123456789") for _ in range(23))
    elif country == "NL":
        bban = rng.choice(["ABNA", "INGB", "RABO"]) + "".join(
            rng.choice("0123456789") for _ in range(10))
    else:
        bban = "".join(rng.choice("0123456789") for _ in range(20))
    iban = iban_with_check(country, bban)
    shown = grouped(iban) if rng.random() < 0.6 else iban
    return shown, iban


def gen_ssn(rng):
    while True:
        area = rng.randrange(1, 900)
        if area != 666:
            break
    group, serial = rng.randrange(1, 100), rng.randrange(1, 10000)
    return f"{area:03d}-{group:02d}-{serial:04d}", f"{area:03d}{group:02d}{serial:04d}"


def gen_dni(rng):
    n = rng.randrange(10000000, 99999999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def gen_nino(rng):
    first_ok = "ABCEGHJKLMNOPRSTWXYZ"
    second_ok = "ABCEGHJKLMNPRSTWXYZ"
    while True:
        prefix = rng.choice(first_ok) + rng.choice(second_ok)
        if prefix not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            break
    digits = "".join(rng.choice("0123456789") for _ in range(6))
    suffix = rng.choice("ABCD")
    return (f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}",
            prefix + digits + suffix)


def positive(rng):
    """(sentence, type, value) of one labelled identifier."""
    t = rng.choice(["email", "email", "phone", "phone", "payment_card",
                    "iban", "national_id"])
    if t == "email":
        shown, value = gen_email(rng)
        return rng.choice([f"Please write to {shown} with the details.",
                           f"Contact: {shown}",
                           f"cc {shown}; thanks"]), t, value
    if t == "phone":
        shown, value, form = gen_phone_form(rng)
        sentence = rng.choice([f"Call me on {shown} tomorrow.",
                               f"Tel. {shown}", f"Mobile: {shown}"])
        if isinstance(value, list):  # several numbers, each with its form
            return sentence, t, value
        return sentence, t, (value, form)
    if t == "payment_card":
        shown, value = gen_card(rng)
        return rng.choice([f"Card number {shown}, exp 04/27.",
                           f"Please charge {shown} for the order.",
                           f"CC: {shown}"]), t, value
    if t == "iban":
        shown, value = gen_iban(rng)
        return rng.choice([f"IBAN: {shown}", f"Pay to {shown} by Friday.",
                           f"Bank account {shown}"]), t, value
    kind = rng.randrange(3)
    if kind == 0:
        shown, value = gen_ssn(rng)
        return rng.choice([f"SSN {shown}", f"Social Security number: {shown}",
                           f"her SSN is {shown}"]), "national_id", value
    if kind == 1:
        value = gen_dni(rng)
        return f"DNI {value}", "national_id", value
    shown, value = gen_nino(rng)
    return f"NI number {shown}", "national_id", value


def decoy(rng):
    """A sentence that holds no identifier of the evaluated types."""
    k = rng.randrange(10)
    if k == 0:  # Luhn-failing order number
        while True:
            n = "".join(rng.choice("0123456789") for _ in range(16))
            if n[0] in "3456" and not luhn_ok(n):
                break
        return f"Order no. {grouped(n) if rng.random() < 0.5 else n} shipped."
    if k == 1:  # IBAN with wrong check digits
        _, iban = gen_iban(rng)
        bad = iban[:2] + f"{(int(iban[2:4]) + rng.randrange(1, 90)) % 100:02d}" \
            + iban[4:]
        if bad == iban:
            bad = iban[:2] + "00" + iban[4:]
        return f"Reference {grouped(bad)} (old account)."
    if k == 2:  # SSN-shaped ticket numbers
        shown, _ = gen_ssn(rng)
        return rng.choice([f"Ticket {shown} was closed.",
                           f"Case #{shown} escalated.",
                           f"Order ref {shown}"])
    if k == 3:  # dates and times that look like phone numbers
        y, m, d = rng.randrange(2015, 2025), rng.randrange(1, 13), \
            rng.randrange(1, 29)
        return rng.choice([f"Meeting on {y}-{m:02d}-{d:02d} 14:30.",
                           f"Due {d:02d}.{m:02d}.{y} 09:15",
                           f"Timestamp {y}{m:02d}{d:02d} 1430 12"])
    if k == 4:  # GUID fragments
        g = "".join(rng.choice("0123456789") for _ in range(32))
        return (f"Request id {g[:8]}-{g[8:12]}-{g[12:16]}-{g[16:20]}-"
                f"{g[20:]} logged.")
    if k == 5:  # version strings
        return rng.choice([
            f"Updated to version {rng.randrange(1, 12)}.{rng.randrange(0, 9)}"
            f".{rng.randrange(1000, 20000)}.{rng.randrange(1, 999)}",
            f"build 4.{rng.randrange(0, 9)}.{rng.randrange(0, 99)}-rc1"])
    if k == 6:  # cookie and file names with an @
        return rng.choice([
            f"see image{rng.randrange(1, 9):03d}.png@01D7A8B2.4F3C2A10",
            "icon logo@2x.png attached", "sprite@3x.webp in the build",
            f"cookie _ga@{rng.choice(COMPANIES)}.jpg set"])
    if k == 7:  # prices and amounts
        return f"Total EUR {rng.randrange(100, 99999)},{rng.randrange(0, 99):02d}"
    if k == 8:  # part numbers
        return f"Part no. {rng.randrange(10**9, 10**10)}-{rng.randrange(10, 99)}"
    return f"Room {rng.randrange(100, 999)}, floor {rng.randrange(1, 30)}."


def attachment(rng):
    """(sentence for the body, file name, content type, bytes, document
    type or None): business documents and the decoys that resemble them."""
    k = rng.randrange(4)
    if k == 0:  # a roster is not a price list
        rows = "\r\n".join(
            f"{rng.choice(FIRST).capitalize()} {rng.choice(LAST).capitalize()};"
            f"{rng.choice(['early', 'late', 'night'])};{rng.randrange(4, 10)}"
            for _ in range(12))
        return ("The roster for May is attached.", "roster_may.csv",
                "text/csv", "Name;Shift;Hours\r\n" + rows + "\r\n", None)
    if k == 1:  # a mail that mentions a statement of work, with a photo
        jpeg = bytes([0xFF, 0xD8, 0xFF, 0xE0]) + bytes(
            rng.randrange(256) for _ in range(600))
        return ("As discussed, the statement of work follows next week; "
                "here is the photo of the site.", "site_photo.jpg",
                "image/jpeg", jpeg, None)
    if k == 2:
        rows = "\r\n".join(
            f"{rng.choice(['Router', 'Switch', 'Cable', 'Server', 'Licence'])}"
            f" {rng.randrange(10, 99)};{rng.randrange(5, 900)},"
            f"{rng.randrange(0, 99):02d} EUR" for _ in range(10))
        return ("Our current prices are attached.",
                rng.choice(["price_list_2021.csv", "Preisliste.csv",
                            "tarifs.csv"]),
                "text/csv", "Item;Unit price\r\n" + rows + "\r\n",
                "price_list")
    number = rng.randrange(1000, 9999)
    total = rng.randrange(100, 9000)
    return ("Please find the invoice attached.", f"invoice_{number}.txt",
            "text/plain",
            f"INVOICE\r\nInvoice number: {number}\r\nBill to: "
            f"{rng.choice(COMPANIES).capitalize()} Ltd\r\nConsulting services "
            f"EUR {total},00\r\nVAT 20% EUR {total // 5},00\r\nTotal due: "
            f"EUR {total + total // 5},00\r\nDue date: 30 days\r\n",
            "invoice")


def generate(out_dir, count, seed):
    rng = random.Random(seed)
    os.makedirs(out_dir, exist_ok=True)
    labels = []
    for i in range(count):
        name = f"case_{i:04d}.eml"
        sender = (f"{rng.choice(FIRST)}.{rng.choice(LAST)}@"
                  f"{rng.choice(COMPANIES)}.com")
        to = f"{rng.choice(FIRST)}@{rng.choice(COMPANIES)}.com"
        lines = []
        for _ in range(rng.randrange(1, 4)):
            sentence, t, value = positive(rng)
            lines.append(sentence)
            for v in (value if isinstance(value, list) else [value]):
                label = {"file": name, "type": t, "value": v}
                if isinstance(v, tuple):
                    label["value"], label["form"] = v
                labels.append(label)
        for _ in range(rng.randrange(1, 4)):
            lines.append(decoy(rng))
        rng.shuffle(lines)
        for addr in (sender, to):
            labels.append({"file": name, "type": "email", "value": addr})
        att = attachment(rng) if rng.random() < 0.3 else None
        if att:
            lines.append(att[0])
            if att[4]:
                labels.append({"file": name, "type": "document",
                                "value": att[4]})
        body = "Hello,\r\n\r\n" + "\r\n".join(lines) + "\r\n\r\nRegards\r\n"
        head = (f"From: {sender}\r\nTo: {to}\r\nSubject: case {i}\r\n"
                f"Date: Mon, 1 Mar 2021 10:00:00 +0000\r\n"
                f"Message-ID: <case{i}@eval.example>\r\n")
        if att:
            payload = att[3] if isinstance(att[3], bytes) else \
                att[3].encode()
            b64 = base64.encodebytes(payload).decode().replace("\n", "\r\n")
            msg = (head + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed;"
                   " boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
                   + body + f"--b\r\nContent-Type: {att[2]}; name=\"{att[1]}\""
                   f"\r\nContent-Disposition: attachment; filename=\"{att[1]}\""
                   "\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64 +
                   "--b--\r\n")
        else:
            msg = head + "\r\n" + body
        with open(os.path.join(out_dir, name), "w", newline="") as f:
            f.write(msg)
    # Messages whose sender's ccTLD is the hint: a German sender writing a
    # Berlin number nationally (after the others, so that their random
    # draws stay as they were).
    for k in range(count // 20):
        i = count + k
        name = f"case_{i:04d}.eml"
        sender = (f"{rng.choice(FIRST)}.{rng.choice(LAST)}@"
                  f"{rng.choice(COMPANIES)}.de")
        to = f"{rng.choice(FIRST)}@{rng.choice(COMPANIES)}.com"
        sub = str(rng.randrange(10000000, 99999999))
        shown = rng.choice([f"030 {sub[:4]} {sub[4:]}", f"030/{sub}",
                            f"(030) {sub[:4]} {sub[4:]}"])
        labels.append({"file": name, "type": "phone", "value": "+4930" + sub,
                       "form": "national, sender's ccTLD"})
        for addr in (sender, to):
            labels.append({"file": name, "type": "email", "value": addr})
        with open(os.path.join(out_dir, name), "w", newline="") as f:
            f.write(f"From: {sender}\r\nTo: {to}\r\nSubject: case {i}\r\n"
                    f"Date: Mon, 1 Mar 2021 10:00:00 +0000\r\n"
                    f"Message-ID: <case{i}@eval.example>\r\n\r\n"
                    f"Hallo,\r\n\r\nRufen Sie mich an: {shown}\r\n")
    count += count // 20
    with open(os.path.join(out_dir, "labels.jsonl"), "w") as f:
        for label in labels:
            f.write(json.dumps(label) + "\n")
    print(f"eval: wrote {count} messages and {len(labels)} labels to {out_dir}")


# --- scoring --------------------------------------------------------------

EVALUATED = ["email", "phone", "payment_card", "iban", "national_id",
             "document"]
TARGETS_GENERATED = {"precision": 0.98, "recall": 0.95}
TARGETS_DOCUMENTS = {"precision": 0.90, "recall": 0.80}


def family(finding_type):
    if finding_type.startswith("national_id."):
        return "national_id"
    if finding_type.startswith("document."):
        return "document"
    return finding_type


def comparable(finding_type, value):
    """(family, value); a document finding's value is its type."""
    if finding_type.startswith("document."):
        return "document", finding_type[len("document."):]
    return family(finding_type), value


def table(rows, title):
    print(title)
    print(f"  {'type':<20} {'TP':>5} {'FP':>5} {'FN':>5} {'precision':>10} "
          f"{'recall':>8} {'F1':>6}")
    for t, r in rows.items():
        print(f"  {t:<20} {r['tp']:>5} {r['fp']:>5} {r['fn']:>5} "
              f"{r['precision']:>10.3f} {r['recall']:>8.3f} {r['f1']:>6.3f}")


def figures(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4),
            "recall": round(r, 4), "f1": round(f1, 4)}


def source_findings(store):
    """{file name: set of (type family, value)} over all items of a source."""
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    out = {}
    q = ("SELECT s.path, f.type, f.value, f.confidence FROM findings f "
         "JOIN items i ON i.id = f.item_id JOIN sources s ON s.id = i.source_id")
    for path, t, value, confidence in db.execute(q):
        out.setdefault(os.path.basename(path), []).append(
            (t, value, confidence))
    return out


def score_generated(store, data_dir):
    expected = {}
    forms = {}  # (file, value) -> written form of a phone number
    for line in open(os.path.join(data_dir, "labels.jsonl")):
        label = json.loads(line)
        expected.setdefault(label["file"], set()).add(
            (label["type"], label["value"]))
        if "form" in label:
            forms[(label["file"], label["value"])] = label["form"]
    by_form = {}
    found_by_file = source_findings(store)
    counts = {t: [0, 0, 0] for t in EVALUATED}
    errors = {t: [] for t in EVALUATED}
    for name, exp in expected.items():
        found = {comparable(t, v) for t, v, _ in found_by_file.get(name, [])
                 if family(t) in EVALUATED}
        for t, v in found & exp:
            counts[t][0] += 1
            if (name, v) in forms:
                by_form.setdefault(forms[(name, v)], [0, 0])[0] += 1
        for t, v in found - exp:
            counts[t][1] += 1
            errors[t].append(f"FP {name} {v}")
        for t, v in exp - found:
            counts[t][2] += 1
            errors[t].append(f"FN {name} {v}")
            if (name, v) in forms:
                by_form.setdefault(forms[(name, v)], [0, 0])[1] += 1
    rows = {t: figures(*counts[t]) for t in EVALUATED}
    table(rows, f"(a) generated labelled set ({len(expected)} messages, "
                f"decoys included)")
    for t in EVALUATED:
        for e in errors[t][:5]:
            print(f"    {t}: {e}")
    print("  phones by written form (senders on .com, no country hint, but "
          "for the ccTLD form):")
    print(f"    {'form':<28} {'found':>6} {'missed':>7} {'recall':>7}")
    for form in PHONE_FORMS:
        tp, fn = by_form.get(form, [0, 0])
        r = tp / (tp + fn) if tp + fn else 1.0
        print(f"    {form:<28} {tp:>6} {fn:>7} {r:>7.3f}")
    return rows, TARGETS_GENERATED


def score_documents(store, labels_tsv):
    labels = {}
    with open(labels_tsv) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            cells = dict(zip(header, line.rstrip("\n").split("\t")))
            labels[cells["file"]] = cells["type"]
    found_by_file = source_findings(store)
    types = sorted({t for t in labels.values() if t != "none"})
    counts = {t: [0, 0, 0] for t in types}
    wrong = []
    for name, want in labels.items():
        docs = [(c, t[len("document."):]) for t, _, c in
                found_by_file.get(name, []) if t.startswith("document.")]
        got = max(docs)[1] if docs else "none"
        if got == want:
            if want != "none":
                counts[want][0] += 1
            continue
        wrong.append(f"{name}: labelled {want}, classified {got}")
        if got != "none":
            counts.setdefault(got, [0, 0, 0])[1] += 1
        if want != "none":
            counts[want][2] += 1
    rows = {t: figures(*counts[t]) for t in sorted(counts)}
    table(rows, f"(b) real business documents ({len(labels)} files, "
                f"{os.path.dirname(labels_tsv)})")
    for w in wrong:
        print(f"    {w}")
    return rows, TARGETS_DOCUMENTS


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("dir")
    g.add_argument("--count", type=int, default=300)
    g.add_argument("--seed", type=int, default=12)
    for name in ("score-generated", "score-documents"):
        s = sub.add_parser(name)
        s.add_argument("store")
        s.add_argument("data")
        s.add_argument("--json")
        s.add_argument("--baseline")
        s.add_argument("--targets", action="store_true")
    a = ap.parse_args()
    if a.cmd == "generate":
        generate(a.dir, a.count, a.seed)
        return 0
    if a.cmd == "score-generated":
        rows, targets = score_generated(a.store, a.data)
    else:
        rows, targets = score_documents(a.store, a.data)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1, sort_keys=True)
    status = 0
    if a.targets:
        for t, r in rows.items():
            for k, v in targets.items():
                if r[k] < v:
                    print(f"  target missed: {t} {k} {r[k]:.3f} < {v}")
                    status = 1
    if a.baseline:
        base = json.load(open(a.baseline))
        for t, r in base.items():
            for k in ("precision", "recall"):
                now = rows.get(t, {}).get(k, 0.0)
                if now + 1e-9 < r[k]:
                    print(f"  regression: {t} {k} {now:.3f} < baseline "
                          f"{r[k]:.3f}")
                    status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
