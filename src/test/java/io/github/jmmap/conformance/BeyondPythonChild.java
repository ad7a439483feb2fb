package io.github.jmmap.conformance;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.FlushMode;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM that {@link LinuxStraceTest} runs under strace: it names anonymous memory, flushes a
 * file map in every mode and maps with noReserve, printing each map's address and length so the
 * parent finds the calls. Arguments: a scratch file of two pages.
 */
public final class BeyondPythonChild {
    private BeyondPythonChild() {
    }

    public static void main(String[] args) throws Exception {
        MapOptions nat = MapOptions.builder().backend(Backend.NATIVE).build();
        long page = MemoryMap.pageSize();
        try (MemoryMap anon = MemoryMap.anonymous(3 * page, nat.toBuilder().access(Access.COPY).build())) {
            print("named", anon);
            try {
                anon.setName("jmmap-strace");
                System.out.println("setName: ok");
            } catch (UnsupportedOperationException e) {
                System.out.println("setName: " + e.getMessage());
            }
        }
        try (MemoryMap created = MemoryMap.anonymous(5 * page, nat.toBuilder().name("jmmap-created").build())) {
            print("created", created);
        } catch (UnsupportedOperationException e) {
            System.out.println("created: refused");
        }
        Path file = Path.of(args[0]);
        try (MemoryMap m = MemoryMap.open(file, nat.toBuilder().access(Access.WRITE).build())) {
            print("file", m);
            m.set(0, (byte) 1);
            m.flush(0, 2 * page, FlushMode.ASYNC);
            m.flush(0, 2 * page, FlushMode.SYNC);
            m.flush(0, 2 * page, FlushMode.INVALIDATE);
        }
        try (MemoryMap big = MemoryMap.anonymous(1L << 30, nat.toBuilder().access(Access.COPY).noReserve(true).build())) {
            print("noreserve", big);
        }
        System.out.println("child: ok " + Files.size(file));
    }

    private static void print(String what, MemoryMap m) {
        System.out.println(what + " 0x" + Long.toHexString(m.segment().address()) + " " + m.length());
    }
}
