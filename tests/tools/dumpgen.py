#!/usr/bin/env python3
"""Writes samples/dumps: the data dumps a breach analyst receives, made by
this project (deterministic, no randomness): a CSV export of customers, a
mysqldump of a shop database, and a tar.gz holding a pg_dump and an NDJSON
export; with their ground truth in samples/dumps/MANIFEST.json (rows per
table, e-mail addresses).

Usage: tests/tools/dumpgen.py OUT_DIR
"""
import gzip
import io
import json
import os
import sys
import tarfile

FIRST = ["Anna", "Ben", "Chloé", "Dmitri", "Emma", "Farid", "Greta", "Hiro",
         "Ines", "Jonas", "Kemal", "Lena"]
LAST = ["Schmidt", "Okafor", "Dubois", "Ivanov", "Rossi", "Haddad",
        "Larsen", "Tanaka", "García", "Weber", "Yilmaz", "Novak"]
DOMAINS = ["contoso.de", "fabrikam.co.uk", "northwind.fr"]


def people(n, offset):
    out = []
    for i in range(n):
        f = FIRST[(i + offset) % len(FIRST)]
        l = LAST[(i * 5 + offset) % len(LAST)]
        d = DOMAINS[(i + offset) % len(DOMAINS)]
        local = (f[0] + "." + l).lower().replace("é", "e").replace("í", "i")
        out.append((i + 1, f, l, f"{local}{i + offset}@{d}",
                    f"+49 30 {5550100 + i + offset}"))
    return out


def csv_export(rows):
    lines = ["id;first_name;last_name;email;phone"]
    for r in rows:
        lines.append(";".join([str(r[0]), r[1], f'"{r[2]}"', r[3], r[4]]))
    # Windows line ends and a UTF-8 byte-order mark, as Excel writes it.
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def mysqldump(rows):
    vals = ",".join(
        "({},'{}','{}','{}')".format(r[0], (r[1] + " " + r[2]).replace("'", "\\'"),
                                     r[3], r[4]) for r in rows)
    orders = ",".join(f"({i + 1},{rows[i % len(rows)][0]},{(i + 3) * 17}.50)"
                      for i in range(8))
    return (
        "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n"
        "-- Host: localhost    Database: shop\n\n"
        "/*!40101 SET NAMES utf8mb4 */;\n\n"
        "CREATE TABLE `customers` (\n  `id` int NOT NULL,\n"
        "  `name` varchar(80) DEFAULT NULL,\n  `email` varchar(120) DEFAULT NULL,\n"
        "  `phone` varchar(40) DEFAULT NULL,\n  PRIMARY KEY (`id`)\n)"
        " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n"
        "LOCK TABLES `customers` WRITE;\n"
        f"INSERT INTO `customers` VALUES {vals};\nUNLOCK TABLES;\n\n"
        "CREATE TABLE `orders` (\n  `id` int NOT NULL,\n  `customer_id` int,\n"
        "  `total` decimal(10,2),\n  PRIMARY KEY (`id`)\n);\n"
        f"INSERT INTO `orders` VALUES {orders};\n").encode("utf-8")


def pg_dump(rows):
    data = "".join(f"{r[0]}\t{r[1]} {r[2]}\t{r[3]}\n" for r in rows)
    return ("-- PostgreSQL database dump\n\nSET client_encoding = 'UTF8';\n\n"
            "CREATE TABLE public.newsletter (\n    id integer NOT NULL,\n"
            "    name text,\n    email text\n);\n\n"
            "COPY public.newsletter (id, name, email) FROM stdin;\n"
            f"{data}\\.\n\n").encode("utf-8")


def ndjson(rows):
    return "".join(json.dumps({"user": {"email": r[3], "name": r[1]},
                               "login_count": r[0] * 3}) + "\n"
                   for r in rows).encode("utf-8")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    crm = people(12, 0)
    shop = people(10, 3)
    news = people(6, 7)
    logins = people(5, 11)
    files = {"customers_export.csv": csv_export(crm),
             "shop_backup.sql": mysqldump(shop)}
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    # A tar.gz of two more dumps (deterministic: fixed times and owners).
    tar_bytes = io.BytesIO()
    with tarfile.open(fileobj=tar_bytes, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in (("export/newsletter.sql", pg_dump(news)),
                           ("export/logins.ndjson", ndjson(logins))):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1700000000
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            t.addfile(info, io.BytesIO(data))
    gz = io.BytesIO()
    with gzip.GzipFile(fileobj=gz, mode="wb", mtime=0, filename="") as g:
        g.write(tar_bytes.getvalue())
    with open(os.path.join(out, "exports.tar.gz"), "wb") as f:
        f.write(gz.getvalue())
    emails = sorted({r[3] for r in crm + shop + news + logins})
    manifest = {
        "generator": "tests/tools/dumpgen.py",
        "files": ["customers_export.csv", "shop_backup.sql", "exports.tar.gz"],
        "rows_per_table": {"csv.customers_export": 12, "dump.customers": 10,
                           "dump.orders": 8, "public.newsletter": 6,
                           "json.logins": 5},
        "email_addresses": len(emails),
    }
    with open(os.path.join(out, "MANIFEST.json"), "w") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
