package io.github.jmmap.interop;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import io.github.jmmap.conformance.SuiteSummary;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Other processes and languages share memory with a live map: another JVM (on each backend)
 * through one file and one tagname; CPython's own {@code mmap} module through the same file and,
 * on Linux, the same {@code /dev/shm} name; and the C peer through both. Each peer reads the bytes
 * this JVM wrote and writes bytes this JVM then reads through the map it kept open. One concrete
 * subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class InteropSuite extends MapTestSupport {
    static final int SIZE = 4096;
    static final int REPLY_AT = 1024;

    /** Reads in CPython what Java wrote at [0, n), and writes a reply at {@code at}: {@code path n at hex}. */
    static final String PYTHON_PEER = String.join("\n",
            "import mmap, sys",
            "path, n, at, reply = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), bytes.fromhex(sys.argv[4])",
            "with open(path, 'r+b') as f:",
            "    m = mmap.mmap(f.fileno(), 0)",
            "    print('read ' + m[0:n].hex())",
            "    m[at:at + len(reply)] = reply",
            "    m.flush()",
            "    m.close()",
            "print('done')");

    private MemoryMap fileMap;
    private Path file;

    private MemoryMap openFile() throws IOException {
        file = file(new byte[SIZE]);
        fileMap = open(file, Access.WRITE);
        return fileMap;
    }

    private String newName() {
        assumeTrue(backend() != Backend.JAVA || Files.isDirectory(Path.of("/dev/shm")),
                "the JAVA backend has named maps only with /dev/shm");
        return tagname("interop");
    }

    private MemoryMap createNamed(String t) throws IOException {
        return track(MemoryMap.anonymous(SIZE, opts().tagname(t).createPolicy(CreatePolicy.CREATE_NEW).build()));
    }

    /** Writes a message, runs the peer, checks what it read and that its reply is visible in the live map. */
    private void exchange(MemoryMap m, String who, Function<byte[], List<String>> peer) throws Exception {
        byte[] message = random(200, who.hashCode());
        byte[] reply = random(300, who.hashCode() + 1);
        m.set(0, message);
        Peers.Result r = Peers.run(peer.apply(reply)).ok();
        assertEquals("read " + HexFormat.of().formatHex(message), r.line("read "), who + " read other bytes");
        assertArrayEquals(reply, m.get(REPLY_AT, REPLY_AT + reply.length), who + "'s bytes are not in the map");
        SuiteSummary.add(getClass(), String.format("interop: exchanged %d + %d bytes with %s", message.length,
                reply.length, who));
    }

    @AfterAll
    static void summary(TestInfo info) {
        SuiteSummary.print(info);
    }

    @Test
    void twoJvms_exchangeThroughOneFileMap() throws Exception {
        MemoryMap m = openFile();
        for (Backend child : List.of(Backend.JAVA, Backend.NATIVE)) {
            exchange(m, "a " + child + " JVM (file)", reply -> Peers.java("open-file", child.name(), file.toString(),
                    "WRITE", "read", "0", "200", "write", String.valueOf(REPLY_AT), HexFormat.of().formatHex(reply),
                    "flush"));
        }
    }

    @Test
    void twoJvms_exchangeThroughOneTagnameMap() throws Exception {
        String t = newName();
        MemoryMap m = createNamed(t);
        for (Backend child : List.of(Backend.JAVA, Backend.NATIVE)) {
            exchange(m, "a " + child + " JVM (tagname)", reply -> Peers.java("open-name", child.name(), t,
                    "OPEN_EXISTING", "WRITE", "0", "read", "0", "200", "write", String.valueOf(REPLY_AT),
                    HexFormat.of().formatHex(reply)));
        }
    }

    @Test
    void python_exchangesThroughOneFileMap() throws Exception {
        MemoryMap m = openFile();
        exchange(m, "CPython mmap (file)", reply -> Peers.python(PYTHON_PEER, file.toString(), "200",
                String.valueOf(REPLY_AT), HexFormat.of().formatHex(reply)));
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "POSIX shared memory is a file under /dev/shm on Linux only")
    void python_exchangesThroughTheSameDevShmName() throws Exception {
        String t = newName();
        MemoryMap m = createNamed(t);
        exchange(m, "CPython mmap (/dev/shm)", reply -> Peers.python(PYTHON_PEER, "/dev/shm/" + t, "200",
                String.valueOf(REPLY_AT), HexFormat.of().formatHex(reply)));
    }

    @Test
    void c_exchangesThroughOneFileMap() throws Exception {
        MemoryMap m = openFile();
        exchange(m, "C (file)", reply -> Peers.c("file", file.toString(), "read", "0", "200",
                "write", String.valueOf(REPLY_AT), HexFormat.of().formatHex(reply), "flush"));
    }

    @Test
    void c_exchangesThroughOneShmName() throws Exception {
        String t = newName();
        MemoryMap m = createNamed(t);
        exchange(m, "C (shm_open)", reply -> Peers.c("shm", t, "read", "0", "200",
                "write", String.valueOf(REPLY_AT), HexFormat.of().formatHex(reply)));
    }
}
