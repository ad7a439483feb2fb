package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.Advice;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eight threads read and write a map while another thread resizes and closes it, for
 * {@value #ROUNDS} rounds of a few milliseconds, over files, anonymous and named memory: the JVM
 * must not crash, and every access that fails must throw IllegalStateException, nothing else.
 * Workers stay within the first {@value #FLOOR} bytes and resizes never go below that, so no
 * other exception is legitimate. One concrete subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class ConcurrencySuite extends MapTestSupport {
    static final int ROUNDS = Integer.getInteger("jmmap.concurrency.rounds", 1_000);
    static final int WORKERS = 8;
    static final int FLOOR = 8192;

    private enum Target { FILE, ANONYMOUS, NAMED }

    @Test
    void concurrency_eightThreadsAgainstACloserOrResizerOnlySeeIllegalState() throws Exception {
        boolean named = namedMapsAvailable();
        Path file = file(new byte[FLOOR]);
        LongAdder operations = new LongAdder();
        LongAdder resizes = new LongAdder();
        int survived = 0;
        long t0 = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            Target target = Target.values()[round % (named ? 3 : 2)];
            String tagname = target == Target.NAMED ? tagname("race" + round) : null;
            MemoryMap m = switch (target) {
                case FILE -> MemoryMap.open(file, opts().access(Access.WRITE).length(FLOOR).build());
                case ANONYMOUS -> MemoryMap.anonymous(FLOOR, opts().build());
                // macOS sizes a shm object once: create it big enough for every resize below
                case NAMED -> MemoryMap.anonymous(namedMapsGrow() ? FLOOR : 4 * FLOOR, opts().tagname(tagname)
                        .createPolicy(CreatePolicy.CREATE_NEW).build());
            };
            List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch started = new CountDownLatch(WORKERS);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                threads.add(Thread.ofPlatform().start(() -> work(m, started, operations, unexpected)));
            }
            boolean resizeFirst = round % 2 == 0;
            Thread closer = Thread.ofPlatform().start(() -> {
                try {
                    started.await();
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    if (resizeFirst) {
                        for (int k = 0; k < 3; k++) {
                            LockSupport.parkNanos(r.nextLong(100_000, 600_000));
                            m.resize(FLOOR + r.nextLong(0, 3 * FLOOR));
                            resizes.increment();
                        }
                    }
                    LockSupport.parkNanos(r.nextLong(100_000, 1_500_000));
                    m.close();
                } catch (Throwable e) {
                    unexpected.add(e);
                    m.close();
                }
            });
            closer.join(30_000);
            for (Thread t : threads) {
                t.join(30_000);
                assertFalse(t.isAlive(), "a worker is still running after close in round " + round);
            }
            assertEquals(List.of(), unexpected, "round " + round + " on " + target);
            assertTrue(m.isClosed());
            if (tagname != null) {
                MemoryMap.unlinkNamed(tagname, backend());
            }
            survived++;
        }
        System.out.printf("[%s] concurrency: %,d rounds survived (%d workers + 1 closer/resizer each), %,d accesses,"
                        + " %,d resizes, %.1f s%n", backend(), survived, WORKERS, operations.sum(), resizes.sum(),
                (System.nanoTime() - t0) / 1e9);
        assertEquals(ROUNDS, survived);
        assertTrue(operations.sum() > ROUNDS, "the workers hardly ran: " + operations.sum());
    }

    private boolean namedMapsAvailable() {
        return backend() != io.github.jmmap.Backend.JAVA || Files.isDirectory(Path.of("/dev/shm"));
    }

    /** Random accesses within [0, FLOOR) until the map is closed; anything but IllegalStateException is a failure. */
    private static void work(MemoryMap m, CountDownLatch started, LongAdder operations, List<Throwable> unexpected) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte[] chunk = new byte[32];
        byte[] needle = {9, 8, 7};
        long n = 0;
        started.countDown();
        try {
            while (true) {
                int i = r.nextInt(FLOOR - 64);
                // flush and madvise take the map's lock, as resize and close do: rarer, so the closer gets it
                switch (r.nextInt(14 + 64)) {
                    case 0 -> m.get(i);
                    case 1 -> m.set(i, (byte) i);
                    case 2 -> m.get(i, i + 32);
                    case 3 -> m.set(i, chunk);
                    case 4 -> m.get(i + 31, i, -3);
                    case 5 -> m.find(needle, i, i + 64);
                    case 6 -> m.rfind(needle, 0, FLOOR);
                    case 7 -> m.getLong(i);
                    case 8 -> m.setInt(i, i);
                    case 9 -> m.getAndAddLong(i & ~7, 1);
                    case 10 -> m.compareAndSetInt(i & ~3, 0, 1);
                    case 11 -> m.segment().get(ValueLayout.JAVA_BYTE, i);
                    case 12 -> m.asCharSequence().charAt(i);
                    case 13 -> m.move(i, i + 16, 32);
                    case 14 -> m.flush(i, 64);
                    case 15 -> m.madvise(Advice.WILL_NEED, i, 64);
                    default -> m.get(r.nextInt(FLOOR));
                }
                if ((++n & 31) == 0) {
                    Thread.yield();     // 9 threads share few cores: let the closer run on time
                }
            }
        } catch (IllegalStateException expected) {
            // closed or resized underneath: the only acceptable failure
        } catch (Throwable e) {
            unexpected.add(e);
        } finally {
            operations.add(n);
        }
    }
}
