package io.github.jmmap.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the whole JMH suite once and writes {@code jmh.json} (JMH's JSON results) and
 * {@code meta.json} (mode, load before and after) into {@code -Djmmap.bench.out}; bench/report.py
 * turns them, with the CPython figures, into BENCHMARKS.md. Full mode: one fork, 3 x 1 s warm-up,
 * 5 x 1 s measurement per benchmark. {@code -Djmmap.bench.quick=true}: 1 x 0.2 s and 2 x 0.2 s,
 * a smoke run. {@code -Djmmap.bench.include=REGEX} runs a subset. The cost curves
 * ({@code *CostBench}: many short points) run after the rest, on their own annotations' iterations
 * (2 x 0.5 s warm-up, 3 x 0.5 s measurement) in full mode and the smoke run's in quick mode.
 *
 * <pre>{@code
 * mvn -B -Pbench verify                                         # the suite, then BENCHMARKS.md
 * mvn -B -Pbench verify -Djmmap.bench.quick=true                # a smoke run
 * mvn -B -Pbench verify -Djmmap.bench.include='FindBench.*'     # one workload
 * }</pre>
 */
public final class BenchMain {
    /** What a benchmark's name holds if it is one of the cost curves. */
    private static final String COST = "CostBench\\.";

    private BenchMain() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        boolean quick = Boolean.getBoolean("jmmap.bench.quick");
        String include = System.getProperty("jmmap.bench.include", ".*");
        Path out = Files.createDirectories(Path.of(System.getProperty("jmmap.bench.out", "target/bench")));
        String loadBefore = loadAverage();
        Instant started = Instant.now();
        BenchData.main(new String[0]);

        String pattern = include.equals(".*") ? BenchMain.class.getPackageName() + "\\..*Bench\\..*" : include;
        ChainedOptionsBuilder o = options(pattern, quick).exclude(COST);
        if (!quick) {
            o.warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(1));
        }
        // The cost curves (*CostBench, many short points) run apart, on their own annotations'
        // short iterations in full mode; quick mode shortens them like the rest.
        ChainedOptionsBuilder cost = options(pattern, quick).exclude("^(?!.*" + COST + ")");
        List<RunResult> results = new ArrayList<>(run(o));
        results.addAll(run(cost));
        if (results.isEmpty()) {
            throw new NoBenchmarksException();
        }
        ResultFormatFactory.getInstance(ResultFormatType.JSON, out.resolve("jmh.json").toString()).writeOut(results);

        String meta = "{\n  \"quick\": " + quick
                + ",\n  \"include\": \"" + include.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
                + ",\n  \"started\": \"" + started + "\""
                + ",\n  \"finished\": \"" + Instant.now() + "\""
                + ",\n  \"loadBefore\": \"" + loadBefore + "\""
                + ",\n  \"loadAfter\": \"" + loadAverage() + "\""
                + ",\n  \"javaVersion\": \"" + System.getProperty("java.vm.version") + "\""
                + ",\n  \"javaVendor\": \"" + System.getProperty("java.vm.vendor") + "\"\n}\n";
        Files.writeString(out.resolve("meta.json"), meta);
    }

    /** The options of one JMH run: one fork, and the smoke run's iterations in quick mode. */
    private static ChainedOptionsBuilder options(String include, boolean quick) {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(include)
                .forks(1)
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx3g",
                        "-Djmmap.bench.data=" + BenchData.dir());
        if (quick) {
            o.warmupIterations(1).warmupTime(TimeValue.milliseconds(200))
                    .measurementIterations(2).measurementTime(TimeValue.milliseconds(200));
        }
        return o;
    }

    /** The results of one JMH run; none if no benchmark matches. */
    private static List<RunResult> run(ChainedOptionsBuilder o) throws RunnerException {
        try {
            return new ArrayList<>(new Runner(o.build()).run());
        } catch (NoBenchmarksException e) {
            return List.of();
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }
}
