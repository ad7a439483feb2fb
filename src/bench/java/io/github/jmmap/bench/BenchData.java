package io.github.jmmap.bench;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;

import java.io.IOException;
import java.io.RandomAccessFile;
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
 * Every file holds real bytes (never sparse), so the page cache backs each mapped page; the one
 * exception is the open + close cost curve's {@link #sparse(long)} files, which hold no block.
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
        findHaystack();
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
     * The cost curve's 1 GiB haystack: the scan file ({@link #scan()}, random bytes), checked once
     * to hold {@link #NEEDLE_8} nowhere (through String.indexOf over 64 MiB chunks that overlap by
     * 7 bytes, not jmmap); a marker file beside it records the check for the file's size and time.
     */
    public static Path findHaystack() throws IOException {
        Path p = scan();
        Path marker = dir().resolve("scan.bin.needle8-absent");
        String stamp = Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis();
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(stamp)) {
            return p;
        }
        String needle = new String(NEEDLE_8, StandardCharsets.ISO_8859_1);
        ByteBuffer chunk = ByteBuffer.allocate(64 << 20);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            for (long pos = 0; pos < ch.size(); pos += chunk.capacity() - (NEEDLE_8.length - 1)) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    if (ch.read(chunk, pos + chunk.position()) < 0) {
                        break;
                    }
                }
                if (new String(chunk.array(), 0, chunk.position(), StandardCharsets.ISO_8859_1).contains(needle)) {
                    throw new IllegalStateException("the random scan file holds the 8-byte needle; change the seed");
                }
            }
        }
        Files.writeString(marker, stamp);
        return p;
    }

    /**
     * A sparse file of {@code size} bytes for the open + close cost curve, made by
     * RandomAccessFile.setLength: no block is written (a 1 TiB file costs nothing on disk, and
     * every byte reads as 0), so only the pages a benchmark touches enter the page cache.
     * The file system must hold files of that size (ext4 with 4 KiB blocks: 16 TiB).
     */
    public static Path sparse(long size) throws IOException {
        Path p = dir().resolve("sparse-" + size + ".bin");
        if (ready(p, size)) {
            return p;
        }
        Path tmp = dir().resolve(p.getFileName() + ".tmp");
        try (RandomAccessFile f = new RandomAccessFile(tmp.toFile(), "rw")) {
            f.setLength(0);
            f.setLength(size);
        }
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return p;
    }

    /**
     * The bytes of a size label of the cost curves' {@code @Param}s: a number and KiB, MiB, GiB
     * or TiB, e.g. {@code "64GiB"} is {@code 64L << 30}.
     */
    public static long bytes(String label) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        for (int i = 0; i < units.length; i++) {
            if (label.endsWith(units[i])) {
                return Long.parseLong(label.substring(0, label.length() - 3)) << (10 * (i + 1));
            }
        }
        throw new IllegalArgumentException("size label must end in KiB, MiB, GiB or TiB, got " + label);
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
