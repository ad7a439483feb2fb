package io.github.jmmap;

import io.github.jmmap.internal.Arenas;
import io.github.jmmap.internal.Errors;
import io.github.jmmap.internal.Handle;
import io.github.jmmap.internal.Latin1View;
import io.github.jmmap.internal.Leaks;
import io.github.jmmap.internal.Provider;
import io.github.jmmap.internal.Providers;
import io.github.jmmap.internal.Region;
import io.github.jmmap.internal.ResizeFailed;
import io.github.jmmap.internal.Search;
import io.github.jmmap.internal.SharedFiles;
import io.github.jmmap.internal.Space;
import io.github.jmmap.internal.VmaNames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A memory-mapped file, or anonymous or named memory: Python's {@code mmap} object for Java.
 *
 * <p>It behaves like a byte array ({@link #get(long)}, {@link #set(long, byte)}, slices with
 * steps, {@link #find(byte[])}, {@link #rfind(byte[])}, and regular expressions over
 * {@link #asCharSequence()}) and like a file ({@link #read(int)}, {@link #readLine()},
 * {@link #write(byte[])}, {@link #seek(long, Whence)}, {@link #tell()}), with
 * {@link #flush()}, {@link #move}, {@link #resize}, {@link #madvise} and tagname named maps.
 *
 * <pre>{@code
 * Path path = Files.write(Files.createTempFile("demo", ".txt"), "Hello Python!\n".getBytes());
 * try (MemoryMap m = MemoryMap.open(path, Access.WRITE)) {
 *     byte[] hello = m.get(0, 5);                       // m[0:5]
 *     m.set(6, "Java  ".getBytes());                    // m[6:12] = b"Java  "
 *     long at = m.find("Java".getBytes());              // 6
 *     Matcher x = Pattern.compile("J\\w+").matcher(m.asCharSequence());   // regex in place
 *     m.seek(0);
 *     byte[] line = m.readLine();                       // "Hello Java  !\n"
 * }
 * }</pre>
 *
 * <h2>Errors</h2>
 * Every call checks, in this order: that the map is open (IllegalStateException "map is closed"),
 * that the access allows the call (ReadOnlyBufferException for write-type calls on
 * {@link Access#READ}), that reference arguments are not null (NullPointerException naming the
 * argument), then the ranges (IndexOutOfBoundsException, BufferOverflowException,
 * IllegalArgumentException naming the argument). The java.nio buffer exceptions come as
 * {@link MapReadOnlyException}, {@link MapOverflowException} and {@link MapUnderflowException},
 * which carry the message the java.nio types lack. A refused call changes nothing: not the file,
 * not the memory, not the position. OS failures are IOException naming the call and the error
 * (UncheckedIOException where the method declares none). If the file is truncated underneath the
 * map, access to the lost pages throws UncheckedIOException instead of crashing the JVM; in a hot
 * loop the JIT has compiled, the JDK reports such a fault asynchronously, so it may surface a
 * little later, in the caller, as the JDK's own {@code java.lang.InternalError} ("a fault occurred
 * in an unsafe memory access operation"). The JVM lives either way. The message tells a truncated
 * file from a file system with no space left for the page (a sparse extension of a full disk, a
 * full /dev/shm); {@link MapOptions.Builder#preallocate(boolean)} turns the latter into an
 * IOException at open. Where the lack of space can be known when a map is made (a named map
 * larger than the free space of its store, {@code populate(true)} beyond the memory available on
 * Linux, the JAVA backend's anonymous memory), the map is refused with an IOException that says so.
 *
 * <h2>Threads</h2>
 * The position ({@link #tell()}) is not synchronized: share a map between threads through the
 * absolute methods ({@link #get(long)}, {@link #set(long, byte)}, slices, {@link #segment()}).
 * No call sequence on any thread can crash the JVM: the memory belongs to a shared
 * {@link java.lang.foreign.Arena} that {@link #close()} and {@link #resize} close, so a racing
 * access throws IllegalStateException instead of touching unmapped memory. Calls racing a
 * {@link #resize} or {@link #protect} on another thread run against the old or the new mapping and
 * succeed (within both lengths; read-modify-write atomics take effect exactly once); only
 * {@link #close()} makes them fail, with IllegalStateException "map is closed". While a JDK I/O
 * call on another thread holds the memory (a channel reading or writing
 * {@code segment().asByteBuffer()}), close, resize and protect fail at once with
 * IllegalStateException saying so, and change nothing. A map opened with
 * {@link MapOptions.Builder#confined(boolean) confined(true)} belongs to a confined Arena of the
 * opening thread instead: every call from another thread throws IllegalStateException naming both
 * threads and changes nothing, and its close needs no handshake with the other threads.
 *
 * <h2>Maps dropped without close()</h2>
 * A map that becomes unreachable unclosed is reported once, as a {@code System.Logger} WARNING
 * (logger {@code io.github.jmmap}) naming where it was opened (the first caller outside jmmap),
 * and again when the count of maps dropped from that place reaches 10, 100, 1000, .... Recording
 * that place costs a stack capture per open, so jmmap starts recording only once the first dropped
 * map is found: that first report says the place was not recorded, and the next map dropped at the
 * same place names it. {@code -Djmmap.leakSites=true} records from the start,
 * {@code -Djmmap.leakTraces=true} does too and logs the whole stack. Its descriptor is closed then. Its memory is released
 * where that is safe: NATIVE unmaps it once no segment of it is reachable either; JAVA unmaps it at
 * once unless {@link #segment()} handed out a view (the JDK cannot tell whether one is still in
 * use), in which case it stays mapped. Views from {@link #asCharSequence()} keep their map
 * reachable. Close maps (try-with-resources): collection may come late or never.
 *
 * <h2 id="atomics-truncation">Atomics and truncation</h2>
 * Volatile reads and writes are guarded like every other access: a page lost to truncation throws.
 * The read-modify-write atomics ({@code getAndAdd*}, {@code compareAndSet*}) are not, because the
 * JDK does not guard the instructions behind them against SIGBUS (JDK 25:
 * {@code Unsafe_CompareAndSetLong}, in the interpreter and C1 code): if the file is truncated so
 * that their page is no longer backed while one runs, the JVM dies. jmmap reads the word with a
 * guarded volatile read first, so a page lost before the call throws UncheckedIOException; a
 * truncation between that read and the atomic instruction cannot be caught in the JVM. Within one
 * JVM, {@link #resize} refuses (IllegalStateException) to cut a file below the bytes of another
 * open map of it, opened by path, that has run such an atomic. What remains: another process
 * truncating the file (nothing in jmmap can prevent that), code truncating it by other means
 * ({@code FileChannel.truncate}), and maps of it opened by file descriptor or by tagname. Files
 * shared through atomics should keep a fixed size, or only grow.
 */
public final class MemoryMap implements AutoCloseable {

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    /** The largest byte[] the JVM allocates. */
    private static final int MAX_ARRAY = Latin1View.MAX_ARRAY;

    private final Provider provider;
    private final Access access;                   // as opened
    private volatile Access protection;            // as now: access, or READ after protect(READ)
    private final long offset;
    private final String tagname;
    private final String description;
    private final boolean anonymous;
    private final Object osLock = new Object();   // serializes flush, madvise, resize, close

    private Handle handle;                         // null for anonymous maps and trackFd(false)
    private Region region;
    // The hot paths read these two plain fields and nothing volatile, so the JIT can hoist them out
    // of a caller's loop. close() nulls them; a thread that still sees the old segment gets the
    // shared arena's IllegalStateException, never unmapped memory.
    private MemorySegment segment;                 // region's segment, read-only for Access.READ; null once closed
    private MemorySegment writableSegment;         // segment while writes are allowed, else null
    private long position;
    private volatile boolean closed;
    private final Leaks.Tracker tracker;           // reports and releases the map if it is dropped unclosed
    private final Thread owner;                    // MapOptions.confined(true): the only thread that may use it; else null
    private final Latin1View.Memory memory = new Latin1View.Memory() {   // what CharSequence views read
        @Override
        public MemorySegment segment() {
            return live();
        }

        @Override
        public void replaced(MemorySegment stale, RuntimeException e) {
            MemoryMap.this.replaced(stale, e);
        }
    };

    private MemoryMap(Provider provider, Access access, long offset, String tagname, String description,
                      boolean anonymous, Handle handle, Region region, boolean confined) {
        this.owner = confined ? Thread.currentThread() : null;
        this.provider = provider;
        this.access = access;
        this.protection = access;
        this.offset = offset;
        this.tagname = tagname;
        this.description = description;
        this.anonymous = anonymous;
        this.handle = handle;
        this.tracker = Leaks.track(this, description, region, handle);
        install(region);
    }

    private void install(Region r) {
        this.region = r;
        tracker.region(r);
        MemorySegment s = protection == Access.READ ? r.segment().asReadOnly() : r.segment();
        this.segment = s;
        this.writableSegment = protection == Access.READ ? null : s;
    }

    // ------------------------------------------------------------------------------------------
    // Opening

    /**
     * Maps the whole of an existing file.
     *
     * <pre>{@code
     * try (MemoryMap m = MemoryMap.open(Path.of("data.bin"), Access.READ)) {
     *     int first = m.readByte();
     * }
     * }</pre>
     *
     * @param path the file to map
     * @param access READ, WRITE, COPY or DEFAULT
     * @return the open map; close it
     * @throws IOException              if the file cannot be opened or mapped (NoSuchFileException, ...)
     * @throws IllegalArgumentException if the file is empty ("cannot map an empty file")
     */
    public static MemoryMap open(Path path, Access access) throws IOException {
        Objects.requireNonNull(access, "access");
        return open(path, MapOptions.builder().access(access).build());
    }

    /**
     * Maps a file as the options say: {@code length} 0 maps from {@code offset} to the end of the
     * file; a longer {@code offset + length} extends the file for WRITE and DEFAULT and is refused
     * for READ and COPY; offsets need not be aligned. On Windows (NATIVE) a
     * {@linkplain MapOptions.Builder#tagname(String) tagname} names the file's mapping object, so
     * another process mapping the same file with the same name shares it (Python's
     * {@code mmap(fileno, length, tagname)}); elsewhere a tagname on a file map is refused.
     *
     * <pre>{@code
     * MapOptions o = MapOptions.builder().access(Access.WRITE).offset(100).length(50).build();
     * try (MemoryMap m = MemoryMap.open(path, o)) {
     *     m.set(0, (byte) 1);           // byte 100 of the file
     * }
     * }</pre>
     *
     * @param path the file to map
     * @param options access, offset, length, tagname, backend and the rest; {@link MapOptions#DEFAULTS} for none
     * @return the open map; close it
     * @throws IOException                   if the file cannot be opened, extended or mapped
     * @throws IllegalArgumentException      for an empty file, an offset at or past its end, or a
     *                                       READ/COPY map reaching past its end
     * @throws UnsupportedOperationException if the options need what the backend or OS lacks (a
     *                                       tagname on a file map outside Windows)
     */
    public static MemoryMap open(Path path, MapOptions options) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        Provider provider = Providers.get(options.backend());
        refuseName(options, "a file map");
        if (options.tagname() != null) {
            if (!provider.fileTagnames()) {
                throw new UnsupportedOperationException("a tagname on a file map is a Windows feature of the"
                        + " NATIVE backend that the " + provider.backend() + " backend on " + provider.osName()
                        + " lacks; for named shared memory use MemoryMap.anonymous(length, options with a tagname)");
            }
            provider.checkTagname(options.tagname());
        }
        Handle handle = provider.openFile(path, options.access());
        try {
            MemoryMap m = mapHandle(provider, handle, options, path.toString(), false);
            m.path = path;
            return m;
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(handle, e);
            throw e;
        }
    }

    /**
     * Maps {@code length} bytes of zero-filled memory that belongs to no file (Python's
     * {@code mmap(-1, length)}).
     *
     * <pre>{@code
     * try (MemoryMap m = MemoryMap.anonymous(1 << 20)) {
     *     m.write("scratch".getBytes());
     * }
     * }</pre>
     *
     * @param length the number of bytes, {@code > 0}
     * @return the open map; close it
     * @throws IOException if the OS cannot make the memory (or the named object)
     */
    public static MemoryMap anonymous(long length) throws IOException {
        return anonymous(length, MapOptions.DEFAULTS);
    }

    /**
     * Maps anonymous memory, or, with a {@linkplain MapOptions.Builder#tagname(String) tagname},
     * named shared memory that other processes open by the same name (Windows: a pagefile-backed
     * {@code CreateFileMapping}; POSIX: {@code shm_open}, mode 0600, alive until
     * {@link #unlinkNamed(String)}). For a named map, {@code length} 0 maps an existing object
     * whole, and a longer length grows it. On macOS (NATIVE) an object is sized once, rounded up
     * to the page size (a 4096-byte name has {@link #size()} 16384 on Apple silicon), a longer
     * length than that size is refused with IOException, and {@link Access#COPY} is refused with
     * UnsupportedOperationException.
     *
     * <pre>{@code
     * MapOptions o = MapOptions.builder().tagname("jmmap-demo").build();
     * try (MemoryMap m = MemoryMap.anonymous(4096, o)) {
     *     m.set(0, (byte) 42);         // another process mapping "jmmap-demo" sees 42
     * } finally {
     *     MemoryMap.unlinkNamed("jmmap-demo");
     * }
     * }</pre>
     *
     * <p>A named object that exists already is used only if it is a regular file (on Linux, where
     * names are files in /dev/shm, reached without following a symbolic link), owned by this user
     * and private to them (mode 0600 or stricter); otherwise AccessDeniedException. A call that
     * creates the name and then fails removes it again; a name that existed before is never removed.
     *
     * @param length the number of bytes; 0 maps an existing named object whole
     * @param options access, offset, length, tagname, backend and the rest; {@link MapOptions#DEFAULTS} for none
     * @return the open map; close it
     * @throws IOException if the memory cannot back the map: a named map larger than the free space
     *                     of its store (/dev/shm on Linux), {@code populate(true)} beyond the memory
     *                     available, or (JAVA backend) anonymous memory that neither /dev/shm nor
     *                     the temp directory has room for
     */
    public static MemoryMap anonymous(long length, MapOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        if (options.offset() != 0) {
            throw new IllegalArgumentException("offset must be 0 for an anonymous map, got " + options.offset());
        }
        Provider provider = Providers.get(options.backend());
        String name = options.tagname();
        if (name == null) {
            if (length == 0) {
                throw new IllegalArgumentException("length must be > 0 for an anonymous map");
            }
            if (options.populate()) {
                Space.requirePopulatable(length);
            }
            Region region = Arenas.confined(options.confined(), () -> provider.mapAnonymous(length, options.access(),
                    options));
            if (options.name() != null) {
                try {
                    region.setName(options.name());
                } catch (IOException | RuntimeException | Error e) {
                    region.close();           // refused: nothing stays mapped
                    throw e;
                }
            }
            return new MemoryMap(provider, options.access(), 0, null, "anonymous", true, null, region,
                    options.confined());
        }
        refuseName(options, "a named map (tagname \"" + name + "\")");
        provider.checkTagname(name);
        CreatePolicy policy = options.createPolicy();
        if (options.access() == Access.READ) {
            if (policy == CreatePolicy.CREATE_NEW) {
                throw new IllegalArgumentException(
                        "createPolicy CREATE_NEW needs a writable access; a READ map can only open an existing name");
            }
            policy = CreatePolicy.OPEN_EXISTING;
        }
        if (policy == CreatePolicy.CREATE_NEW && length == 0) {
            throw new IllegalArgumentException("length must be > 0 to create a named map");
        }
        Handle handle = provider.openNamed(name, policy, options.access());
        try {
            MapOptions sized = options.toBuilder().length(length).build();
            return mapHandle(provider, handle, sized, "tagname \"" + name + "\"", true);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(handle, e);
            if (handle.created()) {                 // only a name this call made; never one that was there
                try {
                    provider.unlinkNamed(name);
                } catch (IOException | RuntimeException again) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        }
    }

    /**
     * Maps an open file descriptor (Python's {@code fileno} form), for low-level code that already
     * holds one. With {@code trackFd(true)} (the default) the map works on a duplicate and the
     * caller may close {@code fd} at once; with {@code trackFd(false)} the map keeps none. Needs
     * the NATIVE backend on POSIX.
     *
     * <pre>{@code
     * int fd = ...;   // from native code
     * try (MemoryMap m = MemoryMap.open(fd, MapOptions.builder().access(Access.READ).build())) { ... }
     * }</pre>
     *
     * @param fd an open file descriptor (Python's {@code fileno})
     * @param options access, offset, length, tagname, backend and the rest; {@link MapOptions#DEFAULTS} for none
     * @return the open map; close it
     * @throws IllegalArgumentException      if {@code fd < 0}
     * @throws IOException                   for a bad descriptor (EBADF) or one that cannot be mapped
     * @throws UnsupportedOperationException on the JAVA backend
     */
    public static MemoryMap open(int fd, MapOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        if (fd < 0) {
            throw new IllegalArgumentException("fd must be >= 0, got " + fd);
        }
        Provider provider = Providers.get(options.backend());
        if (options.tagname() != null) {
            throw new UnsupportedOperationException("a tagname cannot be given with a file descriptor");
        }
        refuseName(options, "a file descriptor map");
        Handle handle = provider.openDescriptor(fd, options.access(), options.trackFd());
        try {
            return mapHandle(provider, handle, options, "fd " + fd, false);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(handle, e);
            throw e;
        }
    }

    /** MapOptions.name is for anonymous memory only: refuse it for any other map, before opening anything. */
    private static void refuseName(MapOptions options, String what) {
        if (options.name() != null) {
            throw new UnsupportedOperationException("MapOptions.name names anonymous memory; " + what
                    + " cannot take one (Linux names only anonymous memory: a file or shm object is known by its path)");
        }
    }

    private static MemoryMap mapHandle(Provider provider, Handle handle, MapOptions options, String description,
                                       boolean named) throws IOException {
        Access access = options.access();
        long offset = options.offset();
        long length = options.length();
        long size = handle.size();
        long needed;
        if (length == 0) {
            if (size == 0) {
                throw new IllegalArgumentException(named
                        ? "cannot map an empty named map: give a length to size it"
                        : "cannot map an empty file");
            }
            if (offset >= size) {
                throw new IllegalArgumentException("offset " + offset + " is at or past the end of the file (size "
                        + size + ")");
            }
            length = size - offset;
            needed = size;
        } else {
            needed = offset + length;
            if (needed < 0) {
                throw new IllegalArgumentException("offset + length overflows: offset " + offset + ", length " + length);
            }
        }
        boolean extended = false;
        if (needed > size) {
            if (!access.shared()) {
                throw new IllegalArgumentException("offset + length (" + needed + ") is past the end of the "
                        + (named ? "named map" : "file") + " (size " + size + "); an Access." + access
                        + " map cannot extend it");
            }
            // shared memory: what the store cannot hold would fault; preallocate: JAVA's zeros (and
            // glibc's fallback without fallocate) would fill the file system before they fail
            if (named || options.preallocate()) {
                Space.require(description + ": a " + (named ? "named map" : "file") + " of " + needed + " bytes",
                        needed - size, "the file system that holds it", handle.freeSpace());
            }
            if (named && options.populate()) {
                Space.requirePopulatable(length);
            }
            extended = true;
            try {
                if (options.preallocate()) {
                    handle.preallocate(size, needed);
                } else {
                    handle.setSize(needed);
                }
            } catch (IOException | RuntimeException e) {
                restoreSize(handle, size, e);
                throw e;
            }
        }
        Region region;
        try {
            long mapped = length;
            region = Arenas.confined(options.confined(), () -> provider.map(handle, offset, mapped, access, options));
        } catch (IOException | RuntimeException | Error e) {
            if (extended) {
                restoreSize(handle, size, e);
            }
            throw e;
        }
        Handle kept = handle;
        if (!options.trackFd()) {
            handle.close();
            kept = null;
        }
        return new MemoryMap(provider, access, offset, options.tagname(), description, false, kept, region,
                options.confined());
    }

    /** Leaves the file as it was after a failed map that had extended it. */
    private static void restoreSize(Handle handle, long size, Throwable primary) {
        try {
            handle.setSize(size);
        } catch (IOException again) {
            primary.addSuppressed(again);
        }
    }

    private static void closeQuietly(Handle handle, Throwable primary) {
        try {
            handle.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    /**
     * Removes a named map's name (POSIX {@code shm_unlink}); maps already open stay valid. Returns
     * whether the name existed. On Windows names live as long as a handle does, and this returns
     * false.
     *
     * <pre>{@code
     * MemoryMap.unlinkNamed("jmmap-demo");
     * }</pre>
     *
     * @param tagname the name, as given to {@link MapOptions.Builder#tagname(String)}
     * @return {@code true} if the name existed and is gone, {@code false} if there was none (or the OS has no unlink)
     * @throws IOException if the OS refuses to remove the name
     */
    public static boolean unlinkNamed(String tagname) throws IOException {
        return unlinkNamed(tagname, Backend.AUTO);
    }

    /**
     * {@link #unlinkNamed(String)} through a given backend.
     *
     * <pre>{@code
     * MemoryMap.unlinkNamed("jobs", Backend.JAVA);   // removes /dev/shm/jobs
     * }</pre>
     *
     * @param tagname the name, as given to {@link MapOptions.Builder#tagname(String)}
     * @param backend the backend whose names to use
     * @return {@code true} if the name existed and is gone, {@code false} if there was none (or the OS has no unlink)
     * @throws IOException if the OS refuses to remove the name
     */
    public static boolean unlinkNamed(String tagname, Backend backend) throws IOException {
        Objects.requireNonNull(tagname, "tagname");
        Objects.requireNonNull(backend, "backend");
        return Providers.get(backend).unlinkNamed(tagname);
    }

    /**
     * The OS page size (what {@code Backend.AUTO} reports).
     *
     * <pre>{@code
     * long aligned = offset - offset % MemoryMap.pageSize();
     * }</pre>
     *
     * @return the page size in bytes
     */
    public static long pageSize() {
        return Providers.get(Backend.AUTO).pageSize();
    }

    /**
     * The granularity of mapping offsets: the page size on POSIX, 64 KiB on Windows.
     *
     * <pre>{@code
     * long g = MemoryMap.allocationGranularity();   // 65536 on Windows
     * }</pre>
     *
     * @return the alignment of map offsets in bytes
     */
    public static long allocationGranularity() {
        return Providers.get(Backend.AUTO).allocationGranularity();
    }

    /**
     * Whether the NATIVE backend can be used in this JVM.
     *
     * <pre>{@code
     * Backend b = MemoryMap.isNativeAvailable() ? Backend.NATIVE : Backend.JAVA;
     * }</pre>
     *
     * @return {@code true} if {@link Backend#AUTO} picks NATIVE in this JVM
     */
    public static boolean isNativeAvailable() {
        return Providers.nativeAvailable();
    }

    // ------------------------------------------------------------------------------------------
    // State

    private MemorySegment live() {
        MemorySegment s = segment;
        if (s == null) {
            throw Errors.closed();
        }
        return s;
    }

    /**
     * What a fault during access (the JDK's InternalError for SIGBUS or EXCEPTION_IN_PAGE_ERROR)
     * becomes: Errors.fault with the file or object behind the map, so the message tells a file
     * truncated underneath the map from a file system with no space left for the page.
     */
    UncheckedIOException fault(InternalError e) {
        Region r = region;
        Handle h = handle != null ? handle : r == null ? null : r.backing();
        return Errors.fault(e, h, r == null ? -1 : offset + r.segment().byteSize());
    }

    /**
     * Refuses a call of a confined map from a thread other than its owner, with nothing changed:
     * for the calls off the hot paths (close, resize, protect, flush, madvise, segment(), ...),
     * whose work the JDK would not refuse itself before changing something.
     */
    private void checkOwner() {
        Thread o = owner;
        if (o != null && o != Thread.currentThread()) {
            throw Errors.confined(o, null);
        }
    }

    private MemorySegment writable(String operation) {
        MemorySegment s = writableSegment;
        if (s == null) {
            live();                                // closed is reported before read-only
            throw readOnly(operation);
        }
        return s;
    }

    /** The refusal of a write-type call on a read-only map: opened READ, or made so by protect(READ). */
    private java.nio.ReadOnlyBufferException readOnly(String operation) {
        return access == Access.READ ? Errors.readOnly(operation) : Errors.protectedReadOnly(operation);
    }

    /**
     * The one retry of every accessor, off the fast path: access through {@code stale} threw
     * IllegalStateException. If a resize or protect on another thread replaced the mapping, this
     * waits until that call is done (it holds osLock) and returns, and the caller runs again on the
     * new segment (within the new length, or refused as any call would be); if close() ended the
     * map, it throws jmmap's "map is closed"; a confined map used from another thread (the JDK's
     * WrongThreadException) throws jmmap's IllegalStateException naming both threads; anything else
     * is rethrown.
     */
    private void replaced(MemorySegment stale, RuntimeException e) {
        if (e instanceof WrongThreadException && owner != null) {
            throw Errors.confined(owner, e);
        }
        synchronized (osLock) {
            if (closed) {
                throw Errors.closed();
            }
            MemorySegment now = segment;
            if (stale.scope().isAlive() || now == null || now.scope() == stale.scope()) {
                throw e;                           // not a replaced mapping: nothing to retry on
            }
        }
    }

    /**
     * The number of bytes mapped (Python's {@code len(m)}).
     *
     * <pre>{@code
     * byte last = m.get(m.length() - 1);
     * }</pre>
     *
     * @return the number of bytes mapped
     */
    public long length() {
        return live().byteSize();
    }

    /**
     * The access the map was opened with, or READ after {@link #protect(Access) protect(READ)}.
     *
     * <pre>{@code
     * if (m.access() != Access.READ) m.set(0, (byte) 1);
     * }</pre>
     *
     * @return the current access: as opened, or READ after {@code protect(READ)}
     */
    public Access access() {
        return protection;
    }

    /**
     * The backend that mapped the memory (never AUTO).
     *
     * <pre>{@code
     * System.out.println("mapped by " + m.backend());
     * }</pre>
     *
     * @return NATIVE or JAVA, never AUTO
     */
    public Backend backend() {
        return provider.backend();
    }

    /**
     * The offset in the file where the map starts.
     *
     * <pre>{@code
     * long fileByte = m.offset() + m.tell();   // where the cursor is in the file
     * }</pre>
     *
     * @return the offset in the file the map starts at, as given
     */
    public long offset() {
        return offset;
    }

    /**
     * The tagname of a named map, or null.
     *
     * <pre>{@code
     * String name = m.tagname();   // null unless named
     * }</pre>
     *
     * @return the tagname, or {@code null} for none
     */
    public String tagname() {
        return tagname;
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * <pre>{@code
     * if (!m.isClosed()) m.flush();
     * }</pre>
     *
     * @return {@code true} once {@link #close()} ran
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * The mapped memory as a segment, read-only for {@link Access#READ}. It stays valid until the
     * map is closed or resized; access after that throws IllegalStateException.
     *
     * <pre>{@code
     * long sum = 0;
     * MemorySegment s = m.segment();
     * for (long i = 0; i + 8 <= s.byteSize(); i += 8) sum += s.get(ValueLayout.JAVA_LONG_UNALIGNED, i);
     * }</pre>
     *
     * @return the mapped memory, {@link #length()} bytes
     */
    public MemorySegment segment() {
        MemorySegment s = live();
        checkOwner();
        tracker.exported();
        return s;
    }

    /**
     * The file's size in bytes (Python's {@code size()}), which may differ from {@link #length()};
     * for anonymous maps, the length.
     *
     * <pre>{@code
     * if (m.size() > m.length()) m.resize(m.size() - m.offset());   // follow a grown file
     * }</pre>
     *
     * @return the file's size in bytes; for anonymous maps, the length
     * @throws UnsupportedOperationException if the map was opened with {@code trackFd(false)}
     * @throws IOException if the file's size cannot be read
     */
    public long size() throws IOException {
        MemorySegment s = live();
        if (anonymous) {
            return s.byteSize();
        }
        Handle h = handle;
        if (h == null) {
            throw new UnsupportedOperationException("size() needs the file handle, but the map was opened with trackFd(false)");
        }
        return h.size();
    }

    // ------------------------------------------------------------------------------------------
    // The byte-array face

    /**
     * The byte at {@code index} (Python's {@code m[index]}).
     *
     * <pre>{@code
     * int first = m.get(0) & 0xFF;   // m[0]
     * }</pre>
     *
     * @param index the byte offset in the map, {@code 0 <= index < length()}
     * @return the byte at {@code index}
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < length()}
     */
    public byte get(long index) {
        MemorySegment s = live();
        try {
            return s.get(ValueLayout.JAVA_BYTE, index);   // the segment's own bounds check is the only one
        } catch (IndexOutOfBoundsException e) {
            throw Errors.index("index", index, s.byteSize());
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return get(index);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * Sets the byte at {@code index} (Python's {@code m[index] = value}).
     *
     * <pre>{@code
     * m.set(0, (byte) '#');   // m[0] = ord("#")
     * }</pre>
     *
     * @param index the byte offset in the map, {@code 0 <= index < length()}
     * @param value the byte to store
     * @throws java.nio.ReadOnlyBufferException on a READ map
     * @throws IndexOutOfBoundsException      unless {@code 0 <= index < length()}
     */
    public void set(long index, byte value) {
        MemorySegment s = writable("set");
        if (index < 0 || index >= s.byteSize()) {
            throw Errors.index("index", index, s.byteSize());
        }
        try {
            s.set(ValueLayout.JAVA_BYTE, index, value);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            set(index, value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * A copy of bytes {@code [from, to)} (Python's {@code m[from:to]}, with strict bounds).
     *
     * <pre>{@code
     * byte[] header = m.get(0, 16);   // m[0:16]
     * }</pre>
     *
     * @param from the first index, inclusive
     * @param to the end index, exclusive
     * @return a copy of the bytes
     * @throws IndexOutOfBoundsException unless {@code 0 <= from <= to <= length()}
     */
    public byte[] get(long from, long to) {
        MemorySegment s = live();
        checkSlice(from, to, s.byteSize());
        byte[] out = newArray(to - from);
        try {
            copyOut(s, from, out, 0, out.length);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return get(from, to);
        }
        return out;
    }

    /**
     * A stepped slice, Python's {@code m[from:to:step]}: indices {@code from, from+step, ...}
     * before {@code to}. With a positive step, {@code 0 <= from <= to <= length()}; with a
     * negative step the slice runs downwards and {@code -1 <= to <= from < length()} (so
     * {@code get(length()-1, -1, -1)} is {@code m[::-1]}).
     *
     * <pre>{@code
     * byte[] evens = m.get(0, m.length(), 2);        // m[::2]
     * byte[] reversed = m.get(m.length() - 1, -1, -1); // m[::-1]
     * }</pre>
     *
     * @param from the first index, inclusive
     * @param to the end index, exclusive
     * @param step the distance between indexes, not 0; negative walks backwards from {@code from} down to {@code to}, exclusive
     * @return a copy of the bytes
     * @throws IllegalArgumentException  if {@code step} is 0
     * @throws IndexOutOfBoundsException if the bounds are out of range
     */
    public byte[] get(long from, long to, long step) {
        MemorySegment s = live();
        long count = steppedCount(from, to, step, s.byteSize());
        byte[] out = newArray(count);
        try {
            long i = from;
            for (int k = 0; k < out.length; k++, i += step) {
                out[k] = s.get(ValueLayout.JAVA_BYTE, i);
            }
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return get(from, to, step);
        } catch (InternalError e) {
            throw fault(e);
        }
        return out;
    }

    /**
     * Copies {@code src} into the map at {@code from} (slice assignment
     * {@code m[from:from+len(src)] = src}).
     *
     * <pre>{@code
     * m.set(6, "Java".getBytes());   // m[6:10] = b"Java"
     * }</pre>
     *
     * @param from the first index, inclusive
     * @param src the bytes to store
     * @throws IndexOutOfBoundsException unless {@code 0 <= from} and {@code from + src.length <= length()}
     */
    public void set(long from, byte[] src) {
        MemorySegment s = writable("set");
        Objects.requireNonNull(src, "src");
        if (from < 0 || from > s.byteSize() - src.length) {
            // from + src.length may pass Long.MAX_VALUE; for from >= 0 it is exact as an unsigned long
            long to = from + src.length;
            throw new IndexOutOfBoundsException("slice [" + from + ", "
                    + (from < 0 ? Long.toString(to) : Long.toUnsignedString(to)) + ") is out of range for length "
                    + s.byteSize());
        }
        try {
            copyIn(s, from, src, 0, src.length);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            set(from, src);
        }
    }

    /**
     * Slice assignment {@code m[from:to] = src}: {@code src} must have exactly {@code to - from}
     * bytes.
     *
     * <pre>{@code
     * m.set(0, 4, "JMAP".getBytes());   // m[0:4] = b"JMAP"
     * }</pre>
     *
     * @param from the first index, inclusive
     * @param to the end index, exclusive
     * @param src the bytes to store
     * @throws IndexOutOfBoundsException if the slice is out of range or {@code src} has another size
     */
    public void set(long from, long to, byte[] src) {
        MemorySegment s = writable("set");
        Objects.requireNonNull(src, "src");
        checkSlice(from, to, s.byteSize());
        if (src.length != to - from) {
            throw new IndexOutOfBoundsException("src has " + src.length + " bytes but the slice [" + from + ", "
                    + to + ") has " + (to - from));
        }
        try {
            copyIn(s, from, src, 0, src.length);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            set(from, to, src);
        }
    }

    /**
     * Stepped slice assignment {@code m[from:to:step] = src}; bounds as for
     * {@link #get(long, long, long)}, and {@code src} must have one byte per index.
     *
     * <pre>{@code
     * m.set(0, 6, 2, new byte[] {1, 2, 3});   // m[0:6:2] = bytes([1, 2, 3])
     * }</pre>
     *
     * @param from the first index, inclusive
     * @param to the end index, exclusive
     * @param step the distance between indexes, not 0; negative walks backwards from {@code from} down to {@code to}, exclusive
     * @param src the bytes to store
     */
    public void set(long from, long to, long step, byte[] src) {
        MemorySegment s = writable("set");
        Objects.requireNonNull(src, "src");
        long count = steppedCount(from, to, step, s.byteSize());
        if (src.length != count) {
            throw new IndexOutOfBoundsException("src has " + src.length + " bytes but the stepped slice ["
                    + from + ", " + to + ", step " + step + ") has " + count);
        }
        try {
            long i = from;
            for (byte b : src) {
                s.set(ValueLayout.JAVA_BYTE, i, b);
                i += step;
            }
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            set(from, to, step, src);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * The int at {@code index}, in native byte order, any alignment (beyond Python).
     *
     * <pre>{@code
     * int count = m.getInt(8);
     * }</pre>
     *
     * @param index the byte offset of the value in the map
     * @return the value at {@code index}
     */
    public int getInt(long index) {
        MemorySegment s = live();
        try {
            return s.get(INT, index);
        } catch (IndexOutOfBoundsException e) {
            checkTyped(index, 4, s.byteSize());
            throw e;
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return getInt(index);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * The long at {@code index}, in native byte order, any alignment (beyond Python).
     *
     * <pre>{@code
     * long offsetOfRecord = m.getLong(16);
     * }</pre>
     *
     * @param index the byte offset of the value in the map
     * @return the value at {@code index}
     */
    public long getLong(long index) {
        MemorySegment s = live();
        try {
            return s.get(LONG, index);
        } catch (IndexOutOfBoundsException e) {
            checkTyped(index, 8, s.byteSize());
            throw e;
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return getLong(index);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * Stores an int at {@code index}, in native byte order (beyond Python).
     *
     * <pre>{@code
     * m.setInt(8, count + 1);
     * }</pre>
     *
     * @param index the byte offset of the value in the map
     * @param value the value to store, in {@link #byteOrder()}
     */
    public void setInt(long index, int value) {
        MemorySegment s = writable("setInt");
        checkTyped(index, 4, s.byteSize());
        try {
            s.set(INT, index, value);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            setInt(index, value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * Stores a long at {@code index}, in native byte order (beyond Python).
     *
     * <pre>{@code
     * m.setLong(16, 4096L);
     * }</pre>
     *
     * @param index the byte offset of the value in the map
     * @param value the value to store, in {@link #byteOrder()}
     */
    public void setLong(long index, long value) {
        MemorySegment s = writable("setLong");
        checkTyped(index, 8, s.byteSize());
        try {
            s.set(LONG, index, value);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            setLong(index, value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Atomics, for coordination between threads and processes sharing the memory (beyond Python)

    private static final java.lang.invoke.VarHandle ATOMIC_INT = ValueLayout.JAVA_INT.varHandle();
    private static final java.lang.invoke.VarHandle ATOMIC_LONG = ValueLayout.JAVA_LONG.varHandle();

    /*
     * A read-modify-write atomic (getAndAdd, compareAndSet) cannot simply run again after a racing
     * resize invalidated its segment, as the other accessors do: the JDK may throw its
     * IllegalStateException after the operation took effect (in interpreted code), and a retry would
     * add twice. So these announce themselves, and resize, protect and close wait for those in
     * flight before they invalidate the mapping (see quiesceAtomics); an atomic that finds one of
     * them under way waits until it is done. The cost: two uncontended LongAdder updates per atomic.
     */
    private final java.util.concurrent.atomic.LongAdder atomicsInFlight = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean replacing;            // a resize, protect or close is about to invalidate the mapping
    private Path path;                             // a file map opened by path: atomics register it in SharedFiles
    private boolean atomicsJoined;                 // whether the first read-modify-write atomic ran (osLock)
    private SharedFiles.Extent atomicsExtent;      // this map's bytes of the file in SharedFiles, or null

    /**
     * On the first read-modify-write atomic of a file map: registers the bytes it covers, so that
     * a resize of another map of the file cannot truncate them (see {@link SharedFiles}). Called
     * before the atomic counts itself in flight, as it takes osLock.
     */
    private void joinAtomics() {
        synchronized (osLock) {
            if (atomicsJoined || closed) {
                return;
            }
            checkOwner();                          // a confined map's atomic from another thread registers nothing
            atomicsJoined = true;
            if (path != null) {
                try {
                    atomicsExtent = SharedFiles.join(path, offset, offset + segment.byteSize());
                    tracker.extent(atomicsExtent);
                } catch (IOException | RuntimeException unknown) {
                    // the file's identity cannot be had (it was removed): nothing to protect it by
                }
            }
        }
    }

    /**
     * The segment for a read-modify-write atomic, checked, with the atomic counted in flight (the
     * caller decrements when done); null, uncounted, if a resize, protect or close was under way
     * and the caller should start again.
     */
    private MemorySegment enterAtomic(String operation, long index, int width) {
        if (!atomicsJoined) {
            joinAtomics();
        }
        atomicsInFlight.increment();
        boolean entered = false;
        try {
            if (!replacing) {
                MemorySegment s = writable(operation);   // read after the increment: valid until the decrement
                checkAtomic(s, index, width);
                entered = true;
                return s;
            }
        } finally {
            if (!entered) {
                atomicsInFlight.decrement();
            }
        }
        synchronized (osLock) {
            return null;                           // the replacing call held osLock until it was done
        }
    }

    /**
     * Called with osLock held before the mapping is invalidated: new atomics wait, and those in
     * flight (nanoseconds each) finish first. The caller clears {@code replacing} when done.
     */
    private void quiesceAtomics() {
        replacing = true;
        for (int spins = 0; atomicsInFlight.sum() != 0; spins++) {
            if (spins < 1000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();                    // one was preempted mid-operation
            }
        }
    }

    private static void checkAtomic(MemorySegment s, long index, int width) {
        checkTyped(index, width, s.byteSize());
        if (((s.address() + index) & (width - 1)) != 0) {
            throw new IllegalArgumentException("index " + index + " is not " + width
                    + "-byte aligned in memory; atomic access needs an aligned address");
        }
    }

    /**
     * Reads an int with volatile semantics; {@code index} must be 4-byte aligned in memory (the
     * map's start is page aligned when {@link #offset()} is).
     *
     * <p>A page lost to truncation throws (see <a href="#atomics-truncation">atomics and truncation</a>).
     *
     * <pre>{@code
     * while (m.getIntVolatile(0) == 0) Thread.onSpinWait();   // wait for another process
     * }</pre>
     *
     * @param index the byte offset of the value, a multiple of 4
     * @return the value at {@code index}
     * @throws IllegalArgumentException  if the address is not aligned
     * @throws IndexOutOfBoundsException if the int does not fit in the map
     */
    public int getIntVolatile(long index) {
        MemorySegment s = live();
        checkAtomic(s, index, 4);
        try {
            return (int) ATOMIC_INT.getVolatile(s, index);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return getIntVolatile(index);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * Writes an int with volatile semantics; aligned as for {@link #getIntVolatile}.
     *
     * <p>A page lost to truncation throws (see <a href="#atomics-truncation">atomics and truncation</a>).
     *
     * <pre>{@code
     * m.set(64, payload);
     * m.setIntVolatile(0, 1);   // publish: a reader that sees 1 sees the payload
     * }</pre>
     *
     * @param index the byte offset of the value, a multiple of 4
     * @param value the value to store, in {@link #byteOrder()}
     */
    public void setIntVolatile(long index, int value) {
        MemorySegment s = writable("setIntVolatile");
        checkAtomic(s, index, 4);
        try {
            ATOMIC_INT.setVolatile(s, index, value);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            setIntVolatile(index, value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * Reads a long with volatile semantics; {@code index} must be 8-byte aligned in memory.
     *
     * <p>A page lost to truncation throws (see <a href="#atomics-truncation">atomics and truncation</a>).
     *
     * <pre>{@code
     * long seen = m.getLongVolatile(8);
     * }</pre>
     *
     * @param index the byte offset of the value, a multiple of 8
     * @return the value at {@code index}
     */
    public long getLongVolatile(long index) {
        MemorySegment s = live();
        checkAtomic(s, index, 8);
        try {
            return (long) ATOMIC_LONG.getVolatile(s, index);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return getLongVolatile(index);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * Writes a long with volatile semantics; 8-byte aligned.
     *
     * <p>A page lost to truncation throws (see <a href="#atomics-truncation">atomics and truncation</a>).
     *
     * <pre>{@code
     * m.setLongVolatile(8, System.nanoTime());
     * }</pre>
     *
     * @param index the byte offset of the value, a multiple of 8
     * @param value the value to store, in {@link #byteOrder()}
     */
    public void setLongVolatile(long index, long value) {
        MemorySegment s = writable("setLongVolatile");
        checkAtomic(s, index, 8);
        try {
            ATOMIC_LONG.setVolatile(s, index, value);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            setLongVolatile(index, value);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * Atomically adds {@code delta} to the int at {@code index}; returns the previous value. Atomic
     * across processes sharing the memory (a WRITE map of one file, or one named map).
     *
     * <p>If the file is truncated under the word while this runs, the JVM may crash (see
     * <a href="#atomics-truncation">atomics and truncation</a>).
     *
     * <pre>{@code
     * long ticket = m.getAndAddLong(0, 1);
     * }</pre>
     *
     * @param index the byte offset of the value, a multiple of 4
     * @param delta the amount to add
     * @return the value before the addition
     */
    public int getAndAddInt(long index, int delta) {
        MemorySegment s = enterAtomic("getAndAddInt", index, 4);
        if (s == null) {
            return getAndAddInt(index, delta);                  // a resize, protect or close was under way: it is done now
        }
        try {
            ATOMIC_INT.getVolatile(s, index);          // guarded against SIGBUS, unlike the add: see compareAndSetInt
            return (int) ATOMIC_INT.getAndAdd(s, index, delta);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return getAndAddInt(index, delta);
        } catch (InternalError e) {
            throw fault(e);
        } finally {
            atomicsInFlight.decrement();
        }
    }

    /**
     * Atomically adds {@code delta} to the long at {@code index}; returns the previous value.
     *
     * <p>If the file is truncated under the word while this runs, the JVM may crash (see
     * <a href="#atomics-truncation">atomics and truncation</a>).
     *
     * <pre>{@code
     * long mine = m.getAndAddLong(0, 1);   // a ticket no other process gets
     * }</pre>
     *
     * @param index the byte offset of the value, a multiple of 8
     * @param delta the amount to add
     * @return the value before the addition
     */
    public long getAndAddLong(long index, long delta) {
        MemorySegment s = enterAtomic("getAndAddLong", index, 8);
        if (s == null) {
            return getAndAddLong(index, delta);                  // a resize, protect or close was under way: it is done now
        }
        try {
            ATOMIC_LONG.getVolatile(s, index);         // guarded against SIGBUS, unlike the add: see compareAndSetInt
            return (long) ATOMIC_LONG.getAndAdd(s, index, delta);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return getAndAddLong(index, delta);
        } catch (InternalError e) {
            throw fault(e);
        } finally {
            atomicsInFlight.decrement();
        }
    }

    /**
     * Atomically sets the int at {@code index} to {@code newValue} if it is {@code expected}.
     *
     * <p>If the file is truncated under the word while this runs, the JVM may crash (see
     * <a href="#atomics-truncation">atomics and truncation</a>).
     *
     * <pre>{@code
     * boolean mine = m.compareAndSetInt(0, 0, 1);   // true: this process holds the lock word
     * }</pre>
     *
     * @param index the byte offset of the value, a multiple of 4
     * @param expected the value the memory must hold for the store to happen
     * @param newValue the value to store
     * @return {@code true} if the value was {@code expected} and is now {@code newValue}
     */
    public boolean compareAndSetInt(long index, int expected, int newValue) {
        MemorySegment s = enterAtomic("compareAndSetInt", index, 4);
        if (s == null) {
            return compareAndSetInt(index, expected, newValue);                  // a resize, protect or close was under way: it is done now
        }
        try {
            // The JVM's compare-and-set of off-heap memory is not guarded against SIGBUS (a page lost
            // to truncation crashes the JVM); the volatile read first is guarded and throws instead.
            ATOMIC_INT.getVolatile(s, index);
            return ATOMIC_INT.compareAndSet(s, index, expected, newValue);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return compareAndSetInt(index, expected, newValue);
        } catch (InternalError e) {
            throw fault(e);
        } finally {
            atomicsInFlight.decrement();
        }
    }

    /**
     * Atomically sets the long at {@code index} to {@code newValue} if it is {@code expected}.
     *
     * <p>If the file is truncated under the word while this runs, the JVM may crash (see
     * <a href="#atomics-truncation">atomics and truncation</a>).
     *
     * <pre>{@code
     * while (!m.compareAndSetLong(8, old, old + 1)) old = m.getLongVolatile(8);
     * }</pre>
     *
     * @param index the byte offset of the value, a multiple of 8
     * @param expected the value the memory must hold for the store to happen
     * @param newValue the value to store
     * @return {@code true} if the value was {@code expected} and is now {@code newValue}
     */
    public boolean compareAndSetLong(long index, long expected, long newValue) {
        MemorySegment s = enterAtomic("compareAndSetLong", index, 8);
        if (s == null) {
            return compareAndSetLong(index, expected, newValue);                  // a resize, protect or close was under way: it is done now
        }
        try {
            ATOMIC_LONG.getVolatile(s, index);        // guarded against SIGBUS, unlike the CAS: see compareAndSetInt
            return ATOMIC_LONG.compareAndSet(s, index, expected, newValue);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return compareAndSetLong(index, expected, newValue);
        } catch (InternalError e) {
            throw fault(e);
        } finally {
            atomicsInFlight.decrement();
        }
    }

    /**
     * The byte order of {@link #getInt}/{@link #getLong} and their setters: the platform's.
     *
     * <pre>{@code
     * ByteBuffer.wrap(bytes).order(MemoryMap.byteOrder()).getLong(0);   // reads what setLong wrote
     * }</pre>
     *
     * @return the native byte order
     */
    public static ByteOrder byteOrder() {
        return ByteOrder.nativeOrder();
    }

    /**
     * The lowest index at or after the current position where {@code sub} is found, or -1
     * (CPython's {@code find(sub)}, which starts at the position).
     *
     * <pre>{@code
     * m.seek(100);
     * long next = m.find("\r\n".getBytes());   // at or after 100
     * }</pre>
     *
     * @param sub the bytes to look for; empty is found at once
     * @return the index of the first match, or -1
     */
    public long find(byte[] sub) {
        MemorySegment s = live();
        Objects.requireNonNull(sub, "sub");
        long from = Math.min(position, s.byteSize());
        try {
            return search(s, sub, from, s.byteSize(), true);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return find(sub);
        }
    }

    /**
     * The lowest index {@code >= start} where {@code sub} is found, or -1. A start past the end
     * counts as the length, as in CPython (so an empty {@code sub} is found at the length).
     *
     * <pre>{@code
     * long second = m.find(sep, m.find(sep, 0) + 1);
     * }</pre>
     *
     * @param sub the bytes to look for; empty is found at once
     * @param start where the search starts, {@code >= 0}; past the length counts as the length
     * @return the index of the first match, or -1
     * @throws IllegalArgumentException if {@code start < 0}
     */
    public long find(byte[] sub, long start) {
        MemorySegment s = live();
        Objects.requireNonNull(sub, "sub");
        long size = s.byteSize();
        try {
            return search(s, sub, findBound("start", start, size), size, true);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return find(sub, start);
        }
    }

    /**
     * The lowest index in {@code [start, end)} where all of {@code sub} is found, or -1. As in
     * CPython, bounds past the end count as the length, and {@code start > end} finds nothing
     * (-1, even for an empty {@code sub}).
     *
     * <pre>{@code
     * long at = m.find("needle".getBytes(StandardCharsets.US_ASCII), 0, m.length());
     * }</pre>
     *
     * @param sub the bytes to look for; empty is found at once
     * @param start where the search starts, {@code >= 0}; past the length counts as the length
     * @param end where the search ends, exclusive, {@code >= 0}; past the length counts as the length
     * @return the index of the first match, or -1
     * @throws IllegalArgumentException if {@code start} or {@code end} is negative
     */
    public long find(byte[] sub, long start, long end) {
        MemorySegment s = live();
        Objects.requireNonNull(sub, "sub");
        long size = s.byteSize();
        try {
            return search(s, sub, findBound("start", start, size), findBound("end", end, size), true);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return find(sub, start, end);
        }
    }

    /**
     * The highest index at or after the current position where {@code sub} is found, or -1.
     *
     * <pre>{@code
     * long lastLine = m.rfind("\n".getBytes());
     * }</pre>
     *
     * @param sub the bytes to look for; empty is found at once
     * @return the index of the last match, or -1
     */
    public long rfind(byte[] sub) {
        MemorySegment s = live();
        Objects.requireNonNull(sub, "sub");
        long from = Math.min(position, s.byteSize());
        try {
            return search(s, sub, from, s.byteSize(), false);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return rfind(sub);
        }
    }

    /**
     * The highest index {@code >= start} where {@code sub} is found, or -1; a start past the end
     * counts as the length, as in CPython.
     *
     * <pre>{@code
     * long last = m.rfind("END".getBytes(), 0);
     * }</pre>
     *
     * @param sub the bytes to look for; empty is found at once
     * @param start where the search starts, {@code >= 0}; past the length counts as the length
     * @return the index of the last match, or -1
     * @throws IllegalArgumentException if {@code start < 0}
     */
    public long rfind(byte[] sub, long start) {
        MemorySegment s = live();
        Objects.requireNonNull(sub, "sub");
        long size = s.byteSize();
        try {
            return search(s, sub, findBound("start", start, size), size, false);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return rfind(sub, start);
        }
    }

    /**
     * The highest index in {@code [start, end)} where all of {@code sub} is found, or -1; bounds
     * as for {@link #find(byte[], long, long)} (an empty {@code sub} is found at the clamped end).
     *
     * <pre>{@code
     * long lastInFirstKiB = m.rfind("\n".getBytes(), 0, 1024);
     * }</pre>
     *
     * @param sub the bytes to look for; empty is found at once
     * @param start where the search starts, {@code >= 0}; past the length counts as the length
     * @param end where the search ends, exclusive, {@code >= 0}; past the length counts as the length
     * @return the index of the last match, or -1
     * @throws IllegalArgumentException if {@code start} or {@code end} is negative
     */
    public long rfind(byte[] sub, long start, long end) {
        MemorySegment s = live();
        Objects.requireNonNull(sub, "sub");
        long size = s.byteSize();
        try {
            return search(s, sub, findBound("start", start, size), findBound("end", end, size), false);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return rfind(sub, start, end);
        }
    }

    /**
     * A find/rfind bound as CPython's {@code mmap.find} takes it for non-negative values: past the
     * end counts as the length. Java has no negative indexes, so those are refused.
     */
    private static long findBound(String name, long bound, long size) {
        if (bound < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + bound);
        }
        return Math.min(bound, size);
    }

    private long search(MemorySegment s, byte[] sub, long start, long end, boolean forward) {
        try {
            return forward ? Search.indexOf(s, start, end, sub) : Search.lastIndexOf(s, start, end, sub);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * The map as ISO-8859-1 text, without a copy: one char (0..255) per byte, so
     * {@code Pattern.compile(regex).matcher(m.asCharSequence())} searches the mapped bytes in
     * place. The view reads the map's current memory: it follows {@link #resize} (a char past a
     * shortened end throws IndexOutOfBoundsException) and throws IllegalStateException once the
     * map is closed; while it is reachable, so is the map.
     *
     * <pre>{@code
     * Matcher x = Pattern.compile("ERROR: (\\w+)").matcher(m.asCharSequence());
     * while (x.find()) System.out.println(x.group(1) + " at byte " + x.start());
     * }</pre>
     *
     * @return a live view: one char per byte, {@code (char) (b & 0xFF)}
     * @throws UnsupportedOperationException if the map is longer than {@code Integer.MAX_VALUE}
     *                                       bytes; use {@link #asCharSequence(long, long)}
     */
    public CharSequence asCharSequence() {
        MemorySegment s = live();
        if (s.byteSize() > Integer.MAX_VALUE) {
            throw new UnsupportedOperationException("the map has " + s.byteSize()
                    + " bytes, more than a CharSequence can index; use asCharSequence(start, end) for a window");
        }
        return new Latin1View(memory, 0, (int) s.byteSize(), this::fault);
    }

    /**
     * A window {@code [start, end)} of the map as ISO-8859-1 text, for maps over 2 GiB; char
     * {@code i} of it is byte {@code start + i} of the map.
     *
     * <pre>{@code
     * Matcher x = p.matcher(m.asCharSequence(4L << 30, (4L << 30) + (1 << 20)));   // a MiB past 4 GiB
     * }</pre>
     *
     * @param start the first byte of the view, inclusive
     * @param end the end of the view, exclusive
     * @return a live view: one char per byte, {@code (char) (b & 0xFF)}
     * @throws IndexOutOfBoundsException unless {@code 0 <= start <= end <= length()}
     * @throws IllegalArgumentException  if the window is longer than {@code Integer.MAX_VALUE}
     */
    public CharSequence asCharSequence(long start, long end) {
        MemorySegment s = live();
        checkSlice(start, end, s.byteSize());
        if (end - start > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("window [" + start + ", " + end + ") is longer than Integer.MAX_VALUE");
        }
        return new Latin1View(memory, start, (int) (end - start), this::fault);
    }

    // ------------------------------------------------------------------------------------------
    // The file face

    /**
     * The current position (Python's {@code tell()}).
     *
     * <pre>{@code
     * long before = m.tell();
     * m.readLine();
     * long lineLength = m.tell() - before;
     * }</pre>
     *
     * @return the position
     */
    public long tell() {
        live();
        return position;
    }

    /**
     * Moves the position to {@code pos} from the start; returns it.
     *
     * <pre>{@code
     * m.seek(0);   // rewind
     * }</pre>
     *
     * @param pos the new position, relative to {@code whence}
     * @return the new position
     */
    public long seek(long pos) {
        return seek(pos, Whence.SET);
    }

    /**
     * Moves the position relative to {@code whence}; returns the new position.
     *
     * <pre>{@code
     * m.seek(64, Whence.CURRENT);
     * m.seek(-32, Whence.CURRENT);
     * }</pre>
     *
     * @param pos the new position, relative to {@code whence}
     * @param whence SET (from the start), CURRENT (from the position) or END (from the end)
     * @return the new position
     * @throws IllegalArgumentException if the new position is outside {@code [0, length()]};
     *                                  the position is unchanged
     */
    public long seek(long pos, Whence whence) {
        MemorySegment s = live();
        if (whence == Whence.CURRENT) {             // the article's loop: keep it short for the JIT
            long target = position + pos;
            if (target >= 0 && target <= s.byteSize() && ((position ^ target) & (pos ^ target)) >= 0) {
                position = target;
                return target;
            }
        }
        Objects.requireNonNull(whence, "whence");
        long base = switch (whence) {
            case SET -> 0;
            case CURRENT -> position;
            case END -> s.byteSize();
        };
        long target = base + pos;
        if (((base ^ target) & (pos ^ target)) < 0 || target < 0 || target > s.byteSize()) {
            throw new IllegalArgumentException("seek to pos " + pos + " from " + whence + " gives " + target
                    + ", outside [0, " + s.byteSize() + "]");
        }
        position = target;
        return target;
    }

    /**
     * All bytes from the position to the end (possibly none); the position moves to the end.
     *
     * <pre>{@code
     * m.seek(0);
     * byte[] everything = m.read();
     * }</pre>
     *
     * @return the bytes read, possibly none
     */
    public byte[] read() {
        MemorySegment s = live();
        long remaining = Math.max(0, s.byteSize() - position);
        if (remaining > MAX_ARRAY) {
            throw new UnsupportedOperationException("read(): " + remaining
                    + " bytes remain, more than a byte[] holds; use read(n)");
        }
        try {
            return readN(s, (int) remaining);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return read();
        }
    }

    /**
     * Up to {@code n} bytes from the position (fewer at the end, possibly none); the position
     * moves past them.
     *
     * <pre>{@code
     * m.seek(0);
     * byte[] header = m.read(16);
     * }</pre>
     *
     * @param n the most bytes to read, {@code >= 0}
     * @return the bytes read, possibly none
     * @throws IllegalArgumentException if {@code n < 0}, or if more than a byte[] holds
     *                                  ({@code Integer.MAX_VALUE - 8} bytes) would be read
     */
    public byte[] read(int n) {
        MemorySegment s = live();
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        long remaining = Math.max(0, s.byteSize() - position);
        int count = (int) Math.min(n, remaining);
        if (count > MAX_ARRAY) {
            throw new IllegalArgumentException("read(" + n + "): " + count + " bytes do not fit in a byte[] (at most "
                    + MAX_ARRAY + "); use a smaller n");
        }
        try {
            return readN(s, count);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return read(n);
        }
    }

    private byte[] readN(MemorySegment s, int n) {
        if (n == 0) {
            return new byte[0];
        }
        byte[] out = new byte[n];
        long p = position;
        copyOut(s, p, out, 0, n);
        position = p + n;
        return out;
    }

    /**
     * Reads up to {@code len} bytes into {@code dst[off..]} without allocating (beyond Python);
     * returns how many were read, 0 at the end.
     *
     * <pre>{@code
     * byte[] buf = new byte[32];
     * int n = m.readInto(buf, 0, buf.length);
     * }</pre>
     *
     * @param dst the array to fill
     * @param off where in {@code dst} the first byte goes
     * @param len the most bytes to read
     * @return the number of bytes read, 0 at the end
     * @throws IndexOutOfBoundsException if {@code off}/{@code len} do not fit {@code dst}
     */
    public int readInto(byte[] dst, int off, int len) {
        MemorySegment s = live();
        Objects.requireNonNull(dst, "dst");
        checkArrayRange("dst", dst.length, off, len);
        long p = position;                         // kept in a local: the copy makes the JIT reload fields
        int n = (int) Math.min(len, Math.max(0, s.byteSize() - p));
        if (n == 0) {
            return 0;
        }
        try {
            copyOut(s, p, dst, off, n);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return readInto(dst, off, len);
        }
        position = p + n;
        return n;
    }

    /**
     * The byte at the position, as 0..255; the position moves past it.
     *
     * <pre>{@code
     * int version = m.readByte();   // 0..255
     * }</pre>
     *
     * @return the byte, 0 to 255
     * @throws java.nio.BufferUnderflowException at the end
     */
    public int readByte() {
        MemorySegment s = live();
        if (position >= s.byteSize()) {
            throw Errors.underflow(position, s.byteSize());
        }
        int b;
        try {
            b = s.get(ValueLayout.JAVA_BYTE, position) & 0xFF;
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return readByte();
        } catch (InternalError e) {
            throw fault(e);
        }
        position++;
        return b;
    }

    /**
     * The bytes from the position up to and including the next {@code '\n'}, or to the end; the
     * position moves past them.
     *
     * <pre>{@code
     * for (byte[] line = m.readLine(); line.length > 0; line = m.readLine()) { ... }
     * }</pre>
     *
     * @return the line with its {@code \n}, or what is left without one, or nothing at the end
     */
    public byte[] readLine() {
        MemorySegment s = live();
        long size = s.byteSize();
        if (position >= size) {
            return new byte[0];
        }
        try {
            long nl = search(s, new byte[] {'\n'}, position, size, true);
            long end = nl < 0 ? size : nl + 1;
            if (end - position > MAX_ARRAY) {
                throw new UnsupportedOperationException("readLine(): the line has " + (end - position)
                        + " bytes, more than a byte[] holds");
            }
            return readN(s, (int) (end - position));
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return readLine();
        }
    }

    /**
     * Writes {@code src} at the position and moves past it; returns the number of bytes written.
     *
     * <pre>{@code
     * int n = m.write("appended".getBytes());
     * }</pre>
     *
     * @param src the bytes to write
     * @return the number of bytes written
     * @throws java.nio.ReadOnlyBufferException on a READ map
     * @throws java.nio.BufferOverflowException  if {@code src} does not fit before the end; nothing is written
     */
    public int write(byte[] src) {
        MemorySegment s = writable("write");
        Objects.requireNonNull(src, "src");
        try {
            return writeN(s, src, 0, src.length);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return write(src);
        }
    }

    /**
     * Writes {@code src[off, off+len)} at the position; as {@link #write(byte[])}.
     *
     * <pre>{@code
     * m.write(buffer, 0, filled);
     * }</pre>
     *
     * @param src the bytes to write
     * @param off the first byte of {@code src} to write
     * @param len how many bytes of {@code src} to write
     * @return the number of bytes written
     */
    public int write(byte[] src, int off, int len) {
        MemorySegment s = writable("write");
        Objects.requireNonNull(src, "src");
        checkArrayRange("src", src.length, off, len);
        try {
            return writeN(s, src, off, len);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            return write(src, off, len);
        }
    }

    private int writeN(MemorySegment s, byte[] src, int off, int len) {
        checkFits(s, len);
        copyIn(s, position, src, off, len);
        position += len;
        return len;
    }

    /**
     * Writes one byte at the position and moves past it.
     *
     * <pre>{@code
     * m.writeByte((byte) '\n');
     * }</pre>
     *
     * @param b the byte to write
     * @throws java.nio.ReadOnlyBufferException on a READ map
     * @throws java.nio.BufferOverflowException  at the end
     */
    public void writeByte(byte b) {
        MemorySegment s = writable("writeByte");
        if (position >= s.byteSize()) {
            throw Errors.overflow("writeByte", 1, position, s.byteSize());
        }
        try {
            s.set(ValueLayout.JAVA_BYTE, position, b);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            writeByte(b);
            return;
        } catch (InternalError e) {
            throw fault(e);
        }
        position++;
    }

    // ------------------------------------------------------------------------------------------
    // The mapping

    /**
     * Flushes the whole map to the file ({@code msync}/{@code force}); a no-op for READ, COPY and anonymous maps.
     *
     * <pre>{@code
     * m.write(record);
     * m.flush();   // on disk now
     * }</pre>
     *
     * @throws IOException if the OS cannot write the pages back
     */
    public void flush() throws IOException {
        synchronized (osLock) {
            MemorySegment s = live();
            checkOwner();
            flushChecked(0, s.byteSize());
        }
    }

    /**
     * Flushes {@code [offset, offset + size)} to the file; the offset need not be page aligned.
     *
     * <pre>{@code
     * m.set(pos, record);
     * m.flush(pos, record.length);   // only the pages it touched
     * }</pre>
     *
     * @param offset the first byte to flush, an index into the map
     * @param size how many bytes to flush
     * @throws IndexOutOfBoundsException unless the range lies within the map
     * @throws IOException if the OS cannot write the pages back
     */
    public void flush(long offset, long size) throws IOException {
        synchronized (osLock) {
            MemorySegment s = live();
            checkOwner();
            checkRange("flush range", offset, size, s.byteSize());
            flushChecked(offset, size);
        }
    }

    /**
     * Flushes the whole map as {@code mode} says (Python 3.15's {@code flush(flags=...)}); see
     * {@link FlushMode} for what each backend does. A no-op for READ, COPY and anonymous maps.
     *
     * <pre>{@code
     * m.flush(FlushMode.ASYNC);   // start writing, do not wait
     * }</pre>
     *
     * @param mode SYNC, ASYNC or INVALIDATE
     * @throws UnsupportedOperationException for a mode the backend or OS cannot honour
     *                                       ({@link FlushMode#INVALIDATE} on Windows and JAVA)
     * @throws IOException if the OS cannot write the pages back
     */
    public void flush(FlushMode mode) throws IOException {
        synchronized (osLock) {
            MemorySegment s = live();
            checkOwner();
            Objects.requireNonNull(mode, "mode");
            provider.checkFlushMode(mode);
            flushChecked(0, s.byteSize(), mode);
        }
    }

    /**
     * Flushes {@code [offset, offset + size)} as {@code mode} says; the offset need not be page
     * aligned. {@code flush(offset, size)} is {@code flush(offset, size, FlushMode.SYNC)}.
     *
     * <pre>{@code
     * m.set(pos, record);
     * m.flush(pos, record.length, FlushMode.ASYNC);
     * }</pre>
     *
     * @param offset the first byte to flush, an index into the map
     * @param size how many bytes to flush
     * @param mode SYNC, ASYNC or INVALIDATE
     * @throws IndexOutOfBoundsException     unless the range lies within the map
     * @throws UnsupportedOperationException for a mode the backend or OS cannot honour
     * @throws IOException                   if the OS refuses (Linux: EBUSY for INVALIDATE of a locked range)
     */
    public void flush(long offset, long size, FlushMode mode) throws IOException {
        synchronized (osLock) {
            MemorySegment s = live();
            checkOwner();
            Objects.requireNonNull(mode, "mode");
            checkRange("flush range", offset, size, s.byteSize());
            provider.checkFlushMode(mode);
            flushChecked(offset, size, mode);
        }
    }

    private void flushChecked(long off, long size) throws IOException {
        flushChecked(off, size, FlushMode.SYNC);
    }

    private void flushChecked(long off, long size, FlushMode mode) throws IOException {
        if (access.shared() && !anonymous) {
            try {
                region.flush(off, size, mode);
            } catch (InternalError e) {
                throw fault(e);
            }
        }
    }

    /**
     * Copies {@code count} bytes from {@code src} to {@code dest} within the map, right for
     * overlapping ranges (memmove).
     *
     * <pre>{@code
     * m.move(0, 10, m.length() - 10);   // drop the first 10 bytes, like memmove
     * }</pre>
     *
     * @param dest where the bytes go
     * @param src where the bytes come from
     * @param count how many bytes to move
     * @throws java.nio.ReadOnlyBufferException on a READ map
     * @throws IndexOutOfBoundsException       if either range leaves the map or an argument is negative
     */
    public void move(long dest, long src, long count) {
        MemorySegment s = writable("move");
        long size = s.byteSize();
        if (dest < 0 || src < 0 || count < 0 || count > size - src || count > size - dest) {
            throw new IndexOutOfBoundsException("move of count " + count + " from src " + src + " to dest " + dest
                    + " is out of range for length " + size);
        }
        try {
            MemorySegment.copy(s, src, s, dest, count);
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);
            move(dest, src, count);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * Changes the length of the map; for a file map the file's size becomes
     * {@code offset() + newLength}. The position stays where it was, even past the new end. Old
     * {@link #segment()} views become invalid (access throws IllegalStateException), while
     * {@link #asCharSequence()} views follow the new length. Calls on other threads racing the
     * resize succeed against the old or the new mapping. A refused or failed resize changes
     * nothing: the map keeps its length, data, position and protection, the file its size. While a
     * JDK I/O call on another thread holds the memory (a channel reading or writing
     * {@code segment().asByteBuffer()}), resize fails at once with IllegalStateException.
     *
     * <pre>{@code
     * m.resize(m.length() * 2);
     * }</pre>
     *
     * @param newLength the new length in bytes, {@code > 0}
     * @throws java.nio.ReadOnlyBufferException on a READ map
     * @throws UnsupportedOperationException   on a COPY map, or without the file handle ({@code trackFd(false)})
     * @throws IllegalArgumentException        if {@code newLength <= 0}
     * @throws IOException                     if the OS refuses; the map then stays as it was where it can (on
     *                                         macOS a named map cannot grow past its object's size, which a
     *                                         resize within leaves unchanged)
     * @throws IllegalStateException           while a JDK I/O call on another thread holds the memory, or
     *                                         if the file would be cut below the bytes of another open
     *                                         map of it in this JVM that runs compare-and-set or
     *                                         get-and-add atomics (see <a href="#atomics-truncation">atomics
     *                                         and truncation</a>); nothing is changed
     */
    public void resize(long newLength) throws IOException {
        synchronized (osLock) {
            live();
            checkOwner();
            if (protection == Access.READ) {
                throw readOnly("resize");
            }
            if (access == Access.COPY) {
                throw new UnsupportedOperationException("resize is not allowed: a COPY map cannot be resized");
            }
            if (!anonymous && handle == null) {
                throw new UnsupportedOperationException(
                        "resize() needs the file handle, but the map was opened with trackFd(false)");
            }
            if (newLength <= 0) {
                throw new IllegalArgumentException("newLength must be > 0, got " + newLength);
            }
            if (offset + newLength < 0) {
                throw new IllegalArgumentException("offset + newLength overflows: newLength " + newLength);
            }
            requireRoomToGrow(newLength);
            // A failure never closes the map: the region either throws ResizeFailed with the region to
            // use (the old length and data), or throws having changed nothing.
            if (path != null) {
                SharedFiles.checkShrink(path, offset + newLength, atomicsExtent, description);   // nothing changed
            }
            quiesceAtomics();
            try {
                Region r = region;
                install(Arenas.confined(owner != null, () -> r.resize(newLength)));   // new memory, same arena kind
                if (atomicsExtent != null) {
                    atomicsExtent.end(offset + newLength);
                }
            } catch (ResizeFailed e) {
                install(e.restored());
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e.getCause());
            } finally {
                replacing = false;
            }
        }
    }

    /**
     * Refuses, with nothing changed, to grow a named map, or an anonymous map kept in a file (the
     * JAVA backend's), beyond the free space of the store that holds it, where pages past the
     * room would fault. File maps may grow sparse, as at open.
     */
    private void requireRoomToGrow(long newLength) throws IOException {
        Handle backing = handle != null ? handle : region.backing();
        long growth = newLength - segment.byteSize();
        if (backing != null && growth > 0 && (tagname != null || anonymous)) {
            Space.require(description + ": growing the map to " + newLength + " bytes", growth,
                    "the file system that holds it", backing.freeSpace());
        }
    }

    /**
     * Advice for the whole map, with the rules of {@link #madvise(Advice, long, long)}.
     *
     * <pre>{@code
     * m.madvise(Advice.SEQUENTIAL);
     * }</pre>
     *
     * @param advice what the pages will see
     */
    public void madvise(Advice advice) {
        synchronized (osLock) {
            MemorySegment s = live();
            checkOwner();
            Objects.requireNonNull(advice, "advice");
            checkAdviceAllowed(advice);
            adviseChecked(advice, 0, s.byteSize());
        }
    }

    /**
     * Advice for {@code [start, start + length)}; the start need not be page aligned.
     *
     * <pre>{@code
     * m.madvise(Advice.WILL_NEED, 0, 1 << 20);   // prefetch the first MiB
     * }</pre>
     *
     * <p>Advice that can discard data ({@link Advice#discardsData(Access)}: REMOVE, FREE, and
     * DONT_NEED on a COPY map) acts only on the whole pages inside the range, so a range holding
     * no whole page is a no-op; other advice covers every page the range touches. See
     * {@link Advice}.
     *
     * @param advice what the pages will see
     * @param start the first byte the advice is for
     * @param length how many bytes the advice is for
     * @throws java.nio.ReadOnlyBufferException for advice that can discard data, and POPULATE_WRITE,
     *                                       while the map is read-only (READ, or after {@code protect(READ)})
     * @throws IndexOutOfBoundsException     unless the range lies within the map
     * @throws UnsupportedOperationException if the OS lacks the advice (NATIVE), naming both; for
     *                                       FREE on a map that is not COPY and REMOVE on a COPY map
     */
    public void madvise(Advice advice, long start, long length) {
        synchronized (osLock) {
            MemorySegment s = live();
            checkOwner();
            Objects.requireNonNull(advice, "advice");
            checkAdviceAllowed(advice);
            checkRange("madvise range", start, length, s.byteSize());
            adviseChecked(advice, start, length);
        }
    }

    /**
     * Advice that discards data is refused on a read-only map (the OS checks the descriptor, not
     * the protection: MADV_REMOVE would punch a hole in the file of a map after protect(READ));
     * FREE needs private memory (on shared memory macOS kills the pages for every process) and
     * REMOVE shared memory. POPULATE_WRITE on a read-only map is refused as read-only too (Linux
     * answers EINVAL, which would read as "not supported"). The same on every backend, before the
     * range is checked.
     */
    private void checkAdviceAllowed(Advice advice) {
        String readOnly = access == Access.READ ? " read-only (opened with Access.READ)" : " read-only (protect(Access.READ))";
        if (advice == Advice.POPULATE_WRITE && protection == Access.READ) {   // the OS says EINVAL, as if unsupported
            throw Errors.readOnly("madvise(" + advice + ")", "Advice." + advice + " faults the pages in for writing and"
                    + " the map is" + readOnly);
        }
        if (!advice.discardsData(access)) {
            return;
        }
        if (protection == Access.READ) {
            throw Errors.readOnly("madvise(" + advice + ")", "Advice." + advice + " can discard data and the map is"
                    + readOnly);
        }
        if (advice == Advice.FREE && access != Access.COPY) {
            throw new UnsupportedOperationException("Advice.FREE is not allowed on this " + access + " map: it is for"
                    + " private memory (Access.COPY) only; on shared memory it would discard the pages for every"
                    + " process that maps them");
        }
        if (advice == Advice.REMOVE && access == Access.COPY) {
            throw new UnsupportedOperationException("Advice.REMOVE is not allowed on this COPY map: it frees the"
                    + " backing store of shared memory (Access.WRITE or DEFAULT) only; use DONT_NEED or FREE to drop"
                    + " private pages");
        }
    }

    /**
     * Names this anonymous map, or removes its name ({@code null}), for Linux tooling (CPython
     * 3.15's {@code mmap.set_name}): {@code prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME)}, shown in
     * {@code /proc/<pid>/maps} as {@code [anon:NAME]} for a private ({@link Access#COPY}) map and
     * {@code [anon_shmem:NAME]} for a shared one. The name is passed as given, without CPython's
     * {@code "cpython:mmap:"} prefix, so it may have up to 79 characters (CPython: 66);
     * characters: printable ASCII without {@code \ ` $ [ ]}. It survives {@link #resize}. It is
     * not a tagname: no other process opens the memory by it. See also
     * {@link MapOptions.Builder#name(String)}.
     *
     * <pre>{@code
     * try (MemoryMap m = MemoryMap.anonymous(1 << 20, MapOptions.builder().access(Access.COPY).build())) {
     *     m.setName("jobs-cache");   // /proc/self/maps: 7f...-7f... rw-p 00000000 00:00 0  [anon:jobs-cache]
     * } catch (UnsupportedOperationException notHere) {
     *     // not Linux, a kernel without CONFIG_ANON_VMA_NAME, or the JAVA backend: names are a debugging aid
     * }
     * }</pre>
     *
     * @param name the name shown in {@code /proc/<pid>/maps}, or {@code null} to clear it
     * @throws IllegalArgumentException      for an empty name, one longer than 79 characters or
     *                                       with a character Linux refuses, on every OS
     * @throws UnsupportedOperationException for a file, fd or tagname map; on the JAVA backend
     *                                       (its anonymous maps are deleted files); off Linux;
     *                                       and where the kernel cannot name memory: before
     *                                       5.17 or without CONFIG_ANON_VMA_NAME (prctl's EINVAL),
     *                                       and shared anonymous memory before 6.2 (EBADF); the
     *                                       message names the kernel
     * @throws IOException                   for any other refusal of prctl
     */
    public void setName(String name) throws IOException {
        synchronized (osLock) {
            live();
            checkOwner();
            if (name != null) {
                VmaNames.check(name);
            }
            if (!anonymous) {
                throw new UnsupportedOperationException("setName() names anonymous memory; this map is "
                        + (tagname != null ? "a named map (" + description + ")" : "a file map (" + description + ")")
                        + ", which Linux knows by its path");
            }
            region.setName(name);
        }
    }

    private void adviseChecked(Advice advice, long start, long length) {
        try {
            region.advise(advice, start, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * Whether the whole map is resident in memory (a hint: {@code mincore}/{@code isLoaded}).
     *
     * <pre>{@code
     * if (!m.isLoaded()) m.madvise(Advice.WILL_NEED);
     * }</pre>
     *
     * @return {@code true} if every page is in memory (where the OS tells)
     */
    public boolean isLoaded() {
        synchronized (osLock) {
            MemorySegment s = live();
            checkOwner();
            try {
                return region.isLoaded(0, s.byteSize());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Locks the whole map in memory ({@code mlock}), so its pages are not paged out (beyond
     * Python). NATIVE only; the OS may refuse beyond {@code RLIMIT_MEMLOCK} (IOException naming
     * EPERM/ENOMEM).
     *
     * <pre>{@code
     * m.lock();
     * try { ... } finally { m.unlock(); }
     * }</pre>
     *
     * @throws UnsupportedOperationException on the JAVA backend
     * @throws IOException if the OS refuses to lock the pages
     */
    public void lock() throws IOException {
        synchronized (osLock) {
            MemorySegment s = live();
            checkOwner();
            region.lock(0, s.byteSize());
        }
    }

    /**
     * Undoes {@link #lock()} ({@code munlock}).
     *
     * <pre>{@code
     * m.lock();
     * try { ... } finally { m.unlock(); }
     * }</pre>
     *
     * @throws IOException if the OS refuses to unlock the pages
     */
    public void unlock() throws IOException {
        synchronized (osLock) {
            MemorySegment s = live();
            checkOwner();
            region.unlock(0, s.byteSize());
        }
    }

    /**
     * Changes the page protection of the whole map ({@code mprotect}, beyond Python):
     * {@code protect(Access.READ)} makes it read-only (write-type calls then throw
     * ReadOnlyBufferException, {@link #segment()} is read-only, and views taken before become
     * invalid so none can write); {@code protect(access-as-opened)} undoes it. NATIVE only.
     *
     * <pre>{@code
     * m.write(record);
     * m.protect(Access.READ);     // nothing writes to it by mistake from now on
     * }</pre>
     *
     * @param newAccess READ, or the access the map was opened with to undo {@code protect(READ)}
     * @throws IllegalArgumentException      for COPY or DEFAULT, or WRITE on a map opened COPY
     * @throws java.nio.ReadOnlyBufferException for a writable access on a map opened READ
     * @throws UnsupportedOperationException on the JAVA backend
     * @throws IOException if the OS refuses the new protection; the map stays as it was
     */
    public void protect(Access newAccess) throws IOException {
        synchronized (osLock) {
            live();
            checkOwner();
            Objects.requireNonNull(newAccess, "newAccess");
            Access target;
            if (newAccess == Access.READ) {
                target = Access.READ;
            } else if (newAccess == access && access != Access.READ) {
                target = access;
            } else if (access == Access.READ) {
                throw Errors.readOnly("protect(" + newAccess + ")");
            } else {
                throw new IllegalArgumentException("newAccess must be READ or the access the map was opened with ("
                        + access + "), got " + newAccess);
            }
            if (target == protection) {
                return;
            }
            quiesceAtomics();
            try {
                Region r;
                try {
                    Region old = region;
                    r = Arenas.confined(owner != null, () -> old.protect(target));
                } catch (ResizeFailed e) {
                    install(e.restored());          // same protection as before, old views invalid
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e.getCause());
                }
                protection = target;
                install(r);
            } finally {
                replacing = false;
            }
        }
    }

    /**
     * Unmaps the memory and closes the file handle. Earlier views ({@link #segment()},
     * {@link #asCharSequence()}) throw IllegalStateException from now on; other threads racing
     * with close get IllegalStateException, never a crash. Closing twice is a no-op.
     *
     * <pre>{@code
     * MemoryMap m = MemoryMap.open(path, Access.READ);
     * try { ... } finally { m.close(); }
     * }</pre>
     */
    @Override
    public void close() {
        synchronized (osLock) {
            if (closed) {
                return;
            }
            checkOwner();
            Throwable failure = null;              // made only if something fails: no stack walk per close
            quiesceAtomics();
            try {
                try {
                    region.close();                // at once or not at all
                } catch (Arenas.InUse e) {
                    throw e;                       // a JDK I/O call holds the memory: nothing changed
                } catch (RuntimeException e) {
                    failure = e;                   // unmapped or not, the map is closed: report it
                }
                closed = true;
                segment = null;
                writableSegment = null;
            } finally {
                replacing = false;
            }
            tracker.closed();
            Handle h = handle;
            handle = null;
            if (h != null) {
                try {
                    h.close();
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure instanceof IOException io ? new UncheckedIOException(io)
                        : failure instanceof RuntimeException re ? re : new IllegalStateException(failure);
            }
        }
    }

    /**
     * Access, length, position, offset, backend, what is mapped, and whether it is closed.
     *
     * <pre>{@code
     * System.out.println(m);   // MemoryMap[backend=NATIVE, access=READ, length=4096, pos=0, offset=0, data.bin]
     * }</pre>
     */
    @Override
    public String toString() {
        MemorySegment s = segment;
        if (s == null) {
            return "MemoryMap[closed, backend=" + provider.backend() + ", access=" + access + ", " + description + "]";
        }
        return "MemoryMap[backend=" + provider.backend() + ", access=" + access + ", length=" + s.byteSize()
                + ", pos=" + position + ", offset=" + offset + ", " + description + "]";
    }

    // ------------------------------------------------------------------------------------------
    // The java.io and java.nio faces: this section only checks and hands them out; each lives in
    // its own file. Streams, the channel and lines() hold the map, not a segment: they follow
    // resizes and fail cleanly after close. ByteBuffer views hold memory, as segment() does.

    /**
     * An InputStream over the whole map, from byte 0 to the map's length at each read (it follows
     * {@link #resize}); it has its own position and never moves {@link #tell()}. See
     * {@link MapInputStream} for its contract.
     *
     * <pre>{@code
     * try (InputStream in = m.inputStream()) {
     *     Files.copy(in, Path.of("copy.bin"));
     * }
     * }</pre>
     *
     * @return a new stream at byte 0
     */
    public MapInputStream inputStream() {
        live();
        return new MapInputStream(this, 0, Long.MAX_VALUE);
    }

    /**
     * An InputStream over bytes {@code [from, to)} of the map (ends early if the map shrinks).
     *
     * <pre>{@code
     * var reader = new BufferedReader(new InputStreamReader(m.inputStream(0, 4096), StandardCharsets.UTF_8));
     * }</pre>
     *
     * @param from the first byte the stream reads
     * @param to   the end of the range (exclusive)
     * @return a new stream at {@code from}
     * @throws IndexOutOfBoundsException unless {@code 0 <= from <= to <= length()}
     */
    public MapInputStream inputStream(long from, long to) {
        MemorySegment s = live();
        checkWindow("inputStream range", from, to, s.byteSize());
        return new MapInputStream(this, from, to);
    }

    /**
     * An OutputStream that writes the map from byte 0 up to its length (it never grows the map);
     * it has its own position and never moves {@link #tell()}. See {@link MapOutputStream}.
     *
     * <pre>{@code
     * try (OutputStream out = m.outputStream()) {
     *     out.write("header".getBytes());
     * }
     * }</pre>
     *
     * @return a new stream at byte 0
     * @throws java.nio.ReadOnlyBufferException on a READ map
     */
    public MapOutputStream outputStream() {
        writable("outputStream");
        return new MapOutputStream(this, 0, Long.MAX_VALUE);
    }

    /**
     * An OutputStream that writes bytes {@code [from, to)} of the map and refuses to go further.
     *
     * <pre>{@code
     * try (OutputStream out = m.outputStream(128, 256)) {
     *     out.write(record);                   // at most 128 bytes, from byte 128
     * }
     * }</pre>
     *
     * @param from the first byte the stream writes
     * @param to   the end of the range (exclusive): the stream writes nothing there or beyond
     * @return a new stream at {@code from}
     * @throws java.nio.ReadOnlyBufferException on a READ map
     * @throws IndexOutOfBoundsException       unless {@code 0 <= from <= to <= length()}
     */
    public MapOutputStream outputStream(long from, long to) {
        MemorySegment s = writable("outputStream");
        checkWindow("outputStream range", from, to, s.byteSize());
        return new MapOutputStream(this, from, to);
    }

    /**
     * A SeekableByteChannel over the map, starting at position 0 with its own position; its size
     * is the map's length; read-only on a READ map. See {@link MapChannel} for its contract.
     *
     * <pre>{@code
     * try (SeekableByteChannel ch = m.channel()) {
     *     ch.position(16).read(ByteBuffer.allocate(8));
     * }
     * }</pre>
     *
     * @return a new channel at position 0, read-only if the map is
     */
    public MapChannel channel() {
        live();
        return new MapChannel(this, access != Access.READ);   // protect(READ) is checked at each write
    }

    /**
     * A ByteBuffer over bytes {@code [offset, offset + length)} of the map, without a copy;
     * read-only on a READ map. Like {@link #segment()} it holds the memory: after {@link #close()},
     * {@link #resize} or {@link #protect} access to it throws IllegalStateException. Its byte order
     * is BIG_ENDIAN, the ByteBuffer default; {@code .order(MemoryMap.byteOrder())} reads what
     * {@link #setInt} wrote. A JDK channel reading or writing the buffer holds the memory for that
     * call, as with {@code segment().asByteBuffer()}: a close, resize or protect racing the call
     * cannot unmap the memory while it runs.
     *
     * <pre>{@code
     * ByteBuffer header = m.asByteBuffer(0, 64);
     * int magic = header.getInt(0);                   // big-endian
     * fileChannel.write(m.asByteBuffer(4096, 8192));  // straight from the mapping
     * }</pre>
     *
     * @param offset the map's byte that is byte 0 of the buffer
     * @param length the buffer's capacity
     * @return a view of the range, position 0, limit and capacity {@code length}
     * @throws IndexOutOfBoundsException unless the range lies within the map
     * @throws IllegalArgumentException  if {@code length > Integer.MAX_VALUE - 8}, the most the JDK
     *                                   wraps (2 GiB less 8 bytes)
     */
    public ByteBuffer asByteBuffer(long offset, long length) {
        MemorySegment s = live();
        checkRange("asByteBuffer range", offset, length, s.byteSize());
        if (length > MAX_ARRAY) {                  // the JDK wraps no more than it allocates in a byte[]
            throw new IllegalArgumentException("length " + length + " is more than a ByteBuffer view holds ("
                    + MAX_ARRAY + "); use segment() or several smaller ranges");
        }
        return s.asSlice(offset, length).asByteBuffer();
    }

    /**
     * Reads up to {@code dst.remaining()} bytes from the position into {@code dst}, as
     * {@link #readInto(byte[], int, int)} does: returns how many were read, 0 at the end; the
     * position and {@code dst}'s position move past them.
     *
     * <pre>{@code
     * ByteBuffer buf = ByteBuffer.allocateDirect(4096);
     * while (m.readInto(buf.clear()) > 0) { buf.flip(); ... }
     * }</pre>
     *
     * @param dst where the bytes go, from its position up to its limit
     * @return how many bytes were read, 0 at the end
     * @throws IllegalArgumentException if {@code dst} is read-only
     */
    public int readInto(ByteBuffer dst) {
        MemorySegment s = live();
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst is a read-only buffer");
        }
        int n = (int) Math.min(dst.remaining(), Math.max(0, s.byteSize() - position));
        try {
            Faces.toBuffer(s, position, dst, n);   // dst's memory gone: says so
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);                        // the map's segment replaced: retry
            return readInto(dst);
        } catch (InternalError e) {
            throw fault(e);
        }
        position += n;
        return n;
    }

    /**
     * Writes all of {@code src.remaining()} bytes at the position, as {@link #write(byte[])}
     * does; the position and {@code src}'s position move past them.
     *
     * <pre>{@code
     * m.write(StandardCharsets.UTF_8.encode("hello\n"));
     * }</pre>
     *
     * @param src the bytes from its position up to its limit
     * @return how many bytes were written: all of them
     * @throws java.nio.ReadOnlyBufferException on a READ map
     * @throws java.nio.BufferOverflowException  if {@code src} does not fit before the end; nothing is
     *                                          written and neither position moves
     */
    public int write(ByteBuffer src) {
        MemorySegment s = writable("write");
        Objects.requireNonNull(src, "src");
        int len = src.remaining();
        checkFits(s, len);
        try {
            Faces.fromBuffer(src, s, position);    // src's memory gone: says so
        } catch (IllegalStateException | WrongThreadException e) {
            replaced(s, e);                        // the map's segment replaced: retry
            return write(src);
        } catch (InternalError e) {
            throw fault(e);
        }
        position += len;
        return len;
    }

    /**
     * The map's lines, from byte 0 to the end, each a byte[] ending in its {@code '\n'} as
     * {@link #readLine()} returns it (the last one may lack it; {@code "\r\n"} stays as it is),
     * so the lines put together are the map. It does not use or move {@link #tell()}; for the
     * cursor form, Python's {@code for line in iter(m.readline, b"")}, loop over
     * {@link #readLine()}. The stream is lazy: it reads each line when it is asked for, from the
     * map as it is then (it follows resizes); after {@link #close()} it throws
     * IllegalStateException "map is closed".
     *
     * <pre>{@code
     * long errors = m.lines().filter(l -> l.length > 0 && l[0] == 'E').count();
     * // the cursor form:
     * for (byte[] line = m.readLine(); line.length > 0; line = m.readLine()) { ... }
     * }</pre>
     *
     * @return the lines, from the first
     */
    public Stream<byte[]> lines() {
        live();
        return StreamSupport.stream(new MapLines(this), false);
    }

    /** What a face throws when the JDK refused its access from a thread other than a confined map's owner. */
    IllegalStateException confinedRefusal(WrongThreadException e) {
        Thread o = owner;
        if (o == null) {
            throw e;                               // not ours: a segment the caller confined
        }
        return Errors.confined(o, e);
    }

    /**
     * For the faces in this package: the live segment, checked as the map's own calls check it
     * (IllegalStateException "map is closed"; for a non-null {@code writeOperation} the writable
     * segment, else ReadOnlyBufferException naming it). With {@code afterFailure}, after an access
     * found an old segment invalid, it first waits for a resize or protect in flight.
     *
     * @param writeOperation null for a read, else the name of the write the map refuses when read-only
     * @param afterFailure   whether an access on the segment this returned before failed
     * @return the segment to access now
     */
    MemorySegment current(String writeOperation, boolean afterFailure) {
        if (afterFailure) {
            synchronized (osLock) {
                return current(writeOperation, false);
            }
        }
        return writeOperation == null ? live() : writable(writeOperation);
    }

    // ------------------------------------------------------------------------------------------
    // Checks

    private static void checkSlice(long from, long to, long size) {
        checkWindow("slice", from, to, size);
    }

    private static void checkWindow(String what, long from, long to, long size) {
        if (from < 0 || to < from || to > size) {
            throw Errors.range(what, from, to, size);
        }
    }

    private static void checkRange(String what, long start, long length, long size) {
        if (start < 0 || length < 0 || start > size || length > size - start) {
            throw new IndexOutOfBoundsException(what + " start " + start + ", length " + length
                    + " is out of range for length " + size);
        }
    }

    /** Also the java.io streams' check of {@code read(b, off, len)} and {@code write(b, off, len)}. */
    static void checkArrayRange(String array, int arrayLength, int off, int len) {
        if (off < 0 || len < 0 || off > arrayLength - len) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + " is out of range for " + array
                    + " of length " + arrayLength);
        }
    }

    private static void checkTyped(long index, int width, long size) {
        if (index < 0 || index > size - width) {
            throw new IndexOutOfBoundsException("index " + index + " with " + width + " bytes is out of range for length "
                    + size);
        }
    }

    private static long steppedCount(long from, long to, long step, long size) {
        if (step == 0) {
            throw new IllegalArgumentException("step must not be 0");
        }
        if (step > 0) {
            checkSlice(from, to, size);
            return from == to ? 0 : (to - from - 1) / step + 1;     // no overflow for any step
        }
        if (to < -1 || from < to || (from > to && from >= size)) {
            throw new IndexOutOfBoundsException("stepped slice [" + from + ", " + to + ", step " + step
                    + ") is out of range for length " + size + " (a negative step needs -1 <= to <= from < length)");
        }
        return from == to ? 0 : (to - from + 1) / step + 1;         // both negative: no -step to overflow
    }

    private void checkFits(MemorySegment s, int len) {
        if (position > s.byteSize() || len > s.byteSize() - position) {
            throw Errors.overflow("write", len, position, s.byteSize());
        }
    }

    private static byte[] newArray(long n) {
        if (n > MAX_ARRAY) {
            throw new IllegalArgumentException(n + " bytes do not fit in a byte[]; use segment() or a smaller slice");
        }
        return new byte[(int) n];
    }

    /** Below this many bytes, a copy out of the map runs as Java loads and stores, not as a copy stub. */
    private static final int SMALL_COPY = 64;

    /**
     * Copies {@code n} bytes from {@code s} at {@code from} into {@code dst[off..]}, all within
     * bounds; a fault becomes the map's. Short copies (the seed article's read(32)) go segment to
     * segment: the JDK copies fewer than 64 bytes so with unaligned long loads and stores, where a
     * copy into an array calls the copy stub whatever the length.
     */
    private void copyOut(MemorySegment s, long from, byte[] dst, int off, int n) {
        try {
            if (n < SMALL_COPY) {
                MemorySegment.copy(s, from, MemorySegment.ofArray(dst), off, n);
            } else {
                MemorySegment.copy(s, ValueLayout.JAVA_BYTE, from, dst, off, n);
            }
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    private void copyIn(MemorySegment s, long at, byte[] src, int off, int len) {
        try {
            MemorySegment.copy(src, off, s, ValueLayout.JAVA_BYTE, at, len);
        } catch (InternalError e) {
            throw fault(e);
        }
    }
}
