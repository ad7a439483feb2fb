package io.github.jmmap.reliability;

import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The JDK alone, no jmmap: one thread compare-and-sets a long in the second page of a mapped file
 * while the main thread truncates the file to one page and extends it again. The JDK turns a
 * SIGBUS in a plain access or a copy into an InternalError, but not one in the compare-and-set
 * (Unsafe_CompareAndSetLong), which kills the JVM. Prints one line and exits 0 if the JVM lives;
 * {@link CasTruncationCanaryTest} runs it in a child JVM and records which happened.
 */
public final class CasTruncationCanary {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static volatile boolean stop;

    private CasTruncationCanary() {
    }

    public static void main(String[] args) throws Exception {
        long millis = args.length > 0 ? Long.parseLong(args[0]) : 3000;
        Path file = Files.createTempFile("jmmap-canary", ".bin");
        try (RandomAccessFile truncator = new RandomAccessFile(file.toFile(), "rw");
             FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             Arena arena = Arena.ofShared()) {
            truncator.setLength(8192);
            MemorySegment s = ch.map(FileChannel.MapMode.READ_WRITE, 0, 8192, arena);
            long[] faults = new long[1];
            Thread cas = Thread.ofPlatform().start(() -> {
                while (!stop) {
                    try {
                        LONG.compareAndSet(s, 4096L, 0L, 0L);
                    } catch (InternalError guarded) {
                        faults[0]++;             // what the JDK would do if it guarded the CAS
                    }
                }
            });
            long end = System.nanoTime() + millis * 1_000_000;
            long rounds = 0;
            while (System.nanoTime() < end) {
                truncator.setLength(4096);
                truncator.setLength(8192);
                rounds++;
            }
            stop = true;
            cas.join();
            System.out.println("survived " + rounds + " truncations; the CAS threw InternalError " + faults[0]
                    + " times");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
