package io.github.jmmap.internal.linux;

import io.github.jmmap.Access;
import io.github.jmmap.MapOptions;
import io.github.jmmap.internal.Region;
import io.github.jmmap.internal.VmaNames;
import io.github.jmmap.internal.posix.PosixProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The rules of anonymous-memory names at their edges, and a POSIX table without prctl (every OS but Linux). */
class LinuxNamesTest {

    @Test
    void theEdgesOfLinuxsRules() {
        VmaNames.check("x".repeat(VmaNames.MAX_LENGTH));
        VmaNames.check(" ~");                       // 0x20 and 0x7e, the ends of printable ASCII
        assertEquals("name must have at most 79 characters (Linux's limit of 80 bytes with the NUL), got 80",
                refusal("x".repeat(80)));
        String rule = "name must be printable ASCII without \\ ` $ [ ] (Linux's rule), got ";
        String[][] bad = {{"\u007f", "U+007F at index 0"}, {"a\u001f", "U+001F at index 1"}, {"`", "U+0060 at index 0"},
                {"ab]", "U+005D at index 2"}};
        for (String[] b : bad) {
            assertEquals(rule + b[1], refusal(b[0]));
        }
    }

    private static String refusal(String name) {
        return assertThrows(IllegalArgumentException.class, () -> VmaNames.check(name)).getMessage();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aTableWithoutPrctlRefusesNamesNamingTheOs() throws IOException {
        PosixProvider noPrctl = new PosixProvider(LinuxProvider.table().without("prctl").build(), 255);
        Region r = noPrctl.mapAnonymous(4096, Access.COPY, MapOptions.DEFAULTS);
        try {
            assertEquals("naming anonymous memory is a Linux feature (prctl PR_SET_VMA_ANON_NAME) that linux lacks",
                    assertThrows(UnsupportedOperationException.class, () -> r.setName("x")).getMessage());
            r.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 1);     // still mapped, untouched
        } finally {
            r.close();
        }
    }
}
