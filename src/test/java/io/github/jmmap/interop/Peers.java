package io.github.jmmap.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Other processes for the reliability and interop tests: child JVMs running {@link PeerMain},
 * CPython's {@code mmap} module in a {@code python3} child, and the C peer
 * ({@code native/peer/jmmap_peer.c}) built with CMake into {@code target/peer}. Where python3,
 * CMake or a C compiler is missing, the tests that need them are skipped, saying why.
 *
 * <pre>{@code
 * Peers.Result r = Peers.run(Peers.java("open-file", "NATIVE", path.toString(), "READ", "read", "0", "4"));
 * assertEquals("read 01020304", r.line("read "));
 * }</pre>
 */
public final class Peers {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Peers() {
    }

    /** The project directory (surefire runs tests there). */
    public static Path basedir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    /** A child JVM command running {@link PeerMain} with these arguments, on the test JVM's JDK. */
    public static List<String> java(String... args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return javaWithClassPath(cp, args);
    }

    /** A child JVM command running {@code main} (a test class with a main method) on the test class path. */
    public static List<String> javaMain(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(java(args));
        cmd.set(cmd.indexOf(PeerMain.class.getName()), main.getName());
        return cmd;
    }

    /**
     * A child JVM command whose class path holds only the compiled classes, for a child running as
     * another user who cannot read the Maven repository.
     */
    public static List<String> javaWithClassesOnly(String... args) {
        Path target = basedir().resolve("target");
        return javaWithClassPath(target.resolve("classes") + java.io.File.pathSeparator + target.resolve("test-classes"),
                args);
    }

    private static List<String> javaWithClassPath(String cp, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData", "-Xmx64m", "-cp", cp, PeerMain.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A running peer whose output lines are collected as they come. */
    public static final class Peer implements AutoCloseable {
        private final List<String> command;
        private final Process process;
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;

        private Peer(List<String> command) throws IOException {
            this.command = command;
            this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
            this.reader = Thread.ofPlatform().daemon().start(this::pump);
        }

        private void pump() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process died; waitFor reports it
            }
        }

        /** The process. */
        public Process process() {
            return process;
        }

        /** Waits for a line starting with {@code prefix} and returns it; fails if the peer exits first. */
        public String await(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            synchronized (lines) {
                while (true) {
                    for (String l : lines) {
                        if (l.startsWith(prefix)) {
                            return l;
                        }
                    }
                    if (!process.isAlive() && !reader.isAlive()) {
                        fail("peer exited (" + process.exitValue() + ") before printing \"" + prefix + "\": "
                                + lines + "\n" + command);
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        fail("no \"" + prefix + "\" from the peer within " + TIMEOUT + ": " + lines);
                    }
                    lines.wait(Math.min(100, TimeUnit.NANOSECONDS.toMillis(left) + 1));
                }
            }
        }

        /** Waits for the peer to exit and returns its status and output. */
        public Result finish() throws InterruptedException {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("peer did not exit within " + TIMEOUT + ": " + command);
            }
            reader.join(TIMEOUT.toMillis());
            synchronized (lines) {
                return new Result(process.exitValue(), List.copyOf(lines), command);
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** A finished peer: its exit status and output lines. */
    public record Result(int exitCode, List<String> lines, List<String> command) {
        /** The first line starting with {@code prefix}; fails if there is none. */
        public String line(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .orElseGet(() -> fail("no line starting with \"" + prefix + "\" in " + lines + " of " + command));
        }

        /** Asserts that the peer succeeded (exit 0, no error line) and returns this. */
        public Result ok() {
            assertEquals(0, exitCode, () -> "peer failed: " + lines + "\n" + command);
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("error ")), () -> "peer failed: " + lines);
            return this;
        }
    }

    /** Starts a peer. */
    public static Peer start(List<String> command) throws IOException {
        return new Peer(command);
    }

    /** Runs a peer to its end. */
    public static Result run(List<String> command) throws IOException, InterruptedException {
        try (Peer p = start(command)) {
            return p.finish();
        }
    }

    // ------------------------------------------------------------------------------ python3

    /** The Python to run: {@code -Djmmap.python=...}, else python3 on the PATH. */
    private static final String PYTHON = System.getProperty("jmmap.python", "python3");
    /** The CMake to run: {@code -Djmmap.cmake=...}, else cmake on the PATH. */
    private static final String CMAKE = System.getProperty("jmmap.cmake", "cmake");

    private static final class Python {
        static final String WHY_NOT = probePython();
    }

    private static String probePython() {
        try {
            Result r = run(List.of(PYTHON, "-c", "import mmap, sys; print('python', sys.version_info[0])"));
            return r.exitCode() == 0 && r.lines().contains("python 3") ? null
                    : "python3 cannot import mmap: " + r.lines();
        } catch (IOException e) {
            return PYTHON + " is not on the PATH (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** A {@code python3 -c script args...} command; skips the test, saying why, without python3. */
    public static List<String> python(String script, String... args) {
        assumeTrue(Python.WHY_NOT == null, () -> "skipped: " + Python.WHY_NOT);
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", script));
        cmd.addAll(List.of(args));
        return cmd;
    }

    // ------------------------------------------------------------------------------ the C peer

    private static final class CPeer {
        static final Object PATH_OR_WHY_NOT = build();
    }

    /**
     * Why the C peer is not even tried on this OS, or null: native/peer/jmmap_peer.c is POSIX
     * (sys/mman.h, shm_open), which MSVC and the Windows SDK do not have, so on Windows a CMake
     * configure would only cost time before failing.
     */
    static String osWhyNot(String osName) {
        return osName.startsWith("Windows")
                ? "the C peer (native/peer/jmmap_peer.c) is POSIX-only (sys/mman.h, shm_open) and does not build on "
                        + osName : null;
    }

    private static Object build() {
        String osWhyNot = osWhyNot(System.getProperty("os.name"));
        if (osWhyNot != null) {
            return osWhyNot;
        }
        Path source = basedir().resolve("cmake").resolve("peer");
        Path build = basedir().resolve("target").resolve("peer");
        try {
            Result version;
            try {
                version = run(List.of(CMAKE, "--version"));
            } catch (IOException e) {
                return CMAKE + " is not on the PATH (" + e.getMessage() + ")";
            }
            if (version.exitCode() != 0) {
                return "cmake --version failed: " + version.lines();
            }
            Result configure = run(List.of(CMAKE, "-S", source.toString(), "-B", build.toString(),
                    "-DCMAKE_BUILD_TYPE=Release"));
            if (configure.exitCode() != 0) {
                return "cmake could not configure the C peer (no C compiler?): " + tail(configure.lines());
            }
            Result make = run(List.of(CMAKE, "--build", build.toString()));
            if (make.exitCode() != 0) {
                return "the C peer did not build: " + tail(make.lines());
            }
            Path exe = build.resolve("jmmap_peer");
            return Files.isExecutable(exe) ? exe : "the C peer built, but " + exe + " is missing";
        } catch (IOException e) {
            return "cannot run cmake: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 8), lines.size());
    }

    /**
     * A C peer command ({@code jmmap_peer file|shm TARGET commands...}), building the peer on first
     * use; skips the test, saying why, without CMake or a C compiler.
     */
    public static List<String> c(String kind, String target, String... commands) {
        assumeTrue(cUnavailableReason() == null, () -> "skipped: " + cUnavailableReason());
        Object p = CPeer.PATH_OR_WHY_NOT;
        List<String> cmd = new ArrayList<>(List.of(p.toString(), kind, target));
        cmd.addAll(List.of(commands));
        return cmd;
    }

    /** Why the C peer cannot be built here, or null once it is built. */
    public static String cUnavailableReason() {
        return CPeer.PATH_OR_WHY_NOT instanceof String why ? why : null;
    }
}
