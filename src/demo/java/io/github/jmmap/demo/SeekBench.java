package io.github.jmmap.demo;

import static io.github.jmmap.demo.Report.check;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.Whence;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The article's comparison: over a file larger than 15 MB, repeat "seek +64 from the current
 * position and process 32 bytes, seek -32 and process 32 bytes" until 10 MB have been processed,
 * once with RandomAccessFile and once per backend through the map's cursor. Each run folds the
 * bytes it read into a checksum, so that no variant can skip work and all must agree.
 */
final class SeekBench {
    private static final int CHUNK = 32;
    private static final int MIB = 1 << 20;

    private final Report report;
    private final Path dir;
    private final boolean quick;

    SeekBench(Report report, Path dir, boolean quick) {
        this.report = report;
        this.dir = dir;
        this.quick = quick;
    }

    private record Result(String name, String how, double nsPerStep, long checksum) {
    }

    void run() throws IOException {
        int fileMib = quick ? 2 : 20;
        int processedMib = quick ? 1 : 10;
        int steps = processedMib * MIB / (2 * CHUNK);
        int warmups = quick ? 1 : 3;             // RandomAccessFile: 1 (it needs no JIT to be slow)
        int runs = quick ? 2 : 5;                // RandomAccessFile: 3, each takes ~0.5 s
        report.section("7. Benchmark: the article's seek +64 / seek -32 loop"
                + (quick ? " (--quick: small workload)" : ""));
        byte[] content = new byte[fileMib * MIB];
        new Random(2020).nextBytes(content);
        Path f = Files.write(dir.resolve("big.bin"), content);
        report.line("  " + fileMib + " MiB random file; a run processes " + processedMib + " MiB in " + steps
                + " steps of \"seek +64, read 32, seek -32, read 32\"");
        report.line("  median of " + runs + " runs after " + warmups + (warmups == 1 ? " warm-up" : " warm-ups")
                + " (RandomAccessFile: " + Math.min(runs, 3) + " after 1)");

        List<Result> results = new ArrayList<>();
        long start = System.nanoTime();
        report.progress("benchmark: RandomAccessFile");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            results.add(measure("RandomAccessFile", "seek + readFully", 1, Math.min(runs, 3), steps,
                    () -> rafRun(raf, steps)));
        }
        report.done(start);
        List<Backend> backends = MemoryMap.isNativeAvailable() ? List.of(Backend.JAVA, Backend.NATIVE)
                : List.of(Backend.JAVA);
        for (Backend b : backends) {
            start = System.nanoTime();
            report.progress("benchmark: MemoryMap " + b);
            MapOptions o = MapOptions.builder().access(Access.READ).backend(b).build();
            try (MemoryMap m = MemoryMap.open(f, o)) {
                results.add(measure("MemoryMap " + b, "seek + readInto", warmups, runs, steps, () -> mapRun(m, steps)));
            }
            report.done(start);
        }

        Result raf = results.getFirst();
        for (Result r : results) {
            String ratio = r == raf ? "" : String.format("   RandomAccessFile/%s = %.1fx",
                    r.name.substring(r.name.indexOf(' ') + 1), raf.nsPerStep / r.nsPerStep);
            report.line(String.format("  %-18s %-18s %9.1f ns/step%s", r.name, "(" + r.how + ")", r.nsPerStep, ratio));
        }
        for (Result r : results) {
            check(r.checksum == raf.checksum, "checksums differ: " + r.name + " " + Long.toHexString(r.checksum)
                    + " vs RandomAccessFile " + Long.toHexString(raf.checksum));
        }
        report.line(String.format("  checksums agree: %016x (all %d variants)", raf.checksum, results.size()));
        report.line("  A demo figure from one run, not a benchmark claim: the JMH suite is the measurement.");
    }

    private interface Run {
        long once() throws IOException;
    }

    private static Result measure(String name, String how, int warmups, int runs, int steps, Run run)
            throws IOException {
        long checksum = run.once();
        for (int i = 1; i < warmups; i++) {
            check(run.once() == checksum, name + " gives the same checksum every run");
        }
        double[] ns = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            long sum = run.once();
            ns[i] = (double) (System.nanoTime() - t0) / steps;
            check(sum == checksum, name + " gives the same checksum every run");
        }
        Arrays.sort(ns);
        return new Result(name, how, ns[runs / 2], checksum);
    }

    /** RandomAccessFile: the position kept in a local, so each half-step is one seek and one read. */
    private static long rafRun(RandomAccessFile raf, int steps) throws IOException {
        byte[] buf = new byte[CHUNK];
        long pos = 0;
        long sum = 0;
        for (int i = 0; i < steps; i++) {
            pos += 64;
            raf.seek(pos);
            raf.readFully(buf, 0, CHUNK);
            sum = fold(sum, buf);
            raf.seek(pos);                   // +32 read, -32 sought: back where the read began
            raf.readFully(buf, 0, CHUNK);
            pos += CHUNK;
            sum = fold(sum, buf);
        }
        return sum;
    }

    /** The map's cursor, as the article's Python code uses it. */
    private static long mapRun(MemoryMap m, int steps) {
        byte[] buf = new byte[CHUNK];
        m.seek(0);
        long sum = 0;
        for (int i = 0; i < steps; i++) {
            m.seek(64, Whence.CURRENT);
            check(m.readInto(buf, 0, CHUNK) == CHUNK, "a full chunk");
            sum = fold(sum, buf);
            m.seek(-32, Whence.CURRENT);
            check(m.readInto(buf, 0, CHUNK) == CHUNK, "a full chunk");
            sum = fold(sum, buf);
        }
        return sum;
    }

    /** "Processing" a chunk: an order-sensitive checksum cheap enough not to hide the access cost. */
    private static long fold(long h, byte[] b) {
        long s = 0;
        for (byte x : b) {
            s += x;
        }
        return h * 31 + s;
    }
}
