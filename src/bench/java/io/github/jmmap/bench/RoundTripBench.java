package io.github.jmmap.bench;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Workload 7: a round trip between two JVMs through one shared mapping. The benchmark thread
 * writes a counter at offset 0 ({@link MemoryMap#setLongVolatile}); a child JVM (same java,
 * same class path, started in {@code @Setup}) busy-spins on it and echoes it at offset 64; the
 * benchmark spins until the echo arrives. SampleTime mode: the report quotes the median.
 *
 * <p>The run can never hang on the child: the parent gives up on an echo after one second
 * (IllegalStateException), {@code @TearDown} asks the child to stop, waits five seconds and then
 * kills it, a shutdown hook kills it if the fork dies, and the child itself exits when its parent
 * is gone or after fifteen minutes.
 *
 * <pre>{@code
 * mvn -B -Pbench verify -Djmmap.bench.include=RoundTripBench
 * }</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoundTripBench {
    static final long PING = 0;
    static final long PONG = 64;      // another cache line
    static final long READY = 128;
    static final long STOP = -1;
    static final long ECHO_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The shared file, the map and the child. */
    @State(Scope.Thread)
    public static class Pair {
        @Param({"JAVA", "NATIVE"})
        public Backend backend;
        Path file;
        MemoryMap map;
        Process child;
        Thread killer;
        long counter;

        @Setup(Level.Trial)
        public void setUp() throws IOException, InterruptedException {
            file = Files.createTempFile(BenchData.dir(), "roundtrip", ".bin");
            map = MemoryMap.open(file, MapOptions.builder().access(Access.WRITE).length(4096).backend(backend).build());
            String java = ProcessHandle.current().info().command().orElse(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString());
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+UseSerialGC",
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    RoundTripChild.class.getName(), file.toString(), backend.name()));
            Path log = BenchData.dir().resolve("roundtrip-child-" + backend + ".log");
            child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Process c = child;
            killer = new Thread(c::destroyForcibly, "kill-roundtrip-child");
            Runtime.getRuntime().addShutdownHook(killer);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (map.getLongVolatile(READY) != 1) {
                if (!child.isAlive() || System.nanoTime() > deadline) {
                    child.destroyForcibly();
                    throw new IllegalStateException("the round-trip child did not start; see " + log + ": "
                            + Files.readString(log));
                }
                Thread.sleep(1);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException, InterruptedException {
            try {
                map.setLongVolatile(PING, STOP);
                if (!child.waitFor(5, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } finally {
                child.destroyForcibly();
                Runtime.getRuntime().removeShutdownHook(killer);
                map.close();
                Files.deleteIfExists(file);
            }
        }
    }

    @Benchmark
    public long roundTrip(Pair p) {
        MemoryMap m = p.map;
        long n = ++p.counter;
        m.setLongVolatile(PING, n);
        int spins = 0;
        long start = 0;
        while (m.getLongVolatile(PONG) != n) {
            if ((++spins & 0xFFF) == 0) {
                long now = System.nanoTime();
                if (start == 0) {
                    start = now;
                } else if (now - start > ECHO_TIMEOUT_NANOS) {
                    throw new IllegalStateException("the round-trip child did not echo " + n + " within 1 s"
                            + (p.child.isAlive() ? "" : " (it exited with " + p.child.exitValue() + ")"));
                }
            }
            Thread.onSpinWait();
        }
        return n;
    }
}
