package io.github.jmmap.demo;

import static io.github.jmmap.demo.Report.bytes;
import static io.github.jmmap.demo.Report.check;
import static io.github.jmmap.demo.Report.q;
import static io.github.jmmap.demo.Report.text;

import io.github.jmmap.Access;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Two JVMs talking through one mapped file (the article's last point), with a named map on the
 * side. The file's layout: an int state at 0, the request's length at 4 and its bytes at 64,
 * the answer's length at 8 and its bytes at 1024. The state goes 0 (nobody) -> ATTACHED (the
 * child has mapped the file) -> REQUEST (the parent posted a request) -> ANSWERED.
 */
final class Exchange {
    static final String CHILD = "child";

    private static final int STATE = 0;
    private static final int REQUEST_LENGTH = 4;
    private static final int ANSWER_LENGTH = 8;
    private static final int REQUEST_AT = 64;
    private static final int ANSWER_AT = 1024;
    private static final int ATTACHED = 1;
    private static final int REQUEST = 2;
    private static final int ANSWERED = 3;
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Path SHM = Path.of("/dev/shm");

    private final Report report;
    private final Path dir;

    Exchange(Report report, Path dir) {
        this.report = report;
        this.dir = dir;
    }

    void run() throws IOException, InterruptedException {
        report.section("6. Two processes, one mapping (atomics for the handshake)");
        Path f = Files.write(dir.resolve("exchange.bin"), new byte[4096]);
        long pid = ProcessHandle.current().pid();
        boolean named = MemoryMap.isNativeAvailable() || Files.isDirectory(SHM);
        String tagname = named ? "jmmap-demo-" + pid : null;
        MemoryMap tag = named
                ? MemoryMap.anonymous(4096, MapOptions.builder().tagname(tagname).createPolicy(CreatePolicy.CREATE_NEW).build())
                : null;
        Process child = null;
        try (MemoryMap m = MemoryMap.open(f, Access.WRITE)) {
            long started = System.nanoTime();
            child = startChild(f, tagname);
            Process c = child;
            await(() -> m.getIntVolatile(STATE) == ATTACHED, c, "the child to map the file");
            report.fact("child JVM started and attached", "pid " + c.pid() + " after "
                    + millis(started) + " ms (state 0 -> " + ATTACHED + " by compareAndSetInt)");

            byte[] request = bytes("hello from pid " + pid);
            m.set(REQUEST_AT, request);
            m.setInt(REQUEST_LENGTH, request.length);
            long posted = System.nanoTime();
            m.setIntVolatile(STATE, REQUEST);            // publishes the request
            await(() -> m.getIntVolatile(STATE) == ANSWERED, c, "the child's answer");
            long roundTrip = System.nanoTime() - posted;
            byte[] answer = m.get(ANSWER_AT, ANSWER_AT + m.getInt(ANSWER_LENGTH));
            report.fact("parent wrote, setIntVolatile", q(request));
            report.fact("child answered", q(answer));
            report.fact("round trip", String.format("%.2f ms (request posted -> answer seen)", roundTrip / 1e6));
            check(text(answer).startsWith("pid " + c.pid() + " got \"hello from pid " + pid + "\""), "child's answer");
            if (!c.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the child did not exit within 30 s");
            }
            check(c.exitValue() == 0, "child exit status 0, got " + c.exitValue());
            report.fact("child exit status", String.valueOf(c.exitValue()));
            if (tag != null) {
                byte[] line = tag.readLine();
                check(text(line).equals("pid " + c.pid() + " was here\n"), "named map written by the child");
                report.fact("named map \"" + tagname + "\"", "child wrote " + q(line));
            }
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
            }
            if (tag != null) {
                tag.close();
                boolean unlinked = MemoryMap.unlinkNamed(tagname);
                String shm = Files.isDirectory(SHM) ? ", /dev/shm/" + tagname + " exists: "
                        + Files.exists(SHM.resolve(tagname)) : "";
                report.fact("MemoryMap.unlinkNamed(tagname)", unlinked + shm);
            }
        }
        if (!named) {
            report.fact("named map", "skipped: no NATIVE backend and no /dev/shm");
        }
    }

    /** The same java binary and class path as this JVM, running {@code Demo child <file> <tagname|->}. */
    private static Process startChild(Path file, String tagname) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Demo.class.getName(), CHILD, file.toString(),
                tagname == null ? "-" : tagname));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Waits until {@code done}, at most 30 s, failing early if the child died. */
    private static void await(BooleanSupplier done, Process child, String what) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!done.getAsBoolean()) {
            if (child != null && !child.isAlive() && !done.getAsBoolean()) {
                throw new IllegalStateException("the child exited with status " + child.exitValue()
                        + " while waiting for " + what);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out after 30 s waiting for " + what);
            }
            LockSupport.parkNanos(50_000);
        }
    }

    private static long millis(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    /**
     * The child process: maps the file, says it is there, waits for the parent's request, answers
     * it (and signs the named map, if any), and exits: 0 on success, 1 on failure.
     */
    static int child(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: Demo child <file> <tagname|->");
            return 2;
        }
        MapOptions named = args[2].equals("-") ? null
                : MapOptions.builder().tagname(args[2]).createPolicy(CreatePolicy.OPEN_EXISTING).build();
        // Everything that loads classes or links native calls happens before the handshake, so the
        // round trip the parent prints is the exchange itself, not the child's first-call costs.
        try (MemoryMap m = MemoryMap.open(Path.of(args[1]), Access.WRITE);
             MemoryMap tag = named == null ? null : MemoryMap.anonymous(0, named)) {
            long pid = ProcessHandle.current().pid();
            String prefix = "pid " + pid + " got \"";
            String suffix = "\" via " + m.backend();
            byte[] signature = bytes("pid " + pid + " was here\n");
            check(m.compareAndSetInt(STATE, 0, ATTACHED), "child: the state was not 0");
            await(() -> m.getIntVolatile(STATE) == REQUEST, null, "the parent's request");
            String request = text(m.get(REQUEST_AT, REQUEST_AT + m.getInt(REQUEST_LENGTH)));
            byte[] answer = bytes(prefix.concat(request).concat(suffix));
            m.set(ANSWER_AT, answer);
            m.setInt(ANSWER_LENGTH, answer.length);
            if (tag != null) {
                tag.write(signature);
            }
            check(m.compareAndSetInt(STATE, REQUEST, ANSWERED), "child: the state changed under it");
            return 0;
        } catch (Exception | Error e) {
            System.err.println("demo child FAILED: " + e);
            e.printStackTrace();
            return 1;
        }
    }
}
