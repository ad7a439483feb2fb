package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The scale scenarios, run and measured in one place for {@link ScaleSuite} (which asserts on the
 * results) and {@code io.github.jmmap.bench.ScaleBench} (which writes them into BENCHMARKS.md): a
 * sparse file of a tebibyte mapped whole and touched at a thousand random pages, and ten thousand
 * maps alive at once. What the process holds (descriptors, mappings, resident file pages, heap)
 * is read from /proc on Linux; elsewhere those figures are -1.
 *
 * <pre>{@code
 * Path f = Scale.sparseFile(dir, Scale.TEBIBYTE);
 * Scale.Touch t = Scale.touch(Backend.NATIVE, f, Access.WRITE, Scale.pages(Scale.TEBIBYTE, 1000, 42));
 * System.out.println(t.openNs() + " ns to open " + t.size() + " bytes");
 * }</pre>
 */
public final class Scale {
    /** 2^40 bytes. */
    public static final long TEBIBYTE = 1L << 40;
    /** The page the scenarios touch: 4 KiB, the smallest page of every OS jmmap runs on. */
    public static final long PAGE = 4096;

    private Scale() {
    }

    // ------------------------------------------------------------------------------ a sparse tebibyte

    /** A new sparse file of {@code size} bytes in {@code dir}: no block allocated (IOException where the file system cannot). */
    public static Path sparseFile(Path dir, long size) throws IOException {
        Path p = Files.createTempFile(dir, "sparse-", ".bin");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(p);
            throw e;
        }
        return p;
    }

    /** {@code n} distinct page offsets in {@code [0, size)}, random from {@code seed}, in random order. */
    public static long[] pages(long size, int n, long seed) {
        long count = size / PAGE;
        if (count < n) {
            throw new IllegalArgumentException(size + " bytes have fewer than " + n + " pages");
        }
        Random r = new Random(seed);
        Set<Long> chosen = new LinkedHashSet<>();
        while (chosen.size() < n) {
            chosen.add(Math.floorMod(r.nextLong(), count) * PAGE);
        }
        return chosen.stream().mapToLong(Long::longValue).toArray();
    }

    /** The long the scenarios keep at {@code offset}: a different one for every offset, never 0. */
    public static long value(long offset) {
        return (offset + 1) * 0x9E37_79B9_7F4A_7C15L;
    }

    /**
     * One map of a whole file, touched at some pages, measured: the open, the touch and the close
     * in ns; the heap in use after a GC while the map was open and touched, less before it was
     * opened; the file's resident pages ({@code RssFile}) before, while open and after the close;
     * the lines of /proc/self/maps naming the file while open and after; all lines of
     * /proc/self/maps before and after; and the bytes the file system holds for the file (its
     * allocated blocks) before and after.
     */
    public record Touch(long size, Access access, int pages, long openNs, long touchNs, long closeNs, long heapGrowth,
                        long rssFileBefore, long rssFileOpen, long rssFileAfter, int fileMappingsOpen,
                        int fileMappingsAfter, int mappingsBefore, int mappingsAfter, long allocatedBefore,
                        long allocatedAfter) {
    }

    /**
     * Maps the whole of {@code file} with {@code access} on {@code backend} and touches it at
     * {@code pages}: a READ map reads the longs {@link #value} put there first (written through a
     * FileChannel before the map opens); a WRITE map writes them, and they are read back through a
     * second (READ) map while the first is open, and through a FileChannel after both are closed.
     * Throws IllegalStateException naming the first page that holds another value.
     */
    public static Touch touch(Backend backend, Path file, Access access, long[] pages) throws IOException {
        if (access != Access.READ && access != Access.WRITE) {
            throw new IllegalArgumentException("READ or WRITE, not " + access);
        }
        long size = Files.size(file);
        if (access == Access.READ) {
            writeValues(file, pages);
        }
        long allocatedBefore = allocatedBytes(file);
        int mappingsBefore = mappings().size();
        long rssBefore = rssFile();
        long heapBefore = heapAfterGc();
        long t0 = System.nanoTime();
        MemoryMap m = MemoryMap.open(file, MapOptions.builder().backend(backend).access(access).build());
        long t1;
        long t2;
        long heapOpen;
        long rssOpen;
        int fileMappingsOpen;
        long t3;
        try {
            t1 = System.nanoTime();
            if (access == Access.WRITE) {
                for (long p : pages) {
                    m.setLong(p, value(p));
                }
            } else {
                check(m, pages, "the READ map");
            }
            t2 = System.nanoTime();
            heapOpen = heapAfterGc();
            rssOpen = rssFile();
            fileMappingsOpen = mappingsOf(file);
            if (access == Access.WRITE) {
                try (MemoryMap second = MemoryMap.open(file, MapOptions.builder().backend(backend).access(Access.READ)
                        .build())) {
                    check(second, pages, "a second (READ) map of the file written through the first");
                }
            }
        } finally {
            t3 = System.nanoTime();
            m.close();
        }
        long t4 = System.nanoTime();
        if (access == Access.WRITE) {
            checkFile(file, pages);
        }
        return new Touch(size, access, pages.length, t1 - t0, t2 - t1, t4 - t3, heapOpen - heapBefore, rssBefore,
                rssOpen, rssFile(), fileMappingsOpen, mappingsOf(file), mappingsBefore, mappings().size(),
                allocatedBefore, allocatedBytes(file));
    }

    private static void check(MemoryMap m, long[] pages, String what) {
        for (long p : pages) {
            long v = m.getLong(p);
            if (v != value(p)) {
                throw new IllegalStateException(what + " holds " + v + " at " + p + ", not " + value(p));
            }
        }
    }

    private static void writeValues(Path file, long[] pages) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(MemoryMap.byteOrder());
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long p : pages) {
                b.clear().putLong(0, value(p));
                while (b.hasRemaining()) {
                    c.write(b, p + b.position());
                }
            }
        }
    }

    private static void checkFile(Path file, long[] pages) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(MemoryMap.byteOrder());
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long p : pages) {
                b.clear();
                while (b.hasRemaining() && c.read(b, p + b.position()) >= 0) {
                    // until the long is in
                }
                if (b.getLong(0) != value(p)) {
                    throw new IllegalStateException("the file holds " + b.getLong(0) + " at " + p + " after the WRITE"
                            + " map closed, not " + value(p));
                }
            }
        }
    }

    /**
     * The fastest open and the fastest close of {@code reps} maps of the whole of {@code file}
     * (nothing touched), in ns, after one unmeasured open and close.
     */
    public static long[] fastestOpenClose(Backend backend, Path file, Access access, int reps) throws IOException {
        MapOptions o = MapOptions.builder().backend(backend).access(access).build();
        MemoryMap.open(file, o).close();
        long open = Long.MAX_VALUE;
        long close = Long.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            MemoryMap m = MemoryMap.open(file, o);
            long t1 = System.nanoTime();
            m.close();
            long t2 = System.nanoTime();
            open = Math.min(open, t1 - t0);
            close = Math.min(close, t2 - t1);
        }
        return new long[] {open, close};
    }

    // ------------------------------------------------------------------------------ many live maps

    /**
     * {@code maps} maps alive at once and closed: the time to open them all, to check them all and
     * to close them all, in ns; the open descriptors and the lines of /proc/self/maps before, with
     * all open, and after.
     */
    public record Many(int maps, long openNs, long checkNs, long closeNs, long descriptorsBefore, long descriptorsOpen,
                       long descriptorsAfter, int mappingsBefore, int mappingsOpen, int mappingsAfter) {
    }

    /**
     * Opens {@code n} READ maps of 8 bytes each of one file of {@code 8 n} bytes in {@code dir}, map
     * {@code i} at offset {@code 8 i} (so no two maps are adjacent in the file and the OS cannot
     * merge them: each is its own mapping), all alive at once; checks that each reads its own long;
     * closes them all, and deletes the file. Throws IllegalStateException naming the first map
     * that reads another long; closes what it opened when anything fails.
     */
    public static Many many(Backend backend, Path dir, int n) throws IOException {
        Path file = Files.createTempFile(dir, "many-", ".bin");
        try {
            ByteBuffer all = ByteBuffer.allocate(8 * n).order(MemoryMap.byteOrder());
            for (int i = 0; i < n; i++) {
                all.putLong(value(i));
            }
            Files.write(file, all.array());
            MapOptions first = MapOptions.builder().backend(backend).access(Access.READ).length(8).build();
            MemoryMap.open(file, first).close();              // classes loaded before the counts
            long descriptorsBefore = descriptors();
            int mappingsBefore = mappings().size();
            List<MemoryMap> maps = new ArrayList<>(n);
            long t0 = System.nanoTime();
            long t1;
            long t2;
            long descriptorsOpen;
            int mappingsOpen;
            try {
                for (int i = 0; i < n; i++) {
                    maps.add(MemoryMap.open(file, first.toBuilder().offset(8L * i).build()));
                }
                t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long v = maps.get(i).getLong(0);
                    if (v != value(i)) {
                        throw new IllegalStateException("map " + i + " of " + n + " reads " + v + ", not "
                                + value(i));
                    }
                }
                t2 = System.nanoTime();
                descriptorsOpen = descriptors();
                mappingsOpen = mappings().size();
            } finally {
                closeAll(maps);
            }
            long t3 = System.nanoTime();
            return new Many(n, t1 - t0, t2 - t1, t3 - t2, descriptorsBefore, descriptorsOpen, descriptors(),
                    mappingsBefore, mappingsOpen, mappings().size());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void closeAll(List<MemoryMap> maps) {
        RuntimeException failure = null;
        for (MemoryMap m : maps) {
            try {
                m.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ------------------------------------------------------------------------------ what the process holds

    /** Whether /proc/self (fd, maps, status) can be read: Linux. */
    public static boolean hasProc() {
        return Files.isReadable(Path.of("/proc/self/maps")) && Files.isDirectory(Path.of("/proc/self/fd"));
    }

    /** The open descriptors of this process (/proc/self/fd), or -1. */
    public static long descriptors() throws IOException {
        if (!hasProc()) {
            return -1;
        }
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** The lines of /proc/self/maps, or none. */
    public static List<String> mappings() throws IOException {
        return hasProc() ? Files.readAllLines(Path.of("/proc/self/maps")) : List.of();
    }

    /** The lines of /proc/self/maps that name {@code file}, or -1. */
    public static int mappingsOf(Path file) throws IOException {
        if (!hasProc()) {
            return -1;
        }
        String name = file.toAbsolutePath().toString();
        return (int) mappings().stream().filter(l -> l.endsWith(" " + name) || l.endsWith(" " + name + " (deleted)"))
                .count();
    }

    /** The limit of open descriptors of this process (the soft "Max open files" of /proc/self/limits), or -1. */
    public static long descriptorLimit() throws IOException {
        if (!hasProc()) {
            return -1;
        }
        for (String l : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (l.startsWith("Max open files")) {
                String soft = l.substring("Max open files".length()).strip().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return -1;
    }

    /** The bytes of mapped files resident in this process ({@code RssFile} of /proc/self/status), or -1. */
    public static long rssFile() throws IOException {
        if (!hasProc()) {
            return -1;
        }
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("RssFile:")) {
                return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    /** The heap in use after a full GC, in bytes. */
    public static long heapAfterGc() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return r.totalMemory() - r.freeMemory();
    }

    /**
     * The bytes the file system allocated for {@code file} (its blocks, {@code stat -c '%b %B'},
     * with ext4's delayed allocations), or -1 where {@code stat} cannot say.
     */
    public static long allocatedBytes(Path file) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).redirectErrorStream(true).start();
        } catch (IOException noStat) {
            return -1;
        }
        String out = new String(p.getInputStream().readAllBytes()).strip();
        try {
            if (p.waitFor() != 0 || !out.matches("\\d+ \\d+")) {
                return -1;                                   // macOS's stat has other options
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        String[] parts = out.split(" ");
        return Long.parseLong(parts[0]) * Long.parseLong(parts[1]);
    }
}
