package io.github.jmmap.conformance;

import io.github.jmmap.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The system calls behind flush modes, names and noReserve, seen by strace in a child JVM
 * ({@link BeyondPythonChild}): {@code msync} with MS_ASYNC, MS_SYNC and MS_SYNC|MS_INVALIDATE,
 * {@code prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, start, len, name)} over the whole mapping (and
 * its munmap when the name is refused at creation), {@code mmap} with MAP_NORESERVE. Skipped
 * where strace is missing.
 */
@BackendUnderTest(Backend.NATIVE)
@EnabledOnOs(value = OS.LINUX, disabledReason = "strace and prctl(PR_SET_VMA) are Linux's")
class LinuxStraceTest extends MapTestSupport {

    static Path strace() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, "strace");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @Test
    void theCallsAndTheirFlags() throws Exception {
        Path strace = strace();
        assumeTrue(strace != null, "strace is not installed (apt-get install strace)");
        Path file = file(new byte[2 * 4096]);
        Path trace = dir.resolve("trace.txt");
        List<String> cmd = List.of(strace.toString(), "-f", "--seccomp-bpf", "-e", "trace=prctl,msync,mmap,munmap",
                "-o", trace.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                BeyondPythonChild.class.getName(), file.toString());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        child.getOutputStream().close();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("child: ok"), out);
        Map<String, String[]> maps = new HashMap<>();      // what -> {address, length}
        String setName = null;
        for (String line : out.split("\n")) {
            String[] w = line.trim().split(" ");
            if (w.length == 3 && w[1].startsWith("0x")) {
                maps.put(w[0], new String[] {w[1], w[2]});
            }
            if (line.startsWith("setName: ")) {
                setName = line.substring("setName: ".length()).trim();
            }
        }
        String calls = joinResumed(Files.readString(trace));

        String[] named = maps.get("named");
        String prctl = "prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, " + named[0] + ", " + named[1] + ", \"jmmap-strace\")";
        assertCall(calls, prctl, setName.equals("ok") ? "0" : "-1 EINVAL");
        assertCall(calls, "mmap(NULL, " + named[1] + ", PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)", named[0]);

        if (out.contains("created: refused")) {
            // mapped, refused the name, unmapped: nothing leaks
            String len = Long.toString(5 * 4096L);
            int at = calls.indexOf("mmap(NULL, " + len + ", PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = 0x");
            assertTrue(at >= 0, calls);
            String address = calls.substring(at).split("= ")[1].split("\\s")[0];
            // a kernel that names private memory but not shared memory (5.17 to 6.1) says EBADF
            assertCall(calls, "prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, " + address + ", " + len + ", \"jmmap-created\")",
                    setName.equals("ok") ? "-1 EBADF" : "-1 EINVAL");
            assertCall(calls, "munmap(" + address + ", " + len + ")", "0");
        } else {
            String[] created = maps.get("created");
            assertCall(calls, "prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, " + created[0] + ", " + created[1]
                    + ", \"jmmap-created\")", "0");
        }

        String[] f = maps.get("file");
        String range = "msync(" + f[0] + ", " + (2 * 4096) + ", ";
        int async = assertCall(calls, range + "MS_ASYNC)", "0");
        int sync = assertCall(calls, range + "MS_SYNC)", "0");
        int invalidate = assertCall(calls, range + "MS_SYNC|MS_INVALIDATE)", "0");
        assertTrue(async < sync && sync < invalidate, "not in the order the child flushed:\n" + calls);

        String[] big = maps.get("noreserve");
        assertCall(calls, "mmap(NULL, " + big[1] + ", PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0)",
                big[0]);
    }

    /**
     * With -f, strace splits a call that another thread interrupts into "PID call(args <unfinished
     * ...>" and a later "PID <... call resumed>rest": joins each pair into one line at the first's
     * place, so a call is found whatever the other threads (a cleaner, the JIT) did meanwhile.
     */
    static String joinResumed(String calls) {
        List<String> lines = new java.util.ArrayList<>(calls.lines().toList());
        Map<String, Integer> pending = new HashMap<>();
        Pattern unfinished = Pattern.compile("^(\\d+) +(.*) <unfinished \\.\\.\\.>$");
        Pattern resumed = Pattern.compile("^(\\d+) +<\\.\\.\\. [\\w$]+ resumed>(.*)$");
        for (int i = 0; i < lines.size(); i++) {
            Matcher u = unfinished.matcher(lines.get(i));
            Matcher r = resumed.matcher(lines.get(i));
            if (u.matches()) {
                pending.put(u.group(1), i);
            } else if (r.matches() && pending.containsKey(r.group(1))) {
                int at = pending.remove(r.group(1));
                String start = lines.get(at);
                lines.set(at, start.substring(0, start.length() - " <unfinished ...>".length()) + r.group(2));
                lines.set(i, "");
            }
        }
        return String.join("\n", lines);
    }

    /** Where strace shows {@code call} returning {@code result} (it pads before the '='); fails if nowhere. */
    static int assertCall(String calls, String call, String result) {
        Matcher m = Pattern.compile(Pattern.quote(call) + " *= " + Pattern.quote(result) + "(\\s|$)").matcher(calls);
        assertTrue(m.find(), "strace shows no " + call + " = " + result + " in:\n" + calls);
        return m.start();
    }
}
