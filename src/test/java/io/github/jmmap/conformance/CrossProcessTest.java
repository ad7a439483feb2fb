package io.github.jmmap.conformance;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MemoryMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A named map shared with another process (a child JVM) by its name, on every OS with NATIVE. */
@BackendUnderTest(Backend.NATIVE)
@DisabledOnOs(value = OS.OTHER, disabledReason = "no NATIVE provider for this OS")
class CrossProcessTest extends MapTestSupport {

    @Test
    void theSameNameSharesMemoryWithAnotherProcessAndAnotherNameDoesNot() throws Exception {
        String t = tagname("xproc");
        String missing = tagname("none");
        MemoryMap m = track(MemoryMap.anonymous(4096, opts().tagname(t).createPolicy(CreatePolicy.CREATE_NEW)
                .access(Access.WRITE).build()));
        m.set(0, ascii("from parent"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                NamedMapChild.class.getName(), t, missing)
                .redirectErrorStream(true).start();
        child.getOutputStream().close();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("child: ok"), out);
        assertArrayEquals(ascii("from child"), m.get(100, 110));
    }
}
