package io.github.jmmap.reliability;

import io.github.jmmap.interop.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A canary for the JDK, not a test of jmmap: does a compare-and-set on a mapped page that a
 * truncation removed still kill this JDK (SIGBUS in {@code Unsafe_CompareAndSetLong}, unguarded,
 * where plain accesses and copies are guarded)? It runs {@link CasTruncationCanary} (the JDK alone)
 * in a child JVM with {@code -Xint}, where the crash is the most reliable, and prints one line
 * saying which happened. It passes either way, but only for one of the two outcomes: the child
 * lived (exit 0 and its "survived" line) or died of the fault (a JVM crash report naming SIGBUS).
 * When it starts to print "survived" on a new JDK, jmmap's note on atomics and truncation in the
 * README and the atomics' Javadoc can be revisited.
 */
@EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "SIGBUS on a truncated mapping is a POSIX matter")
class CasTruncationCanaryTest {

    @Test
    void canary_doesACompareAndSetOnATruncatedMappingStillCrashThisJdk() throws Exception {
        Path errorFile = Files.createTempFile("jmmap-canary-hs_err", ".log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xint", "-XX:-CreateCoredumpOnCrash", "-XX:ErrorFile=" + errorFile, "-XX:-UsePerfData",
                "-Xmx32m", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                CasTruncationCanary.class.getName(), "3000"));
        try {
            Peers.Result r = Peers.run(cmd);
            String report = Files.readString(errorFile);
            boolean survived = r.exitCode() == 0 && r.lines().stream().anyMatch(l -> l.startsWith("survived "));
            boolean crashed = r.exitCode() != 0 && (report.contains("SIGBUS")
                    || r.lines().stream().anyMatch(l -> l.contains("SIGBUS")));
            String frame = report.lines().filter(l -> l.startsWith("# V ") || l.startsWith("# J ")).findFirst()
                    .orElse("").replace("# ", "");
            System.out.println("[canary] " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                    + (crashed ? ": a compare-and-set on a truncated mapping still crashes the JVM (SIGBUS in " + frame
                    + ", exit " + r.exitCode() + ")" : survived ? ": a compare-and-set on a truncated mapping no longer crashes the"
                    + " JVM: " + r.lines().get(r.lines().size() - 1) : ": neither outcome"));
            assertTrue(survived || crashed, "the child neither lived nor died of SIGBUS: exit " + r.exitCode() + ", "
                    + r.lines());
        } finally {
            Files.deleteIfExists(errorFile);
        }
    }
}
