package io.github.jmmap.bench;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * The benchmark data files, made once in a data directory ({@code -Djmmap.bench.data}, default
 * {@code ${java.io.tmpdir}/jmmap-bench-data}) and reused by every fork and run, and by
 * {@code bench/python_mmap_bench.py}. A file is remade only when missing or of the wrong size;
 * each is written whole under a temporary name and renamed, so a killed run leaves no half file.
 * Every file holds real bytes (never sparse), so the page cache backs each mapped page.
 *
 * <pre>{@code
 * Path haystack = BenchData.haystack();            // 256 MiB of random bytes, needles absent
 * try (MemoryMap m = BenchData.open(haystack, Backend.NATIVE)) {
 *     assert m.find(BenchData.NEEDLE_8) == -1;
 * }
 * }</pre>
 */
public final class BenchData {
    /** The seed article's file: 20 MiB of random bytes. */
    public static final long ARTICLE_SIZE = 20L << 20;
    /** The sequential scan's file: 1 GiB of random bytes. */
    public static final long SCAN_SIZE = 1L << 30;
    /** The find/rfind haystack: 256 MiB of random bytes. */
    public static final long HAYSTACK_SIZE = 256L << 20;
    /** The regex text: 8 MiB of log lines (the same recipe as the Python script's). */
    public static final long TEXT_SIZE = 8L << 20;
    /** The open + close file: 4 KiB. */
    public static final long SMALL_SIZE = 4096;

    /** An 8-byte needle absent from the haystack (checked when the haystack is made). */
    public static final byte[] NEEDLE_8 = "jmmap-8!".getBytes(StandardCharsets.US_ASCII);
    /** A 32-byte needle absent from the haystack. */
    public static final byte[] NEEDLE_32 = "jmmap needle, thirty-two bytes!!".getBytes(StandardCharsets.US_ASCII);

    private BenchData() {
    }

    /** Makes every file that is missing; {@code java ... BenchData} does only this. */
    public static void main(String[] args) throws IOException {
        article();
        scan();
        haystack();
        text();
        small();
        System.out.println("benchmark data ready in " + dir());
    }

    /** The data directory, created if needed. */
    public static Path dir() {
        String d = System.getProperty("jmmap.bench.data",
                Path.of(System.getProperty("java.io.tmpdir"), "jmmap-bench-data").toString());
        try {
            return Files.createDirectories(Path.of(d));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path article() throws IOException {
        return randomFile("article.bin", ARTICLE_SIZE, 1);
    }

    public static Path scan() throws IOException {
        return randomFile("scan.bin", SCAN_SIZE, 2);
    }

    public static Path small() throws IOException {
        return randomFile("small.bin", SMALL_SIZE, 4);
    }

    /** The haystack, with both needles checked absent (through String.indexOf, not jmmap) when made. */
    public static Path haystack() throws IOException {
        Path p = dir().resolve("haystack.bin");
        if (ready(p, HAYSTACK_SIZE)) {
            return p;
        }
        randomFile("haystack.bin", HAYSTACK_SIZE, 3);
        String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        for (byte[] needle : new byte[][] {NEEDLE_8, NEEDLE_32}) {
            if (text.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                Files.delete(p);
                throw new IllegalStateException("the random haystack holds a needle; change the seed");
            }
        }
        return p;
    }

    /**
     * Log lines, one ERROR line in a thousand, cut to {@link #TEXT_SIZE}; the same recipe as
     * {@code text_bytes()} in bench/python_mmap_bench.py.
     */
    public static Path text() throws IOException {
        Path p = dir().resolve("text.txt");
        if (ready(p, TEXT_SIZE)) {
            return p;
        }
        StringBuilder sb = new StringBuilder((int) TEXT_SIZE + 200);
        for (int i = 0; sb.length() < TEXT_SIZE; i++) {
            String time = String.format("2026-11-27T12:%02d:%02d", (i / 60) % 60, i % 60);
            if (i % 1000 == 999) {
                sb.append(time).append(" ERROR disk").append(i % 7).append(" failed after ").append(i % 997)
                        .append(" ms\n");
            } else {
                sb.append(time).append(" INFO worker-").append(i % 17).append(" processed request ")
                        .append((i * 7919L) % 1000003).append(" in ").append(i % 997).append(" ms\n");
            }
        }
        byte[] bytes = sb.substring(0, (int) TEXT_SIZE).getBytes(StandardCharsets.US_ASCII);
        Path tmp = dir().resolve("text.txt.tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return p;
    }

    /** A map of {@code path} for reading through the given backend. */
    public static MemoryMap open(Path path, Backend backend) throws IOException {
        return MemoryMap.open(path, MapOptions.builder().access(Access.READ).backend(backend).build());
    }

    private static boolean ready(Path p, long size) throws IOException {
        return Files.isRegularFile(p) && Files.size(p) == size;
    }

    private static Path randomFile(String name, long size, long seed) throws IOException {
        Path p = dir().resolve(name);
        if (ready(p, size)) {
            return p;
        }
        Path tmp = dir().resolve(name + ".tmp");
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long done = 0; done < size; ) {
                chunk.clear();
                int n = (int) Math.min(chunk.capacity(), size - done);
                while (chunk.position() + 8 <= n) {
                    chunk.putLong(random.nextLong());
                }
                while (chunk.position() < n) {
                    chunk.put((byte) random.nextInt());
                }
                chunk.flip();
                while (chunk.hasRemaining()) {
                    done += ch.write(chunk, done);
                }
            }
        }
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return p;
    }
}
