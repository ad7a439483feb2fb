package io.github.jmmap.reliability;

import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Beyond vm.max_map_count the OS refuses a map with ENOMEM: the message says what to check (the
 * sysctl with its value and this process's count, and ulimit -v), as Lucene's MMapDirectory does.
 * A child JVM maps one page of a file until the OS refuses (about 65,000 maps, some seconds); the
 * sysctl is never changed. The child runs with its heap and code cache committed up front so the
 * JVM itself needs no new map near the limit. One concrete subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
@EnabledOnOs(value = OS.LINUX, disabledReason = "vm.max_map_count is Linux's")
public abstract class MapLimitSuite extends MapTestSupport {
    /** Mapping more than this many pages in a test would take too long. */
    private static final long MOST = 300_000;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void beyondTheLimitOfMaps_theFailureNamesVmMaxMapCountAndUlimit() throws Exception {
        long limit;
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys/vm/max_map_count"))) {
            limit = Long.parseLong(r.readLine().strip());
        }
        assumeTrue(limit <= MOST, "vm.max_map_count is " + limit + ": too many maps to make in a test");
        Path page = file(new byte[4096]);
        // Near the limit the JVM itself may need a new map (a thread stack, metaspace) and die with
        // "insufficient memory for the Java Runtime Environment", before jmmap is refused: that is
        // the JVM's limit, not jmmap's answer, so such a run is tried again, and after three the
        // test is skipped saying so. Only the child's stdout is parsed; stderr (JVM warnings such as
        // "os::commit_memory ... failed") is kept for the failure message.
        String out = null;
        String jvmDeaths = "";
        for (int attempt = 1; attempt <= 3 && out == null; attempt++) {
            Path stderr = dir.resolve("child-stderr-" + attempt + ".txt");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xms160m", "-Xmx160m",
                    "-XX:+AlwaysPreTouch", "-XX:ReservedCodeCacheSize=32m", "-XX:InitialCodeCacheSize=32m",
                    "-XX:TieredStopAtLevel=1", "-XX:+DisplayVMOutputToStderr", "-XX:-CreateCoredumpOnCrash",
                    "-XX:ErrorFile=" + dir.resolve("hs_err-" + attempt + ".log"),
                    "-cp", System.getProperty("java.class.path"), MapLimitChild.class.getName(), backend().name(),
                    page.toString(), Long.toString(limit + 1000))
                    .redirectError(stderr.toFile()).start();
            String stdout = new String(child.getInputStream().readAllBytes());
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not finish");
            String all = stdout + Files.readString(stderr);
            if (child.exitValue() != 0 && all.contains("insufficient memory for the Java Runtime Environment")) {
                jvmDeaths += "\nattempt " + attempt + ": " + all.lines().filter(l -> l.contains("failed to map"))
                        .findFirst().orElse("the JVM ran out of maps");
                continue;
            }
            assertEquals(0, child.exitValue(), all);
            out = stdout;
        }
        assumeTrue(out != null, "the child JVM itself died at the limit of maps three times, before jmmap was"
                + " refused:" + jvmDeaths);
        List<String> lines = out.lines().toList();
        assertTrue(lines.get(0).startsWith("refused after "), out);
        long maps = Long.parseLong(lines.get(0).replaceAll("\\D", ""));
        assertTrue(maps > limit / 2 && maps < limit, lines.get(0) + " of a limit of " + limit);
        String expected = "java.io.IOException: " + (backend().name().equals("NATIVE")
                ? "mmap " + page + " failed: ENOMEM (12): Cannot allocate memory"
                : "FileChannel.map " + page + " failed: Map failed")
                + "; mapping 4096 bytes: the process may have reached its limit of memory maps (sysctl"
                + " vm.max_map_count = " + limit + ", this process has ";
        assertTrue(lines.get(1).startsWith(expected), lines.get(1) + "\ndoes not start with\n" + expected);
        assertTrue(lines.get(1).endsWith(") or of virtual address space (ulimit -v)"), lines.get(1));
    }
}
