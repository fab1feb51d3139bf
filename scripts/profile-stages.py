#!/usr/bin/env python3
"""Per-stage table of a `perf script -F tid,comm,ip,sym,dso` dump with call
chains (scripts/profile). Each sample is attributed to the stage of its
innermost frame that names one, so a memcpy or malloc counts for the
stage that called it; samples no frame names are "other" by the DSO of
their innermost user-space frame.

usage: profile-stages.py SAMPLES HZ WALL_SECONDS BYTES MESSAGES
"""
import collections
import re
import sys

# (stage, test on (symbol, dso)), checked in this order on each frame.
RULES = [
    ("read + hash", lambda s, d: "libcrypto" in d or s.startswith("XXH")
     or re.match(r"^(__libc_)?p?read(64)?$|^__GI___libc_p?read|^__read", s)
     or "leakscope::Sha256" in s or "leakscope::sha256" in s),
    ("file system", lambda s, d: re.match(
        r"^(__libc_)?(open|openat|fstat|stat|statx|getdents|close|readlink)"
        r"(64)?$|^__GI___(open|fstat|close)", s)),
    ("charset conversion", lambda s, d: s.startswith("ucnv_")
     or "leakscope::charset" in s or "UConverter" in s),
    ("PDF (MuPDF)", lambda s, d: re.match(r"^(fz_|pdf_|FT_|hb_|jbig2_|opj_|"
                                          r"jpeg_|ft_|tt_|cff_|af_)", s)
     or "leakscope::pdf::" in s),
    ("PDF (poppler)", lambda s, d: "libpoppler" in d),
    ("Office documents", lambda s, d: any(x in d for x in
                                          ("libgsf", "libxml2", "libzip"))
     or "leakscope::office::" in s),
    ("archives", lambda s, d: "leakscope::archive::" in s),
    ("MIME", lambda s, d: "leakscope::mime::" in s),
    ("classification", lambda s, d: "leakscope::classify::" in s
     or any(x in d for x in ("libhs", "libphonenumber", "libprotobuf",
                             "libabsl", "libpsl"))),
    ("compression (zstd)", lambda s, d: s.startswith("ZSTD_") or "libzstd" in d
     or "leakscope::zstd" in s),
    ("store (SQLite)", lambda s, d: s.startswith("sqlite3") or "libsqlite3" in d),
    ("store (writer)", lambda s, d: "leakscope::store::" in s
     or "leakscope::Store" in s or "leakscope::StoreWriter" in s),
    ("SQL Server pages", lambda s, d: "leakscope::mtf::" in s
     or "leakscope::mssql::" in s),
    ("ingest pipeline", lambda s, d: "leakscope::ingest::" in s
     or "leakscope::walk::" in s),
]


def stage_of(frames):
    for sym, dso in frames:
        for name, test in RULES:
            if test(sym, dso):
                return name
    for sym, dso in frames:
        if "kernel" not in dso:
            return "other (" + dso.rsplit("/", 1)[-1] + ")"
    return "other (kernel)"


def samples(path):
    """Yields (tid, frames innermost first) per sample."""
    tid, frames = None, []
    frame = re.compile(r"^\s+[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$")
    for line in open(path, errors="replace"):
        if not line.strip():
            if tid is not None:
                yield tid, frames
            tid, frames = None, []
            continue
        m = frame.match(line)
        if m and tid is not None:
            sym = re.sub(r"\+0x[0-9a-f]+$", "", m.group(1))
            frames.append((sym, m.group(2)))
        elif not line.startswith((" ", "\t")):
            parts = line.split()
            tid = parts[1] if len(parts) > 1 and parts[1].isdigit() else parts[0]
            frames = []
    if tid is not None:
        yield tid, frames


def main():
    path, hz, wall, nbytes, messages = sys.argv[1:6]
    hz, wall, nbytes = float(hz), float(wall), int(nbytes)
    by_stage = collections.Counter()
    by_thread = collections.defaultdict(collections.Counter)
    for tid, frames in samples(path):
        s = stage_of(frames)
        by_stage[s] += 1
        by_thread[tid][s] += 1
    total = sum(by_stage.values())
    if not total:
        print("profile: no samples (is perf allowed? kernel.perf_event_paranoid)")
        sys.exit(1)
    print(f"\nprofile: leakscope ingest --jobs 2 of {messages} messages, "
          f"{nbytes / 1e6:.1f} MB, {wall:.1f} s wall under perf, "
          f"{total / hz:.1f} CPU s sampled")
    print(f"  {'stage':<28} {'CPU s':>8} {'share':>7}")
    for name, n in by_stage.most_common():
        print(f"  {name:<28} {n / hz:>8.2f} {n / total:>7.1%}")
    print("\nby thread (CPU s; the three largest stages of each):")
    for tid, c in sorted(by_thread.items(), key=lambda kv: -sum(kv[1].values())):
        n = sum(c.values())
        if n / hz < 0.05:
            continue
        top = ", ".join(f"{s} {k / n:.0%}" for s, k in c.most_common(3))
        print(f"  thread {tid:<8} {n / hz:>7.2f}  {top}")


if __name__ == "__main__":
    main()
