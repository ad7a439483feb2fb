package io.github.jmmap.bench;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.internal.Os;
import io.github.jmmap.interop.CounterRace;
import io.github.jmmap.interop.Peers;
import io.github.jmmap.reliability.Scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Issue 11's scale figures, on both backends, by a plain main (each scenario is one long
 * operation, which JMH would only repeat): a sparse tebibyte mapped whole, READ and WRITE, and
 * touched at 1,000 random pages, beside the same for a 4 KiB file (open, touch and close time,
 * heap growth, blocks allocated; and the fastest of 10 untouched opens and closes per run);
 * 10,000 live maps opened and closed (all, and per map); 16
 * processes (15 child JVMs and the C peer, or 16 JVMs) adding 1 a million times each to one
 * counter in a tagname map (wall time, ns per add). The scenarios are the tests' own
 * ({@link Scale}, {@link CounterRace}). Writes {@code scale.json} into {@code -Djmmap.bench.out},
 * which bench/report.py renders as the "Scale" section of BENCHMARKS.md. Figures are medians of
 * 5 runs (3 for the maps and the counter); {@code -Djmmap.bench.quick=true} runs each once.
 * Skipped when {@code -Djmmap.bench.include} is given and does not match "ScaleBench"; the
 * tebibyte is skipped on Windows.
 *
 * <pre>{@code
 * mvn -B -Pbench verify                                             # JMH, CPython, this, the report
 * java --enable-native-access=ALL-UNNAMED -cp ... io.github.jmmap.bench.ScaleBench   # this alone
 * }</pre>
 */
public final class ScaleBench {
    static final int PAGES = 1000;
    static final int MAPS = 10_000;
    static final int PROCESSES = 16;
    static final long ADDS = 1_000_000;

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Boolean.getBoolean("jmmap.bench.quick");
        String include = System.getProperty("jmmap.bench.include", ".*");
        Path out = Files.createDirectories(Path.of(System.getProperty("jmmap.bench.out", "target/bench")));
        if (!include.equals(".*") && !Pattern.compile(include).matcher(ScaleBench.class.getSimpleName()).find()) {
            Files.deleteIfExists(out.resolve("scale.json"));    // an earlier run's figures are not this run's
            System.out.println("ScaleBench: skipped, -Djmmap.bench.include=" + include + " does not match it");
            return;
        }
        Path dir = Files.createTempDirectory("jmmap-scale-");
        int reps = quick ? 1 : 5;
        int fewer = quick ? 1 : 3;
        String loadBefore = BenchMain.loadAverage();
        Instant started = Instant.now();
        List<String> sparse = new ArrayList<>();
        List<String> many = new ArrayList<>();
        List<String> counter = new ArrayList<>();
        try {
            for (Backend b : List.of(Backend.JAVA, Backend.NATIVE)) {
                // an NTFS file is not sparse unless marked so: a page written near the end of a
                // tebibyte would make NTFS zero-fill all the bytes before it
                if (Os.current() != Os.WINDOWS) {
                    Scale.touch(b, Scale.sparseFile(dir, Scale.PAGE), Access.WRITE, new long[] {0});   // warm-up
                    for (Access access : List.of(Access.READ, Access.WRITE)) {
                        for (long size : List.of(Scale.PAGE, Scale.TEBIBYTE)) {
                            sparse.add(sparse(b, dir, access, size, reps));
                        }
                    }
                }
                many.add(many(b, dir, fewer));
                counter.add(counter(b, fewer));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        String json = "{\n  \"quick\": " + quick
                + ",\n  \"started\": \"" + started + "\""
                + ",\n  \"finished\": \"" + Instant.now() + "\""
                + ",\n  \"cpus\": " + Runtime.getRuntime().availableProcessors()
                + ",\n  \"loadBefore\": \"" + loadBefore + "\""
                + ",\n  \"loadAfter\": \"" + BenchMain.loadAverage() + "\""
                + ",\n  \"sparse\": [\n" + String.join(",\n", sparse) + "\n  ]"
                + ",\n  \"many\": [\n" + String.join(",\n", many) + "\n  ]"
                + ",\n  \"counter\": [\n" + String.join(",\n", counter) + "\n  ]\n}\n";
        Files.writeString(out.resolve("scale.json"), json);
        System.out.print(json);
        System.out.println("wrote " + out.resolve("scale.json"));
    }

    /** {@code reps} runs, each on a new sparse file of {@code size} bytes, as one JSON object of medians. */
    private static String sparse(Backend b, Path dir, Access access, long size, int reps) throws IOException {
        List<Scale.Touch> runs = new ArrayList<>();
        long[] fastest = {Long.MAX_VALUE, Long.MAX_VALUE};
        for (int i = 0; i < reps; i++) {
            Path f = Scale.sparseFile(dir, size);
            try {
                long[] pages = size == Scale.PAGE ? new long[] {0} : Scale.pages(size, PAGES, i);
                runs.add(Scale.touch(b, f, access, pages));
                long[] oc = Scale.fastestOpenClose(b, f, access, 10);
                fastest[0] = Math.min(fastest[0], oc[0]);
                fastest[1] = Math.min(fastest[1], oc[1]);
            } finally {
                Files.delete(f);
            }
        }
        return String.format(Locale.ROOT, "    {\"backend\": \"%s\", \"access\": \"%s\", \"size\": %d, \"pages\": %d,"
                        + " \"runs\": %d, \"openNs\": %d, \"touchNs\": %d, \"closeNs\": %d, \"fastestOpenNs\": %d,"
                        + " \"fastestCloseNs\": %d, \"heapGrowth\": %d, \"allocatedGrowth\": %d, \"rssFileLeft\": %d}",
                b, access, size, runs.getFirst().pages(), reps, median(runs, Scale.Touch::openNs),
                median(runs, Scale.Touch::touchNs),
                median(runs, Scale.Touch::closeNs), fastest[0], fastest[1], median(runs, Scale.Touch::heapGrowth),
                median(runs, t -> t.allocatedAfter() - t.allocatedBefore()),
                median(runs, t -> t.rssFileAfter() - t.rssFileBefore()));
    }

    private static String many(Backend b, Path dir, int reps) throws IOException {
        Scale.many(b, dir, MAPS / 10);                                                          // warm-up
        List<Scale.Many> runs = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            runs.add(Scale.many(b, dir, MAPS));
        }
        return String.format(Locale.ROOT, "    {\"backend\": \"%s\", \"maps\": %d, \"runs\": %d, \"openNs\": %d,"
                        + " \"checkNs\": %d, \"closeNs\": %d, \"descriptorsLeft\": %d, \"mappingsLeft\": %d}", b, MAPS,
                reps, median(runs, Scale.Many::openNs), median(runs, Scale.Many::checkNs),
                median(runs, Scale.Many::closeNs), median(runs, r -> r.descriptorsAfter() - r.descriptorsBefore()),
                median(runs, r -> r.mappingsAfter() - r.mappingsBefore()));
    }

    private static String counter(Backend b, int reps) throws Exception {
        List<CounterRace.Result> runs = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            String t = "jmscale-" + ProcessHandle.current().pid() + "-" + b.name().toLowerCase(Locale.ROOT) + "-" + i;
            try (MemoryMap m = MemoryMap.anonymous(4096, MapOptions.builder().backend(b).tagname(t)
                    .createPolicy(CreatePolicy.CREATE_NEW).build())) {
                int jvms = Peers.cUnavailableReason() == null ? PROCESSES - 1 : PROCESSES;
                CounterRace.Result r = CounterRace.run(m, jvms, false, ADDS, CounterRace.tagnamePeers(b, t));
                if (r.total() != r.expected()) {
                    throw new IllegalStateException("lost updates: " + r.describe());
                }
                System.out.println("ScaleBench [" + b + "] counter: " + r.describe());
                runs.add(r);
            } finally {
                MemoryMap.unlinkNamed(t, b);
            }
        }
        CounterRace.Result first = runs.getFirst();
        double[] process = runs.get(medianIndex(runs, CounterRace.Result::wallNs)).processMs();
        return String.format(Locale.ROOT, "    {\"backend\": \"%s\", \"processes\": %d, \"who\": \"%s\", \"adds\": %d,"
                        + " \"total\": %d, \"runs\": %d, \"wallNs\": %d, \"nsPerAdd\": %.2f, \"processMs\": [%.1f, %.1f,"
                        + " %.1f], \"withoutC\": %s}", b, first.who().size(), String.join(", ", first.who()),
                first.adds(), first.total(), reps, median(runs, CounterRace.Result::wallNs),
                (double) median(runs, CounterRace.Result::wallNs) / first.expected(), process[0], process[1],
                process[2], quote(first.withoutC()));
    }

    /** A JSON string, or null. */
    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static <T> long median(List<T> runs, ToLongFunction<T> f) {
        return f.applyAsLong(runs.get(medianIndex(runs, f)));
    }

    private static <T> int medianIndex(List<T> runs, ToLongFunction<T> f) {
        Integer[] order = new Integer[runs.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingLong(i -> f.applyAsLong(runs.get(i))));
        return order[order.length / 2];
    }
}
