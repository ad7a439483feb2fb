package io.github.jmmap.bench;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The echoing side of {@link RoundTripBench}: maps the file, says it is ready, then busy-spins
 * on the counter at offset 0 and copies every new value to offset 64, until it reads -1, its
 * parent is gone, or fifteen minutes have passed.
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -cp ... io.github.jmmap.bench.RoundTripChild /tmp/f NATIVE
 * }</pre>
 */
public final class RoundTripChild {
    private RoundTripChild() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Backend backend = Backend.valueOf(args[1]);
        ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        try (MemoryMap m = MemoryMap.open(file, MapOptions.builder().access(Access.WRITE).backend(backend).build())) {
            m.setLongVolatile(RoundTripBench.READY, 1);
            long seen = 0;
            long spins = 0;
            while (true) {
                long v = m.getLongVolatile(RoundTripBench.PING);
                if (v != seen) {
                    if (v == RoundTripBench.STOP) {
                        return;
                    }
                    seen = v;
                    m.setLongVolatile(RoundTripBench.PONG, v);
                } else {
                    if ((++spins & 0xFFFFF) == 0 && (!parent.isAlive() || System.nanoTime() > deadline)) {
                        return;
                    }
                    Thread.onSpinWait();
                }
            }
        }
    }
}
