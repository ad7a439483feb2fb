package io.github.jmmap.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the demo as {@code mvn exec:exec@demo} does, in a JVM of its own (the same java binary,
 * {@code --enable-native-access=ALL-UNNAMED}, target/classes and target/demo-classes on the class path), with
 * {@code --quick} for a small benchmark, and checks its exit status and key lines.
 */
@EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "the demo's NATIVE lines need a POSIX provider")
class DemoTest {
    private record Result(int status, String out, String err) {
    }

    /** Lines whose content does not depend on the run (pids, timings aside), as regexes. */
    private static final List<String> EXPECTED_LINES = List.of(
            " {2}Backend\\.AUTO picked +NATIVE \\(native available: true\\)",
            " {2}WRITE m\\.set\\(6, \"Java25\"\\) +file \"Hello Java25!\\\\n\" \\(write-through\\)",
            " {2}COPY  m\\.set\\(0, \"Y\"\\) +map \"Yello Java25!\\\\n\", file \"Hello Java25!\\\\n\" \\(copy-on-write\\)",
            " {2}m\\.get\\(len-2, -1, -1\\) m\\[-2::-1\\] \"!nOhTyP OlLeH\"",
            " {2}\\^ERROR \\(\\.\\*\\)\\$ at byte 42 +\"timeout after 30s\"",
            " {2}m\\.seek\\(-4, END\\); m\\.read\\(\\) +\"30s\\\\n\", tell 66 = length",
            " {2}2 MiB random file; a run processes 1 MiB in 16384 steps of "
                    + "\"seek \\+64, read 32, seek -32, read 32\"",
            " {2}benchmark: RandomAccessFile \\.\\.\\. done \\(\\d+\\.\\d s\\)",
            " {2}RandomAccessFile +\\(seek \\+ readFully\\) +\\d+\\.\\d ns/step",
            " {2}MemoryMap JAVA +\\(seek \\+ readInto\\) +\\d+\\.\\d ns/step +RandomAccessFile/JAVA = \\d+\\.\\dx",
            " {2}MemoryMap NATIVE +\\(seek \\+ readInto\\) +\\d+\\.\\d ns/step +RandomAccessFile/NATIVE = \\d+\\.\\dx",
            " {2}checksums agree: [0-9a-f]{16} \\(all 3 variants\\)");

    /** The demo's main class: compiled from src/demo/java into its own folder, not on the test class path. */
    private static final String DEMO = "io.github.jmmap.demo.Demo";

    @TempDir
    Path tmp;

    private Result demo(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classes = System.getProperty("jmmap.test.classes");
        assertTrue(classes != null && Files.isDirectory(Path.of(classes)), "jmmap.test.classes is set by surefire");
        String demo = System.getProperty("jmmap.demo.classes");     // src/demo/java, never in the library jar
        assertTrue(demo != null && Files.isDirectory(Path.of(demo)), "jmmap.demo.classes is set by surefire");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                classes + File.pathSeparator + demo, DEMO));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the demo did not finish within 120 s; output so far:\n" + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Matcher line(String out, String regex) {
        Matcher m = Pattern.compile("^" + regex + "$", Pattern.MULTILINE).matcher(out);
        assertTrue(m.find(), () -> "no line matching /" + regex + "/ in:\n" + out);
        return m;
    }

    @Test
    void quickDemoRunsEverySectionAndExitsZero() throws Exception {
        Result r = demo("--quick");
        assertEquals(0, r.status, () -> "exit status; stdout:\n" + r.out + "\nstderr:\n" + r.err);
        assertEquals("", r.err, "nothing on stderr (no warnings, no log lines)");

        int previous = -1;
        for (int section = 1; section <= 7; section++) {
            int at = r.out.indexOf("\n== " + section + ". ");
            assertTrue(at > previous, "section " + section + " follows section " + (section - 1) + ":\n" + r.out);
            previous = at;
        }
        for (String regex : EXPECTED_LINES) {
            line(r.out, regex);
        }
        Matcher answer = line(r.out, " {2}child answered +\"pid (\\d+) got \\\\\"hello from pid (\\d+)\\\\\" via NATIVE\"");
        assertNotEquals(answer.group(1), answer.group(2), "the answer comes from another process");
        line(r.out, " {2}child exit status +0");
        line(r.out, " {2}named map \"jmmap-demo-\\d+\" +child wrote \"pid " + answer.group(1) + " was here\\\\n\"");
        Matcher unlinked = line(r.out, " {2}MemoryMap\\.unlinkNamed\\(tagname\\) true(, /dev/shm/(\\S+) exists: false)?");
        if (unlinked.group(2) != null) {
            assertFalse(Files.exists(Path.of("/dev/shm", unlinked.group(2))));
        }

        Matcher deleted = line(r.out, "temp dir (\\S+) deleted: true");
        assertFalse(Files.exists(Path.of(deleted.group(1))), "the demo's temp dir is gone");
        long lines = r.out.lines().count();
        assertTrue(lines >= 40 && lines <= 65, "40-65 lines of output, got " + lines);
    }

    @Test
    void unknownArgumentExitsTwoWithUsage() throws Exception {
        Result r = demo("--bogus");
        assertEquals(2, r.status);
        assertEquals("", r.out);
        assertEquals("usage: Demo [--quick]   (unknown argument: --bogus)", r.err.strip());
    }

    @Test
    void childRefusesAFileWhoseHandshakeIsNotFresh() throws Exception {
        byte[] busy = new byte[4096];
        busy[0] = 1;                                 // state already ATTACHED: someone else is there
        Path f = Files.write(tmp.resolve("exchange.bin"), busy);
        Result r = demo("child", f.toString(), "-");
        assertEquals(1, r.status);
        assertEquals("", r.out);
        assertTrue(r.err.startsWith("demo child FAILED: java.lang.IllegalStateException: demo check failed: "
                + "child: the state was not 0"), r.err);
    }
}
