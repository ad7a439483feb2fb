#!/usr/bin/env python3
"""Regenerates BENCHMARKS.md from one run: JMH's jmh.json, BenchMain's meta.json and the CPython
script's python.json, all in --results. Standard library only.

    python3 bench/report.py --results target/bench --out BENCHMARKS.md

A quick (-Djmmap.bench.quick=true) or partial (-Djmmap.bench.include=...) run writes
BENCHMARKS-quick.md / BENCHMARKS-partial.md into --results instead, so smoke figures never
replace the recorded ones. The hand-written analysis in bench/NOTES.md is appended verbatim.
"""
import argparse
import json
import os
import platform
import subprocess

UNIT_NS = {"ns/op": 1.0, "us/op": 1e3, "ms/op": 1e6, "s/op": 1e9}
GiB = 1 << 30
HAYSTACK = 256 << 20
SCAN = 1 << 30


def load(path, default=None):
    if not os.path.exists(path):
        return default
    with open(path) as f:
        return json.load(f)


class Jmh:
    """Scores in ns per operation, keyed by 'Class.method' and the sorted params."""

    def __init__(self, rows):
        self.rows = rows
        self.by = {}
        for r in rows:
            name = ".".join(r["benchmark"].split(".")[-2:])
            params = tuple(sorted((r.get("params") or {}).items()))
            self.by[(name, params)] = r

    def row(self, name, **params):
        key = (name, tuple(sorted((k, str(v)) for k, v in params.items())))
        return self.by.get(key)

    def ns(self, name, **params):
        """The score in ns/op (the median for SampleTime), or None if the benchmark did not run."""
        r = self.row(name, **params)
        if r is None:
            return None
        pm = r["primaryMetric"]
        factor = UNIT_NS[pm["scoreUnit"]]
        if r["mode"] == "sample":
            return pm["scorePercentiles"]["50.0"] * factor
        return pm["score"] * factor


def fmt_ns(ns):
    if ns is None:
        return "n/a"
    for unit, f in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= f:
            return "%.3g %s" % (ns / f, unit)
    return "%.3g ns" % ns


def fmt_ratio(x):
    if x is None:
        return "n/a"
    return "%.3gx" % x if x < 100 else "%.0fx" % x


def gbps(nbytes, ns):
    return None if ns is None else nbytes / ns


def machine(jmh_rows, meta, py):
    def sh(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "unknown"
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "unknown"
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = "%.1f GiB" % (kb / (1 << 20))
    except (OSError, ValueError, IndexError):
        pass
    r0 = jmh_rows[0] if jmh_rows else {}
    return [
        ("CPUs (nproc)", sh(["nproc"])),
        ("CPU model (/proc/cpuinfo)", cpu),
        ("Memory", mem),
        ("Kernel", platform.system() + " " + platform.release()),
        ("JDK", "%s %s (%s)" % (r0.get("vmName", "?"), r0.get("vmVersion", "?"), r0.get("jvm", "?"))),
        ("JMH", "%s; %s fork, warm-up %s x %s, measurement %s x %s" % (
            r0.get("jmhVersion", "?"), r0.get("forks", "?"), r0.get("warmupIterations", "?"),
            r0.get("warmupTime", "?"), r0.get("measurementIterations", "?"), r0.get("measurementTime", "?"))),
        ("JVM flags", " ".join(r0.get("jvmArgs", []))),
        ("CPython", py.get("python", "not run") if py else "not run"),
        ("Run", "%s to %s" % (meta.get("started", "?"), meta.get("finished", "?"))),
        ("Load average before / after (/proc/loadavg)", "%s / %s" % (meta.get("loadBefore", "?"),
                                                                     meta.get("loadAfter", "?"))),
    ]


def targets(j, py):
    """(workload, what, measured ratio text, target text, status) for every target of issue 5."""
    P = (py or {}).get("results", {})

    def pysec(name):
        r = P.get(name)
        return None if r is None else r["seconds"] * 1e9

    out = []

    def add(workload, what, value, target, ok, detail=""):
        status = "n/a" if value is None else ("PASS" if ok(value) else "MISS")
        out.append((workload, what, fmt_ratio(value) + (" " + detail if detail and value is not None else ""),
                    target, status))

    def div(a, b):
        return None if a is None or b is None or b == 0 else a / b

    for b in ("JAVA", "NATIVE"):
        into = j.ns("ArticleBench.jmmapReadInto", backend=b)
        alloc = j.ns("ArticleBench.jmmapReadAlloc", backend=b)
        add("1 article", "%s readInto / raw segment copy" % b, div(into, j.ns("ArticleBench.segmentCopy")),
            "<= 1.25x", lambda v: v <= 1.25)
        add("1 article", "%s read(32) / raw segment copy into new byte[32]" % b,
            div(alloc, j.ns("ArticleBench.segmentCopyAlloc")), "<= 1.25x", lambda v: v <= 1.25)
        add("1 article", "RandomAccessFile / %s read(32)" % b, div(j.ns("ArticleBench.randomAccessFile"), alloc),
            ">= 100x", lambda v: v >= 100)
        add("1 article", "RandomAccessFile / %s readInto" % b, div(j.ns("ArticleBench.randomAccessFile"), into),
            ">= 100x", lambda v: v >= 100)
        add("1 article", "CPython mmap / %s read(32)" % b, div(pysec("article.mmap"), alloc),
            ">= 8x", lambda v: v >= 8)
        add("1 article", "CPython mmap / %s readInto" % b, div(pysec("article.mmap"), into),
            ">= 8x", lambda v: v >= 8)
    for b in ("JAVA", "NATIVE"):
        add("2 random", "%s get(long) / MappedByteBuffer.get" % b,
            div(j.ns("RandomGetBench.getJmmap", backend=b), j.ns("RandomGetBench.getMappedByteBuffer")),
            "<= 1.5x", lambda v: v <= 1.5)
        add("2 random", "%s getLong(long) / MappedByteBuffer.getLong" % b,
            div(j.ns("RandomGetBench.getLongJmmap", backend=b), j.ns("RandomGetBench.getLongMappedByteBuffer")),
            "<= 1.5x", lambda v: v <= 1.5)
    for b in ("JAVA", "NATIVE"):
        add("3 scan", "%s getLong throughput / raw segment throughput" % b,
            div(j.ns("ScanBench.segment"), j.ns("ScanBench.jmmapGetLong", backend=b)),
            ">= 0.9x", lambda v: v >= 0.9)
    for op in ("find", "rfind"):
        for n in (8, 32):
            for b in ("JAVA", "NATIVE"):
                mine = j.ns("FindBench.jmmap%s" % op.capitalize(), backend=b, needle=n)
                theirs = pysec("find.%s.%d" % (op, n))
                add("4 find", "%s %s %d-byte needle / CPython mmap.%s" % (b, op, n, op), div(theirs, mine),
                    ">= 1x (aim 2x)", lambda v: v >= 1,
                    "(%.2f vs %.2f GB/s)" % (gbps(HAYSTACK, mine) or 0, gbps(HAYSTACK, theirs) or 0))
    for rx in ("literal", "classes"):
        for b in ("JAVA", "NATIVE"):
            add("5 regex", "%s asCharSequence / String, `%s` pattern" % (b, rx),
                div(j.ns("RegexBench.jmmapAsCharSequence", backend=b, regex=rx), j.ns("RegexBench.string", regex=rx)),
                "<= 1.3x", lambda v: v <= 1.3)
    add("6 open+close", "NATIVE / FileChannel.map(..., Arena.ofShared()) + close",
        div(j.ns("OpenCloseBench.jmmap", backend="NATIVE"), j.ns("OpenCloseBench.mapArenaShared")),
        "<= 1.0x", lambda v: v <= 1.0)
    for b in ("JAVA", "NATIVE"):
        rt = j.ns("RoundTripBench.roundTrip", backend=b)
        status = "n/a" if rt is None else ("PASS" if rt < 2000 else "MISS")
        out.append(("7 two JVMs", "%s round trip, median" % b, fmt_ns(rt), "< 2 µs", status))
    return out


WORKLOADS = [
    ("1. The seed article's pattern (20 MiB file, seek +64/read 32, seek -32/read 32, 10 MiB processed)",
     "ArticleBench", None),
    ("2. Random absolute reads (4096 random offsets in the 20 MiB file; score per read)", "RandomGetBench", None),
    ("3. Sequential scan, sum of longs over 1 GiB", "ScanBench", SCAN),
    ("4. find / rfind of an absent needle in 256 MiB of random bytes", "FindBench", HAYSTACK),
    ("5. Regex over 8 MiB of log lines (count of matches)", "RegexBench", None),
    ("6. Open + first touch + close of a 4 KiB file", "OpenCloseBench", None),
    ("7. Round trip between two JVMs through one shared mapping (SampleTime)", "RoundTripBench", None),
]


def jmh_tables(j):
    lines = []
    for title, cls, nbytes in WORKLOADS:
        rows = [r for r in j.rows if r["benchmark"].split(".")[-2] == cls]
        if not rows:
            continue
        lines += ["### " + title, ""]
        head = "| benchmark | params | score | error (99.9%) |" + (" throughput |" if nbytes else "") + \
               (" p50 / p90 / p99 |" if cls == "RoundTripBench" else "")
        lines += [head, "|" + "---|" * (head.count("|") - 1)]
        for r in rows:
            pm = r["primaryMetric"]
            name = r["benchmark"].split(".")[-1]
            params = ", ".join("%s=%s" % kv for kv in sorted((r.get("params") or {}).items())) or "-"
            factor = UNIT_NS[pm["scoreUnit"]]
            err = pm.get("scoreError")
            err_text = "n/a" if err in (None, "NaN") or err != err else "± " + fmt_ns(float(err) * factor)
            line = "| %s | %s | %s | %s |" % (name, params, fmt_ns(pm["score"] * factor), err_text)
            if nbytes:
                line += " %.2f GB/s |" % gbps(nbytes, pm["score"] * factor)
            if cls == "RoundTripBench":
                p = pm["scorePercentiles"]
                line += " %s / %s / %s |" % tuple(fmt_ns(p[k] * factor) for k in ("50.0", "90.0", "99.0"))
            lines.append(line)
        lines.append("")
    return lines


def python_table(py):
    if not py:
        return ["The CPython script did not run.", ""]
    lines = ["| workload | median per operation | note |", "|---|---|---|"]
    for name, r in py["results"].items():
        note = ""
        if "bytes" in r:
            note = "%.2f GB/s" % (r["bytes"] / r["seconds"] / 1e9)
        if "reads" in r:
            note = "%s per read" % fmt_ns(r["seconds"] * 1e9 / r["reads"])
        lines.append("| %s | %s | %s |" % (name, fmt_ns(r["seconds"] * 1e9), note))
    lines.append("")
    return lines


def context(j, py):
    P = (py or {}).get("results", {})
    raf = j.ns("ArticleBench.randomAccessFile")
    seg = j.ns("ArticleBench.segmentCopy")
    rows = []
    if raf and seg:
        rows.append("- RandomAccessFile / raw segment copy, article workload: %s (the issue measured about 200x)"
                    % fmt_ratio(raf / seg))
    if "article.mmap" in P and seg:
        rows.append("- CPython mmap / raw segment copy, article workload: %s (the issue: roughly 10x)"
                    % fmt_ratio(P["article.mmap"]["seconds"] * 1e9 / seg))
    if "article.mmap" in P and "article.file" in P:
        rows.append("- CPython: buffered file seek/read / mmap seek/read: %s (the seed article says mmap is 13x faster;"
                    " a buffered Python 3 file serves these short seeks from its buffer)"
                    % fmt_ratio(P["article.file"]["seconds"] / P["article.mmap"]["seconds"]))
    return rows + [""]


def scale_section(results):
    """The "Scale" section (issue 11) from ScaleBench's scale.json in results; nothing if it did not run."""
    sc = load(os.path.join(results, "scale.json"))
    if not sc:
        return []

    def size_text(n):
        return "1 TiB" if n == 1 << 40 else "4 KiB" if n == 4096 else "%d bytes" % n

    def kib(n):
        return "%+d KiB" % (n // 1024) if n else "0"

    lines = ["## Scale (issue 11)", "",
             "`ScaleBench` (a plain main, after JMH): medians of %s on %d CPUs%s; load %s before, %s after. The same"
             " scenarios run as tests (`ScaleSuite`, `CounterSuite`)." % (
                 "one run each" if sc.get("quick") else "5 runs (3 for the maps and the counter)", sc.get("cpus", 0),
                 " (a quick run)" if sc.get("quick") else "", sc.get("loadBefore", "?"), sc.get("loadAfter", "?")),
             "",
             "### A sparse file mapped whole, touched at 1,000 random pages (a 4 KiB file: its one page)", "",
             "Open, touch and close of one run (after a full GC, so the open is a cold one); the fastest open and"
             " close of 10 more, untouched; the heap in use (after a GC) with the map open and touched, less"
             " before; the blocks the file system allocated.", "",
             "| backend | access | file | open | touch | close | fastest open / close | heap | blocks allocated |",
             "|---|---|---|---|---|---|---|---|---|"]
    by = {}
    for r in sc.get("sparse", []):
        by[(r["backend"], r["access"], r["size"])] = r
        lines.append("| %s | %s | %s | %s | %s | %s | %s / %s | %+d bytes | %s |" % (
            r["backend"], r["access"], size_text(r["size"]), fmt_ns(r["openNs"]), fmt_ns(r["touchNs"]),
            fmt_ns(r["closeNs"]), fmt_ns(r["fastestOpenNs"]), fmt_ns(r["fastestCloseNs"]), r["heapGrowth"],
            kib(r["allocatedGrowth"])))
    ratios = []
    for (b, a, size), r in sorted(by.items()):
        small = by.get((b, a, 4096))
        if size != 4096 and small:
            ratios.append("%s %s %s" % (b, a, "open %s, close %s" % (
                fmt_ratio(r["fastestOpenNs"] / small["fastestOpenNs"]),
                fmt_ratio(r["fastestCloseNs"] / small["fastestCloseNs"]))))
    if ratios:
        lines += ["", "Fastest open and close of the tebibyte / of 4 KiB: " + "; ".join(ratios) + "."]
    lines += ["", "### Live maps", "",
              "| backend | maps | open all | per map | close all | per map | descriptors / mappings left |",
              "|---|---|---|---|---|---|---|"]
    for r in sc.get("many", []):
        lines.append("| %s | %d | %s | %s | %s | %s | %d / %d |" % (
            r["backend"], r["maps"], fmt_ns(r["openNs"]), fmt_ns(r["openNs"] / r["maps"]), fmt_ns(r["closeNs"]),
            fmt_ns(r["closeNs"] / r["maps"]), r["descriptorsLeft"], r["mappingsLeft"]))
    lines += ["", "### Processes adding to one counter in a tagname map (getAndAddLong)", "",
              "Wall time from the start flag until the last process had added; ns per add = that / all adds. A"
              " process's loop: its own time for its adds, sharing the CPUs with the others.", "",
              "| backend | processes | adds each | total | wall time | ns per add | a process's loop (fastest /"
              " median / slowest) |", "|---|---|---|---|---|---|---|"]
    for r in sc.get("counter", []):
        who = r["who"].split(", ")
        jvms = sum(1 for w in who if w.startswith("JVM "))
        kinds = ["%d child JVMs" % jvms] + [w for w in who if not w.startswith("JVM ")]
        lines.append("| %s | %d (%s) | {:,} | {:,} | %s | %.1f ns | %s |".format(r["adds"], r["total"]) % (
            r["backend"], r["processes"], ", ".join(kinds).replace(", C", " and the C peer"), fmt_ns(r["wallNs"]),
            r["nsPerAdd"],
            " / ".join(fmt_ns(ms * 1e6) for ms in r["processMs"])))
        if r.get("withoutC"):
            lines.append("| | without the C peer: %s | | | | | |" % r["withoutC"].replace("|", "/"))
    return lines + [""]


HOW = """## How to run

One command runs the JMH suite on the toolchain JDK 25, then the CPython comparison, then
regenerates this file (about 10 minutes on 2 cores; the data files, 1.3 GiB in
`${java.io.tmpdir}/jmmap-bench-data`, are made on the first run and reused):

    mvn -B -Pbench verify

- `-Djmmap.bench.quick=true`: a smoke run (1 x 0.2 s warm-up, 2 x 0.2 s measurement, fewer Python
  repetitions); it writes `target/bench/BENCHMARKS-quick.md` and leaves this file alone.
- `-Djmmap.bench.include=REGEX`: a subset of the JMH benchmarks (e.g. `FindBench`), likewise
  written to `target/bench/BENCHMARKS-partial.md`.
- `-Djmmap.bench.data=DIR`: where the data files live.
- The CPython script alone: `python3 bench/python_mmap_bench.py --data /tmp/jmmap-bench-data
  --out target/bench/python.json` (standard library only; makes missing data files itself).
- The report alone, from existing results: `python3 bench/report.py --results target/bench --out BENCHMARKS.md`.

Sources: `src/bench/java/io/github/jmmap/bench` (JMH 1.37, compiled only under `-Pbench`; the
default `mvn -B verify` neither compiles nor runs them), `bench/python_mmap_bench.py`,
`bench/report.py`, the analysis in `bench/NOTES.md`. Raw results: `target/bench/jmh.json`,
`target/bench/python.json`, `target/bench/meta.json`. Every speed claim about jmmap comes from
these benchmarks, never from timed unit tests. The figures are from one run on a shared 2-core
machine: other processes' load (shown below) moves them, the round trip most of all.
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--results", default=os.path.join("target", "bench"))
    ap.add_argument("--out", default="BENCHMARKS.md")
    ap.add_argument("--notes", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "NOTES.md"))
    args = ap.parse_args()
    rows = load(os.path.join(args.results, "jmh.json"), [])
    meta = load(os.path.join(args.results, "meta.json"), {})
    py = load(os.path.join(args.results, "python.json"))
    out = args.out
    if meta.get("quick") or (py or {}).get("quick"):
        out = os.path.join(args.results, "BENCHMARKS-quick.md")
    elif meta.get("include", ".*") != ".*":
        out = os.path.join(args.results, "BENCHMARKS-partial.md")
    j = Jmh(rows)

    lines = ["# Benchmarks", "",
             "Generated by `bench/report.py` from one run of `mvn -B -Pbench verify`; do not edit by hand"
             " (edit `bench/NOTES.md` for the analysis).", "", HOW, "## Machine", "",
             "| fact | value |", "|---|---|"]
    lines += ["| %s | %s |" % kv for kv in machine(rows, meta, py)]
    lines += ["", "## Targets (issue 5)", "",
              "Ratios are times (lower is better for `<=`) or speed-ups (higher is better for `>=`), all from"
              " this one run; CPython figures come from `bench/python_mmap_bench.py` run right after JMH.", "",
              "| workload | ratio | measured | target | status |", "|---|---|---|---|---|"]
    t = targets(j, py)
    lines += ["| %s | %s | %s | %s | **%s** |" % row for row in t]
    passed = sum(1 for row in t if row[4] == "PASS")
    missed = [row for row in t if row[4] == "MISS"]
    lines += ["", "%d of %d targets met%s." % (passed, len(t),
                                               "; missed: " + "; ".join("%s %s (%s)" % (r[0], r[1], r[2]) for r in missed)
                                               if missed else ""), ""]
    lines += ["### Context", ""] + context(j, py)
    lines += ["## JMH results", ""] + jmh_tables(j)
    lines += ["## CPython mmap (`bench/python_mmap_bench.py`)", ""] + python_table(py)
    lines += scale_section(args.results)
    if os.path.exists(args.notes):
        with open(args.notes) as f:
            lines += [f.read().rstrip(), ""]
    with open(out, "w") as f:
        f.write("\n".join(lines))
    print("wrote " + out)
    for row in t:
        print("%-5s %-12s %-60s %s" % (row[4], row[0], row[1], row[2]))


if __name__ == "__main__":
    main()
