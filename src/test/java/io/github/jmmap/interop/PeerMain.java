package io.github.jmmap.interop;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The Java peer: a child JVM that maps a file or a named map and runs commands from its command
 * line, one after another, printing one line per result, so tests can share memory with another
 * process. The C peer (native/peer/jmmap_peer.c) understands the same commands.
 *
 * <pre>{@code
 * java -cp ... io.github.jmmap.interop.PeerMain open-file NATIVE /tmp/x.bin WRITE  read 0 4  write 8 cafe  flush
 * }</pre>
 *
 * <ul>
 * <li>{@code open-file BACKEND PATH ACCESS}, {@code open-name BACKEND NAME POLICY ACCESS LENGTH}: map it</li>
 * <li>{@code read OFF LEN}: prints {@code read <hex>}; {@code write OFF HEX}; {@code flush}; {@code close}</li>
 * <li>{@code add OFF COUNT}: COUNT times {@code getAndAddLong(OFF, 1)}; prints {@code added COUNT}, then
 * {@code add-ns NANOS}, the time the adds took</li>
 * <li>{@code ready}: prints {@code ready}; {@code await OFF}: waits until the int at OFF is not 0 (spins, then
 * sleeps 1 ms between looks, so that many waiting peers leave the CPUs to those still starting)</li>
 * <li>{@code sleep}: sleeps until killed; {@code truncate PATH SIZE}: sets a file's size</li>
 * </ul>
 * Any failure prints {@code error <class>: <message>} and exits with status 3.
 */
public final class PeerMain {
    private PeerMain() {
    }

    public static void main(String[] args) throws Exception {
        MemoryMap m = null;
        try {
            for (int i = 0; i < args.length; ) {
                String cmd = args[i++];
                switch (cmd) {
                    case "open-file" -> m = MemoryMap.open(Path.of(args[i + 1]), MapOptions.builder()
                            .backend(Backend.valueOf(args[i])).access(Access.valueOf(args[i + 2])).build());
                    case "open-name" -> m = MemoryMap.anonymous(Long.parseLong(args[i + 4]), MapOptions.builder()
                            .backend(Backend.valueOf(args[i])).tagname(args[i + 1])
                            .createPolicy(CreatePolicy.valueOf(args[i + 2])).access(Access.valueOf(args[i + 3]))
                            .build());
                    case "read" -> say("read " + HexFormat.of().formatHex(
                            m.get(Long.parseLong(args[i]), Long.parseLong(args[i]) + Long.parseLong(args[i + 1]))));
                    case "write" -> m.set(Long.parseLong(args[i]), HexFormat.of().parseHex(args[i + 1]));
                    case "flush" -> m.flush();
                    case "close" -> m.close();
                    case "add" -> {
                        long off = Long.parseLong(args[i]);
                        long count = Long.parseLong(args[i + 1]);
                        long t0 = System.nanoTime();
                        for (long k = 0; k < count; k++) {
                            m.getAndAddLong(off, 1);
                        }
                        long ns = System.nanoTime() - t0;
                        say("added " + count);
                        say("add-ns " + ns);
                    }
                    case "ready" -> say("ready");
                    case "await" -> {
                        long off = Long.parseLong(args[i]);
                        for (int spins = 0; m.getIntVolatile(off) == 0; spins++) {
                            if (spins < 10_000) {
                                Thread.onSpinWait();
                            } else {
                                Thread.sleep(1);
                            }
                        }
                    }
                    case "sleep" -> Thread.sleep(Long.MAX_VALUE);
                    case "truncate" -> {
                        try (RandomAccessFile f = new RandomAccessFile(args[i], "rw")) {
                            f.setLength(Long.parseLong(args[i + 1]));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown command " + cmd);
                }
                i += arity(cmd);
            }
            say("done");
        } catch (Throwable e) {
            say("error " + e.getClass().getName() + ": " + e.getMessage());
            System.exit(3);
        }
    }

    private static int arity(String cmd) {
        return switch (cmd) {
            case "open-file" -> 3;
            case "open-name" -> 5;
            case "read", "write", "add", "truncate" -> 2;
            case "await" -> 1;
            default -> 0;
        };
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
