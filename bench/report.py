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
    """(workload, what, measured ratio text, target text, status) for every round-2 target of issue 11."""
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

    raf = j.ns("ArticleBench.randomAccessFile")
    for b in ("JAVA", "NATIVE"):
        into = j.ns("ArticleBench.jmmapReadInto", backend=b)
        alloc = j.ns("ArticleBench.jmmapReadAlloc", backend=b)
        add("1 article", "%s seek/read(32) / raw segment copy into a new byte[32]" % b,
            div(alloc, j.ns("ArticleBench.segmentCopyAlloc")), "<= 1.15x", lambda v: v <= 1.15)
        add("1 article", "RandomAccessFile / %s seek/read(32)" % b, div(raf, alloc), ">= 100x", lambda v: v >= 100)
        add("1 article", "%s seek/readInto / raw segment copy into a reused byte[32]" % b,
            div(into, j.ns("ArticleBench.segmentCopy")), "<= 1.10x", lambda v: v <= 1.10)
    for b in ("JAVA", "NATIVE"):
        add("2 random", "%s get(long) / MappedByteBuffer.get" % b,
            div(j.ns("RandomGetBench.getJmmap", backend=b), j.ns("RandomGetBench.getMappedByteBuffer")),
            "<= 1.25x", lambda v: v <= 1.25)
        add("2 random", "%s getLong(long) / MappedByteBuffer.getLong" % b,
            div(j.ns("RandomGetBench.getLongJmmap", backend=b), j.ns("RandomGetBench.getLongMappedByteBuffer")),
            "<= 1.10x", lambda v: v <= 1.10)
    for b in ("JAVA", "NATIVE"):
        add("3 scan", "%s getLong sum over 1 GiB: throughput / raw segment's" % b,
            div(j.ns("ScanBench.segment"), j.ns("ScanBench.jmmapGetLong", backend=b)),
            ">= 0.95x", lambda v: v >= 0.95)
    # the memory-bandwidth line: a plain sum of longs over a 256 MiB range of a mapped random file
    band = gbps(HAYSTACK, j.ns("FindCostBench.segmentSum", size="256MiB"))
    for op in ("find", "rfind"):
        for n, aim in ((8, 2.0), (32, 1.5)):
            for b in ("JAVA", "NATIVE"):
                mine = j.ns("FindBench.jmmap%s" % op.capitalize(), backend=b, needle=n)
                theirs = pysec("find.%s.%d" % (op, n))
                add("4 find", "%s %s %d-byte needle / CPython mmap.%s" % (b, op, n, op), div(theirs, mine),
                    ">= %gx" % aim, lambda v, aim=aim: v >= aim,
                    "(%.2f vs %.2f GB/s; sum of longs %s)" % (
                        gbps(HAYSTACK, mine) or 0, gbps(HAYSTACK, theirs) or 0,
                        "%.2f GB/s" % band if band else "n/a"))
    for rx in ("literal", "classes"):
        for b in ("JAVA", "NATIVE"):
            add("5 regex", "%s asCharSequence / String, `%s` pattern" % (b, rx),
                div(j.ns("RegexBench.jmmapAsCharSequence", backend=b, regex=rx), j.ns("RegexBench.string", regex=rx)),
                "<= 1.2x", lambda v: v <= 1.2)
    for b in ("JAVA", "NATIVE"):
        add("6 open+close", "%s confined / FileChannel.map(..., Arena.ofConfined()) + close" % b,
            div(j.ns("ConfinedBench.jmmapConfined", backend=b, busy=0),
                j.ns("ConfinedBench.rawConfined", backend=b, busy=0)), "<= 1.0x", lambda v: v <= 1.0)
        add("6 open+close", "%s shared / FileChannel.map(..., Arena.ofShared()) + close" % b,
            div(j.ns("ConfinedBench.jmmapShared", backend=b, busy=0),
                j.ns("ConfinedBench.rawShared", backend=b, busy=0)), "<= 1.1x", lambda v: v <= 1.1)
    for b in ("JAVA", "NATIVE"):
        rt = j.ns("RoundTripBench.roundTrip", backend=b)
        status = "n/a" if rt is None else ("PASS" if rt < 1000 else "MISS")
        out.append(("7 two JVMs", "%s round trip, median" % b, fmt_ns(rt), "< 1 µs", status))
    return out


WORKLOADS = [
    ("1. The seed article's pattern (20 MiB file, seek +64/read 32, seek -32/read 32, 10 MiB processed)",
     "ArticleBench", None),
    ("2. Random absolute reads (4096 random offsets in the 20 MiB file; score per read)", "RandomGetBench", None),
    ("3. Sequential scan, sum of longs over 1 GiB", "ScanBench", SCAN),
    ("4. find / rfind of an absent needle in 256 MiB of random bytes", "FindBench", HAYSTACK),
    ("5. Regex over 8 MiB of log lines (count of matches)", "RegexBench", None),
    ("6. Open + first touch + close of a 4 KiB file", "OpenCloseBench", None),
    ("6b. The same, confined against shared maps (the targets' rows; busy = threads reading memory of their own"
     " meanwhile, which every shared close interrupts)", "ConfinedBench", None),
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
              "| backend | maps | open all | per map | close all | per map | descriptors / mappings left (of the whole process, whose JVM maps a little on its own) |",
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



OPEN_CLOSE_SIZES = ["4KiB", "1MiB", "64MiB", "1GiB", "64GiB", "1TiB"]
FIND_SIZES = ["1MiB", "16MiB", "256MiB", "1GiB"]
# Per family: Okabe-Ito colours (dark for shared, light for confined; told apart with
# colour-blindness too) on the plot's own white background, and a marker shape.
COST_STYLES = {"JAVA": ("#0072B2", "#56B4E9", "circle"), "NATIVE": ("#D55E00", "#E69F00", "triangle"),
               "raw": ("#009E73", "#5CC9A7", "square")}


def cost_bytes(label):
    """The bytes of a size label of the cost benchmarks' @Param, e.g. '64GiB'."""
    units = {"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}
    return int(label[:-3]) * units[label[-3:]]


def cost_label(label):
    return label[:-3] + " " + label[-3:]


def cost_points(j, name, sizes, **params):
    """A benchmark's (ns, error in ns) at each size; None where it did not run or has no error."""
    out = []
    for size in sizes:
        r = j.row(name, size=size, **params)
        err = None if r is None else r["primaryMetric"].get("scoreError")
        err = None if err in (None, "NaN") or err != err else float(err) * UNIT_NS[r["primaryMetric"]["scoreUnit"]]
        out.append((j.ns(name, size=size, **params), err))
    return out


def cost_curves(j):
    """The cost curves: (key, title, x-axis name, size labels, series); a series is (implementation,
    (family, dashed), [(ns, error) per size], either None where missing), family a key of COST_STYLES."""
    oc = []
    for b in ("JAVA", "NATIVE"):
        for arena in ("shared", "confined"):
            oc.append(("jmmap %s, %s" % (b, arena), (b, arena == "confined"),
                       cost_points(j, "OpenCloseCostBench.jmmap" + arena.capitalize(), OPEN_CLOSE_SIZES, backend=b)))
    for arena in ("Shared", "Confined"):
        oc.append(("FileChannel.map, Arena.of%s()" % arena, ("raw", arena == "Confined"),
                   cost_points(j, "OpenCloseCostBench.raw" + arena, OPEN_CLOSE_SIZES)))
    find = [("jmmap %s find" % b, (b, False), cost_points(j, "FindCostBench.jmmapFind", FIND_SIZES, backend=b))
            for b in ("JAVA", "NATIVE")]
    find.append(("sum of longs, raw segment (bandwidth)", ("raw", True),
                 cost_points(j, "FindCostBench.segmentSum", FIND_SIZES)))
    return [("open-close", "Open + first touch + close of a sparse file (READ, whole file)", "file size",
             OPEN_CLOSE_SIZES, oc),
            ("find", "find of an absent 8-byte needle over the first N bytes of 1 GiB of random bytes",
             "bytes searched", FIND_SIZES, find)]


def cost_table(key, sizes, series):
    """A markdown table: one row per size, one column per implementation: the time ± its error
    (99.9%), for find with the GB/s; for open + close a last row of largest / smallest."""
    head = "| %s | %s |" % ("file size" if key == "open-close" else "bytes searched",
                            " | ".join(name for name, _, _ in series))
    lines = [head, "|" + "---|" * (len(series) + 1)]
    for i, size in enumerate(sizes):
        cells = []
        for _, _, points in series:
            ns, err = points[i]
            cell = fmt_ns(ns) + ("" if ns is None or err is None else " ± " + fmt_ns(err))
            if key == "find" and ns is not None:
                cell += " (%.2f GB/s)" % gbps(cost_bytes(size), ns)
            cells.append(cell)
        lines.append("| %s | %s |" % (cost_label(size), " | ".join(cells)))
    if key == "open-close":
        ratios = [None if p[0][0] is None or p[-1][0] is None else p[-1][0] / p[0][0] for _, _, p in series]
        lines.append("| **%s / %s** | %s |" % (cost_label(sizes[-1]), cost_label(sizes[0]),
                                               " | ".join(fmt_ratio(r) for r in ratios)))
    return lines + [""]


def svg_marker(shape, x, y, colour, hollow):
    fill = "#ffffff" if hollow else colour
    style = 'fill="%s" stroke="%s" stroke-width="1.5"' % (fill, colour)
    r = 4.5
    if shape == "circle":
        return '<circle cx="%.1f" cy="%.1f" r="%.1f" %s/>' % (x, y, r, style)
    if shape == "square":
        return '<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" %s/>' % (x - r, y - r, 2 * r, 2 * r, style)
    points = {"triangle": [(0, -r - 1), (r + 1, r), (-r - 1, r)],
              "down": [(0, r + 1), (r + 1, -r), (-r - 1, -r)],
              "diamond": [(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)]}[shape]
    return '<polygon points="%s" %s/>' % (" ".join("%.1f,%.1f" % (x + dx, y + dy) for dx, dy in points), style)


def cost_svg(title, xname, sizes, series):
    """A log-log line plot as SVG text: time per operation over size, one polyline and marker shape
    per implementation family (confined / bandwidth lines light, dashed, hollow markers), a legend below.
    Drawn on its own white background so that it reads the same on light and dark pages."""
    import math
    from html import escape
    w, left, right, top, bottom = 760, 80, 740, 44, 330
    rows = (len(series) + 1) // 2
    h = bottom + 62 + rows * 22
    xs = [math.log10(cost_bytes(s)) for s in sizes]
    pad = (xs[-1] - xs[0]) * 0.04 or 1
    x0, x1 = xs[0] - pad, xs[-1] + pad
    values = [v for _, _, points in series for v, _ in points if v is not None and v > 0]
    lo, hi = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
    if hi == lo:
        hi += 1
    ticks = [10.0 ** e * m for e in range(lo, hi + 1) for m in ((1, 2, 5) if hi - lo <= 2 else (1,))]
    ticks = [t for t in ticks if t <= 10.0 ** hi * 1.0001]

    def px(logx):
        return left + (logx - x0) / (x1 - x0) * (right - left)

    def py(ns):
        return bottom - (math.log10(ns) - lo) / (hi - lo) * (bottom - top)

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
           'font-family="Helvetica, Arial, sans-serif" font-size="12">' % (w, h, w, h),
           '<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>' % (w, h),
           '<text x="%d" y="24" font-size="14" font-weight="bold" fill="#222222">%s</text>' % (left, escape(title))]
    for t in ticks:
        y = py(t)
        out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#dddddd"/>' % (left, y, right, y))
        out.append('<text x="%d" y="%.1f" text-anchor="end" fill="#222222">%s</text>'
                   % (left - 6, y + 4, escape(fmt_ns(t))))
    for s, lx in zip(sizes, xs):
        x = px(lx)
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#dddddd"/>' % (x, top, x, bottom))
        out.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#222222">%s</text>'
                   % (x, bottom + 18, escape(cost_label(s))))
    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#333333"/>'
               % (left, top, right - left, bottom - top))
    out.append('<text x="%d" y="%d" text-anchor="middle" fill="#222222">%s (log scale)</text>'
               % ((left + right) // 2, bottom + 40, escape(xname)))
    out.append('<text transform="translate(18 %d) rotate(-90)" text-anchor="middle" fill="#222222">'
               'time per operation (log scale)</text>' % ((top + bottom) // 2))
    for n, (name, (family, dashed), points) in enumerate(series):
        dark, light, shape = COST_STYLES[family]
        colour = light if dashed else dark
        dash = ' stroke-dasharray="7 4"' if dashed else ""
        run = []
        for lx, (v, _) in list(zip(xs, points)) + [(None, (None, None))]:
            if v is not None and v > 0:
                run.append((px(lx), py(v)))
                continue
            if len(run) > 1:
                out.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>'
                           % (" ".join("%.1f,%.1f" % p for p in run), colour, dash))
            out += [svg_marker(shape, x, y, colour, dashed) for x, y in run]
            run = []
        lx, ly = left + (n % 2) * 340, bottom + 64 + (n // 2) * 22
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>'
                   % (lx, ly - 4, lx + 34, ly - 4, colour, dash))
        out.append(svg_marker(shape, lx + 17, ly - 4, colour, dashed))
        out.append('<text x="%d" y="%d" fill="#222222">%s</text>' % (lx + 42, ly, escape(name)))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def cost_section(j, out):
    """The "How cost grows" section; writes one SVG plot per curve beside the markdown file `out`
    (BENCHMARKS.md: BENCHMARKS-cost-open-close.svg, BENCHMARKS-cost-find.svg) and links them."""
    lines = ["## How cost grows", ""]
    curves = [c for c in cost_curves(j) if any(v is not None for _, _, points in c[4] for v, _ in points)]
    if not curves:
        return lines + ["The cost-curve benchmarks (`OpenCloseCostBench`, `FindCostBench`) did not run.", ""]
    lines += ["From `OpenCloseCostBench` and `FindCostBench` (AverageTime; in a full run 4 x 0.5 s warm-up for"
              " open + close, 2 x 0.5 s for find, and 3 x 0.5 s measurement per point). The open + close files are sparse (no block on disk):"
              " only byte 0 is read, nothing is prefaulted, so a line that stays flat is a map whose"
              " open and close cost does not grow with its size. Confined arenas are dashed, with hollow markers.", ""]
    stem = os.path.splitext(os.path.basename(out))[0]
    for key, title, xname, sizes, series in curves:
        name = "%s-cost-%s.svg" % (stem, key)
        with open(os.path.join(os.path.dirname(os.path.abspath(out)), name), "w") as f:
            f.write(cost_svg(title, xname, sizes, series))
        lines += ["### " + title, "", "![%s](%s)" % (title, name), ""] + cost_table(key, sizes, series)
    return lines


HOW = """## How to run

One command runs the JMH suite on the toolchain JDK 25, then the CPython comparison, then
regenerates this file (about 14 minutes on 2 cores, of which the cost curves take about 3.5; the
data files, 1.3 GiB in `${java.io.tmpdir}/jmmap-bench-data` plus sparse files of 4 KiB to 1 TiB that
hold no block on disk, are made on the first run and reused):

    mvn -B -Pbench verify

- `-Djmmap.bench.quick=true`: a smoke run (1 x 0.2 s warm-up, 2 x 0.2 s measurement, fewer Python
  repetitions); it writes `target/bench/BENCHMARKS-quick.md` and leaves this file alone.
- `-Djmmap.bench.include=REGEX`: a subset of the JMH benchmarks (e.g. `FindBench`, or `CostBench`
  for the cost curves alone), likewise written to `target/bench/BENCHMARKS-partial.md`, with its
  plots beside it.
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
    lines += ["", "## Targets (issue 11, round 2)", "",
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
    lines += cost_section(j, out)
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
