package io.github.jmmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's quick start, run as written (with a temp folder and a unique tagname). */
class ReadmeExamplesTest {

    @Test
    void quickStart(@TempDir Path dir) throws Exception {
        Path path = Files.write(dir.resolve("hello.txt"), "Hello Python!\n".getBytes());
        try (MemoryMap m = MemoryMap.open(path, Access.WRITE)) {
            byte[] hello = m.get(0, 5);
            m.set(6, "Java  ".getBytes());
            long at = m.find("Java".getBytes());
            Matcher x = Pattern.compile("J\\w+").matcher(m.asCharSequence());
            m.seek(0);
            byte[] line = m.readLine();
            m.flush();

            assertArrayEquals("Hello".getBytes(), hello);
            assertEquals(6, at);
            assertTrue(x.find());
            assertEquals("Java", x.group());
            assertArrayEquals("Hello Java  !\n".getBytes(), line);
        }
        assertEquals("Hello Java  !\n", Files.readString(path));

        try (MemoryMap scratch = MemoryMap.anonymous(1 << 20)) {
            scratch.write("scratch".getBytes());
            assertEquals(7, scratch.tell());
        }
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "Windows names die with their last handle: unlinkNamed is false")
    void quickStartNamedMap() throws Exception {
        String name = "jobs-" + ProcessHandle.current().pid();
        MapOptions named = MapOptions.builder().tagname(name).createPolicy(CreatePolicy.OPEN_OR_CREATE).build();
        try (MemoryMap shared = MemoryMap.anonymous(4096, named)) {
            long ticket = shared.getAndAddLong(0, 1);
            assertEquals(0, ticket);
        }
        assertTrue(MemoryMap.unlinkNamed(name));
    }
}
