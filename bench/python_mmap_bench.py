#!/usr/bin/env python3
"""CPython's mmap on the workloads of jmmap's JMH suite (see BENCHMARKS.md).

Standard library only. Uses the data files that BenchData.java makes in the data directory and
makes any that are missing itself (random bytes from random.Random, the same text recipe), then
times each workload and writes a JSON file of median seconds per operation, which bench/report.py
reads beside JMH's results; it also prints the figures and a few ratios.

    python3 bench/python_mmap_bench.py --data /tmp/jmmap-bench-data --out target/bench/python.json
    python3 bench/python_mmap_bench.py --quick=true ...      # fewer repetitions, a smoke run
"""
import argparse
import json
import mmap
import os
import platform
import random
import re
import statistics
import struct
import subprocess
import sys
import time

ARTICLE_SIZE = 20 << 20
SCAN_SIZE = 1 << 30
HAYSTACK_SIZE = 256 << 20
TEXT_SIZE = 8 << 20
SMALL_SIZE = 4096
PROCESSED = 10 << 20
NEEDLE_8 = b"jmmap-8!"
NEEDLE_32 = b"jmmap needle, thirty-two bytes!!"
REGEXES = {
    "literal": rb"ERROR disk(\d) failed after (\d+) ms",
    "classes": rb"\b[a-z]+-(\d+) \w+ \w+ \d+ in 9\d\d ms",
}
READS = 4096
PING, PONG, READY, STOP = 0, 64, 128, -1


# ---------------------------------------------------------------------------------------------
# Data (the same names and sizes as BenchData.java)

def text_bytes():
    """The same recipe as BenchData.text()."""
    parts, size, i = [], 0, 0
    while size < TEXT_SIZE:
        t = "2026-11-27T12:%02d:%02d" % ((i // 60) % 60, i % 60)
        if i % 1000 == 999:
            line = "%s ERROR disk%d failed after %d ms\n" % (t, i % 7, i % 997)
        else:
            line = "%s INFO worker-%d processed request %d in %d ms\n" % (t, i % 17, (i * 7919) % 1000003, i % 997)
        parts.append(line)
        size += len(line)
        i += 1
    return "".join(parts).encode("ascii")[:TEXT_SIZE]


def ensure(data, name, size, make):
    path = os.path.join(data, name)
    if not (os.path.isfile(path) and os.path.getsize(path) == size):
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            make(f)
        os.replace(tmp, path)
    return path


def random_maker(size, seed):
    def make(f):
        r = random.Random(seed)
        left = size
        while left:
            n = min(left, 1 << 24)
            f.write(r.randbytes(n))
            left -= n
    return make


def prepare(data):
    os.makedirs(data, exist_ok=True)
    files = {
        "article": ensure(data, "article.bin", ARTICLE_SIZE, random_maker(ARTICLE_SIZE, 1)),
        "scan": ensure(data, "scan.bin", SCAN_SIZE, random_maker(SCAN_SIZE, 2)),
        "haystack": ensure(data, "haystack.bin", HAYSTACK_SIZE, random_maker(HAYSTACK_SIZE, 3)),
        "text": ensure(data, "text.txt", TEXT_SIZE, lambda f: f.write(text_bytes())),
        "small": ensure(data, "small.bin", SMALL_SIZE, random_maker(SMALL_SIZE, 4)),
    }
    with open(files["haystack"], "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        for needle in (NEEDLE_8, NEEDLE_32):
            if m.find(needle) != -1:
                sys.exit("the haystack holds a needle; remove %s" % files["haystack"])
    return files


# ---------------------------------------------------------------------------------------------
# Timing

def timed(fn, reps, warm=True):
    """Median seconds of fn() over reps runs, after one warm-up run."""
    if warm:
        fn()
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return {"seconds": statistics.median(samples), "samples": samples}


# ---------------------------------------------------------------------------------------------
# Workloads

def article_file(path):
    def run():
        with open(path, "rb") as f:
            processed = 0
            while processed < PROCESSED:
                f.seek(64, os.SEEK_CUR)
                data = f.read(32)
                processed += len(data)
                f.seek(-32, os.SEEK_CUR)
                data = f.read(32)
                processed += len(data)
    return run


def article_mmap(m):
    def run():
        m.seek(0)
        processed = 0
        while processed < PROCESSED:
            m.seek(64, os.SEEK_CUR)
            data = m.read(32)
            processed += len(data)
            m.seek(-32, os.SEEK_CUR)
            data = m.read(32)
            processed += len(data)
    return run


def offsets(size):
    r = random.Random(42)
    return [r.randrange(size - 8) for _ in range(READS)]


def random_get(m, offs):
    def run():
        s = 0
        for o in offs:
            s += m[o]
        return s
    return run


def random_get_long(m, offs):
    unpack = struct.Struct("=q").unpack_from

    def run():
        s = 0
        for o in offs:
            s += unpack(m, o)[0]
        return s
    return run


def scan(m, length):
    def run():
        with memoryview(m)[:length] as v, v.cast("q") as longs:
            return sum(longs)
    return run


def finder(m, needle, reverse):
    def run():
        r = m.rfind(needle) if reverse else m.find(needle)
        assert r == -1
    return run


def regex(pattern, text):
    p = re.compile(pattern)

    def run():
        return sum(1 for _ in p.finditer(text))
    return run


def open_close_mmap(path, count):
    def run():
        for _ in range(count):
            fd = os.open(path, os.O_RDONLY)
            try:
                m = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
                m[0]
                m.close()
            finally:
                os.close(fd)
    return run


def open_close_file(path, count):
    def run():
        for _ in range(count):
            with open(path, "rb") as f:
                f.read(1)
    return run


def round_trip(data, count):
    """Median ns of a ping-pong with a child Python process through one shared mapping."""
    path = os.path.join(data, "roundtrip-python.bin")
    with open(path, "wb") as f:
        f.write(bytes(4096))
    child = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--echo", path])
    try:
        with open(path, "r+b") as f, mmap.mmap(f.fileno(), 4096) as m:
            get = struct.Struct("=q").unpack_from
            put = struct.Struct("=q").pack_into
            deadline = time.monotonic() + 30
            while get(m, READY)[0] != 1:
                if child.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the echo child did not start")
                time.sleep(0.001)
            samples = []
            clock = time.perf_counter_ns
            budget = clock() + 15_000_000_000               # at most 15 s of round trips
            for n in range(1, count + 1):
                if clock() > budget:
                    break
                t0 = clock()
                put(m, PING, n)
                spins = 0
                while get(m, PONG)[0] != n:
                    spins += 1
                    if spins & 0xFFFF == 0 and clock() - t0 > 1_000_000_000:
                        raise RuntimeError("the echo child did not answer within 1 s")
                samples.append(clock() - t0)
            put(m, PING, STOP)
        samples = samples[len(samples) // 10:]           # the first tenth is warm-up
        return {"seconds": statistics.median(samples) / 1e9, "samples": []}
    finally:
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            child.kill()
        os.remove(path)


def echo(path):
    parent = os.getppid()
    deadline = time.monotonic() + 900
    with open(path, "r+b") as f, mmap.mmap(f.fileno(), 4096) as m:
        get = struct.Struct("=q").unpack_from
        put = struct.Struct("=q").pack_into
        put(m, READY, 1)
        seen, spins = 0, 0
        while True:
            v = get(m, PING)[0]
            if v != seen:
                if v == STOP:
                    return
                seen = v
                put(m, PONG, v)
            else:
                spins += 1
                if spins & 0xFFFFF == 0 and (os.getppid() != parent or time.monotonic() > deadline):
                    return


# ---------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join("/tmp", "jmmap-bench-data"))
    ap.add_argument("--out", default=os.path.join("target", "bench", "python.json"))
    ap.add_argument("--quick", default="false")
    ap.add_argument("--echo", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.echo:
        echo(args.echo)
        return
    quick = args.quick.lower() in ("true", "1", "yes")
    reps = 2 if quick else 5
    files = prepare(args.data)
    results = {}

    def record(name, result, **extra):
        result.update(extra)
        results[name] = result
        print("%-34s %14.3f us" % (name, result["seconds"] * 1e6), flush=True)

    record("article.file", timed(article_file(files["article"]), reps))
    with open(files["article"], "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        record("article.mmap", timed(article_mmap(m), reps))
        offs = offsets(len(m))
        record("random.get", timed(random_get(m, offs), reps * 4), reads=READS)
        record("random.getLong", timed(random_get_long(m, offs), reps * 4), reads=READS)

    with open(files["scan"], "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        length = (64 << 20) if quick else SCAN_SIZE
        record("scan.sumLongs", timed(scan(m, length), 1, warm=False), bytes=length)

    with open(files["haystack"], "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        for needle in (NEEDLE_8, NEEDLE_32):
            for reverse in (False, True):
                name = "find.%s.%d" % ("rfind" if reverse else "find", len(needle))
                record(name, timed(finder(m, needle, reverse), reps), bytes=HAYSTACK_SIZE)

    with open(files["text"], "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        heap = bytes(m)
        for key, pattern in REGEXES.items():
            record("regex.%s.mmap" % key, timed(regex(pattern, m), reps))
            record("regex.%s.bytes" % key, timed(regex(pattern, heap), reps))

    count = 2000
    r = timed(open_close_mmap(files["small"], count), reps)
    record("open.mmap", {"seconds": r["seconds"] / count, "samples": []})
    r = timed(open_close_file(files["small"], count), reps)
    record("open.file", {"seconds": r["seconds"] / count, "samples": []})

    record("roundtrip.mmap", round_trip(args.data, 5000 if quick else 20000))

    out = {
        "python": platform.python_implementation() + " " + platform.python_version(),
        "quick": quick,
        "results": results,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(out, f, indent=2)
    a = results["article.file"]["seconds"] / results["article.mmap"]["seconds"]
    print("article: mmap is %.1fx faster than file seek/read (the seed article says 13x)" % a)
    for name in ("find.find.8", "find.find.32", "find.rfind.8", "find.rfind.32"):
        print("%s: %.2f GB/s" % (name, HAYSTACK_SIZE / results[name]["seconds"] / 1e9))
    print("wrote", args.out)


if __name__ == "__main__":
    main()
