package io.github.jmmap.conformance;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;

import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;

/**
 * The child process of {@link CrossProcessTest}: opens the named map its parent made, checks the
 * parent's bytes, answers at offset 100, and checks that another name is not there. Exit codes
 * say what went wrong (the parent prints the output).
 */
public final class NamedMapChild {
    private NamedMapChild() {
    }

    public static void main(String[] args) throws Exception {
        String tagname = args[0];
        String missing = args[1];
        MapOptions open = MapOptions.builder().backend(Backend.NATIVE).access(Access.WRITE)
                .createPolicy(CreatePolicy.OPEN_EXISTING).tagname(tagname).build();
        try (MemoryMap m = MemoryMap.anonymous(0, open)) {
            byte[] seen = m.get(0, 11);
            if (!Arrays.equals(seen, "from parent".getBytes(StandardCharsets.US_ASCII))) {
                System.out.println("child saw " + Arrays.toString(seen));
                System.exit(2);
            }
            m.set(100, "from child".getBytes(StandardCharsets.US_ASCII));
            m.flush();
        }
        try (MemoryMap other = MemoryMap.anonymous(0, open.toBuilder().tagname(missing).build())) {
            System.out.println("child found " + missing + ": " + other);
            System.exit(3);
        } catch (NoSuchFileException expected) {
            System.out.println("child: ok");
        }
    }
}
