package io.github.jmmap;

import io.github.jmmap.internal.VmaNames;

import java.util.Objects;
import java.util.Optional;

/**
 * The options of a map: access, offset, length, tagname, backend and the rest; immutable, built
 * with {@link #builder()}. Every option has Python's default.
 *
 * <pre>{@code
 * MapOptions o = MapOptions.builder()
 *         .access(Access.WRITE)
 *         .offset(1 << 20)          // need not be page aligned
 *         .length(4096)             // 0 = to the end of the file
 *         .build();
 * try (MemoryMap m = MemoryMap.open(path, o)) { ... }
 * }</pre>
 *
 * @param access        how the map may be used; default {@link Access#DEFAULT}
 * @param offset        where in the file the map starts; any value {@code >= 0} (jmmap aligns it
 *                      internally, unlike Python); default 0
 * @param length        how many bytes to map; 0 maps from {@code offset} to the end of the file
 * @param tagname       the name of a named map (Windows tagname; POSIX {@code shm_open} name),
 *                      or {@code null}
 * @param createPolicy  whether a named map is created, opened, or either; default
 *                      {@link CreatePolicy#OPEN_OR_CREATE}
 * @param backend       which backend maps; default {@link Backend#AUTO}
 * @param trackFd       whether the map keeps its file handle (Python's {@code trackfd}); without
 *                      one, {@link MemoryMap#size()} and {@link MemoryMap#resize(long)} refuse
 * @param populate      prefault the pages at map time ({@code MAP_POPULATE}; the JAVA backend loads them)
 * @param hugePages     ask for huge pages where the OS offers them (NATIVE only; a hint elsewhere)
 * @param preallocate   when the map extends a file or named map, reserve the new blocks at once, so a
 *                      full file system is an IOException at open instead of a fault on first touch
 *                      (see {@link Builder#preallocate(boolean)}); default false (the extension is sparse)
 * @param noReserve     reserve no swap space for the map ({@code MAP_NORESERVE}, NATIVE on Linux;
 *                      a documented no-op elsewhere), see {@link Builder#noReserve(boolean)}
 * @param name          the name of an anonymous map in Linux's {@code /proc/<pid>/maps}, or
 *                      {@code null}, see {@link Builder#name(String)}
 * @param confined      whether the map's memory belongs to a confined Arena of the opening thread,
 *                      see {@link Builder#confined(boolean)}; default false (a shared Arena)
 */
public record MapOptions(Access access, long offset, long length, String tagname,
                         CreatePolicy createPolicy, Backend backend, boolean trackFd,
                         boolean populate, boolean hugePages, boolean preallocate, boolean noReserve,
                         String name, boolean confined) {

    /** The defaults: {@code DEFAULT} access, offset 0, length 0 (whole file), AUTO backend. */
    public static final MapOptions DEFAULTS = builder().build();

    /**
     * Checks the options one by one; see {@link Builder} for each rule.
     *
     * <pre>{@code
     * new MapOptions(Access.READ, 0, 0, null, CreatePolicy.OPEN_OR_CREATE, Backend.AUTO, true, false, false, false,
     *         false, null, false)
     * }</pre>
     */
    public MapOptions {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(createPolicy, "createPolicy");
        Objects.requireNonNull(backend, "backend");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        if (name != null) {
            VmaNames.check(name);
        }
    }

    /**
     * The options without {@code confined} (false: a shared Arena), as before it existed.
     *
     * <pre>{@code
     * new MapOptions(Access.READ, 0, 0, null, CreatePolicy.OPEN_OR_CREATE, Backend.AUTO, true, false, false, false,
     *         false, null)
     * }</pre>
     *
     * @param access       how the map may be used
     * @param offset       the byte of the file that becomes the map's byte 0
     * @param length       the number of bytes to map; 0 to the end of the file
     * @param tagname      the name of a named map, or {@code null}
     * @param createPolicy whether a named map is created, opened, or either
     * @param backend      which backend maps
     * @param trackFd      whether the map keeps its file handle
     * @param populate     prefault the pages at map time
     * @param hugePages    ask for huge pages where the OS offers them
     * @param preallocate  reserve the blocks of an extension at open
     * @param noReserve    reserve no swap space for the map
     * @param name         the name of an anonymous map in Linux's {@code /proc/<pid>/maps}, or {@code null}
     */
    public MapOptions(Access access, long offset, long length, String tagname, CreatePolicy createPolicy,
                      Backend backend, boolean trackFd, boolean populate, boolean hugePages, boolean preallocate,
                      boolean noReserve, String name) {
        this(access, offset, length, tagname, createPolicy, backend, trackFd, populate, hugePages, preallocate,
                noReserve, name, false);
    }

    /**
     * The options without {@code preallocate}, {@code noReserve} (both false) and {@code name}
     * (none), as before they existed.
     *
     * <pre>{@code
     * new MapOptions(Access.READ, 0, 0, null, CreatePolicy.OPEN_OR_CREATE, Backend.AUTO, true, false, false)
     * }</pre>
     *
     * @param access how the map may be used
     * @param offset the byte of the file that becomes the map's byte 0
     * @param length the number of bytes to map; 0 to the end of the file
     * @param tagname the name of a named map, or {@code null}
     * @param createPolicy what to do about a name that does or does not exist
     * @param backend AUTO, NATIVE or JAVA
     * @param trackFd {@code false} to close the file once mapped
     * @param populate {@code true} to load every page when the map is made
     * @param hugePages {@code true} to ask for huge pages
     */
    public MapOptions(Access access, long offset, long length, String tagname, CreatePolicy createPolicy,
                      Backend backend, boolean trackFd, boolean populate, boolean hugePages) {
        this(access, offset, length, tagname, createPolicy, backend, trackFd, populate, hugePages, false, false, null);
    }

    /**
     * A builder with Python's defaults.
     *
     * <pre>{@code
     * MapOptions o = MapOptions.builder().access(Access.READ).build();
     * }</pre>
     *
     * @return a new builder with every default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these options, to change some of them.
     *
     * <pre>{@code
     * MapOptions copy = options.toBuilder().access(Access.COPY).build();
     * }</pre>
     *
     * @return a new builder holding these options
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.access = access;
        b.offset = offset;
        b.length = length;
        b.tagname = tagname;
        b.createPolicy = createPolicy;
        b.backend = backend;
        b.trackFd = trackFd;
        b.populate = populate;
        b.hugePages = hugePages;
        b.preallocate = preallocate;
        b.noReserve = noReserve;
        b.name = name;
        b.confined = confined;
        return b;
    }

    /**
     * The tagname, if any.
     *
     * <pre>{@code
     * String shown = options.tagnameOptional().orElse("(none)");
     * }</pre>
     *
     * @return the tagname, or empty for none
     */
    public Optional<String> tagnameOptional() {
        return Optional.ofNullable(tagname);
    }

    /**
     * Builds {@link MapOptions}; each setter checks its own argument at once and names it in the
     * exception.
     *
     * <pre>{@code
     * MapOptions o = MapOptions.builder().access(Access.READ).backend(Backend.JAVA).build();
     * }</pre>
     */
    public static final class Builder {
        private Access access = Access.DEFAULT;
        private long offset;
        private long length;
        private String tagname;
        private CreatePolicy createPolicy = CreatePolicy.OPEN_OR_CREATE;
        private Backend backend = Backend.AUTO;
        private boolean trackFd = true;
        private boolean populate;
        private boolean hugePages;
        private boolean preallocate;
        private boolean noReserve;
        private String name;
        private boolean confined;

        private Builder() {
        }

        /**
         * How the map may be used.
         *
         * <pre>{@code
         * MapOptions.builder().access(Access.COPY)
         * }</pre>
         *
         * @param access READ, WRITE, COPY or DEFAULT
         * @return this builder
         */
        public Builder access(Access access) {
            this.access = Objects.requireNonNull(access, "access");
            return this;
        }

        /**
         * Where the map starts in the file; {@code >= 0}, need not be aligned.
         *
         * <pre>{@code
         * MapOptions.builder().offset(1000)   // byte 1000 of the file is m.get(0)
         * }</pre>
         *
         * @param offset the byte of the file that becomes the map's byte 0, {@code >= 0}
         * @return this builder
         */
        public Builder offset(long offset) {
            if (offset < 0) {
                throw new IllegalArgumentException("offset must be >= 0, got " + offset);
            }
            this.offset = offset;
            return this;
        }

        /**
         * How many bytes to map, {@code >= 0}; 0 maps to the end of the file.
         *
         * <pre>{@code
         * MapOptions.builder().length(4096)
         * }</pre>
         *
         * @param length the number of bytes to map, {@code >= 0}; 0 maps to the end of the file
         * @return this builder
         */
        public Builder length(long length) {
            if (length < 0) {
                throw new IllegalArgumentException("length must be >= 0, got " + length);
            }
            this.length = length;
            return this;
        }

        /**
         * Names the map so that other processes open the same memory by this name, or
         * {@code null} for none. Checked when the map is opened, against the platform's rules.
         *
         * <pre>{@code
         * MapOptions.builder().tagname("jobs")
         * }</pre>
         *
         * @param tagname the name, or {@code null} for none
         * @return this builder
         */
        public Builder tagname(String tagname) {
            this.tagname = tagname;
            return this;
        }

        /**
         * Whether a named map is created, opened, or either.
         *
         * <pre>{@code
         * MapOptions.builder().tagname("jobs").createPolicy(CreatePolicy.CREATE_NEW)
         * }</pre>
         *
         * @param createPolicy CREATE_NEW, OPEN_EXISTING or OPEN_OR_CREATE
         * @return this builder
         */
        public Builder createPolicy(CreatePolicy createPolicy) {
            this.createPolicy = Objects.requireNonNull(createPolicy, "createPolicy");
            return this;
        }

        /**
         * Which backend maps.
         *
         * <pre>{@code
         * MapOptions.builder().backend(Backend.JAVA)
         * }</pre>
         *
         * @param backend AUTO, NATIVE or JAVA
         * @return this builder
         */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /**
         * Whether the map keeps its file handle (Python's {@code trackfd}); default true.
         *
         * <pre>{@code
         * MapOptions.builder().trackFd(false)   // no descriptor kept; size() and resize() refuse
         * }</pre>
         *
         * @param trackFd {@code false} to close the file as soon as it is mapped
         * @return this builder
         */
        public Builder trackFd(boolean trackFd) {
            this.trackFd = trackFd;
            return this;
        }

        /**
         * Prefault the pages when mapping. Anonymous and named memory can only live in RAM (or
         * swap), so on Linux a populate of more than {@code MemAvailable} (/proc/meminfo) is refused
         * with an IOException before anything is mapped, rather than waking the OOM killer; the
         * JAVA backend, which populates by touching every page, reports a page its store cannot
         * hold as an IOException at open.
         *
         * <pre>{@code
         * MapOptions.builder().populate(true)   // no page faults on first touch
         * }</pre>
         *
         * @param populate {@code true} to load every page when the map is made
         * @return this builder
         */
        public Builder populate(boolean populate) {
            this.populate = populate;
            return this;
        }

        /**
         * Ask for huge pages where the OS offers them.
         *
         * <pre>{@code
         * MemoryMap.anonymous(1L << 30, MapOptions.builder().hugePages(true).build())
         * }</pre>
         *
         * @param hugePages {@code true} to ask for huge pages
         * @return this builder
         */
        public Builder hugePages(boolean hugePages) {
            this.hugePages = hugePages;
            return this;
        }

        /**
         * When the map makes a file or named map longer, reserve the blocks of the extension at
         * once, so that a file system too full to hold it fails the open with an IOException
         * ("No space left on device") instead of faulting when a page is first touched. Without it
         * the extension is sparse, as in Python. How: {@code posix_fallocate} on Linux (tmpfs, so
         * /dev/shm, included); {@code fcntl(F_PREALLOCATE)} then {@code ftruncate} on macOS; on
         * Windows extending a file allocates its clusters anyway (for a file that is not sparse);
         * the JAVA backend writes zeros over the extension. It applies where the open extends;
         * {@link MemoryMap#resize(long)} does not preallocate.
         *
         * <pre>{@code
         * MapOptions o = MapOptions.builder().access(Access.WRITE).length(1L << 30).preallocate(true).build();
         * try (MemoryMap m = MemoryMap.open(path, o)) { ... }   // 1 GiB reserved, or an IOException now
         * }</pre>
         *
         * @param preallocate {@code true} to reserve the file's blocks when the map extends it
         * @return this builder
         */
        public Builder preallocate(boolean preallocate) {
            this.preallocate = preallocate;
            return this;
        }

        /**
         * Reserve no swap space for the map (memmap2's {@code no_reserve_swap}): NATIVE on Linux
         * maps with {@code MAP_NORESERVE}, so an anonymous or COPY map may be larger than RAM
         * plus swap, and a write to a page the kernel then cannot back kills the process with
         * SIGSEGV (or the OOM killer strikes) instead of the map failing up front: an opt-in
         * for sparse use. The kernel honours it in {@code vm.overcommit_memory} modes 0 and 1
         * and ignores it in mode 2 (strict accounting). Shared file maps reserve no swap anyway.
         * A no-op elsewhere: macOS accepts MAP_NORESERVE and ignores it; Windows commits a
         * pagefile-backed map whole at creation; the JAVA backend passes no flags to the OS:
         * its shared anonymous map is a sparse file in {@code /dev/shm} (tmpfs) that reserves
         * nothing anyway, while its COPY maps ({@code MapMode.PRIVATE}) reserve swap as usual,
         * so one larger than RAM plus swap fails with IOException ("Map failed"). Default false.
         *
         * <pre>{@code
         * // a sparse 1 TiB table: only the touched pages cost memory
         * MemoryMap.anonymous(1L << 40, MapOptions.builder().noReserve(true).access(Access.COPY).build())
         * }</pre>
         *
         * @param noReserve {@code true} to map without reserving swap ({@code MAP_NORESERVE}, Linux)
         * @return this builder
         */
        public Builder noReserve(boolean noReserve) {
            this.noReserve = noReserve;
            return this;
        }

        /**
         * Names an anonymous map when it is created, as {@link MemoryMap#setName(String)} does
         * afterwards: Linux shows {@code [anon:NAME]} (private, {@link Access#COPY}) or
         * {@code [anon_shmem:NAME]} (shared) in {@code /proc/<pid>/maps}. This is the Linux
         * tooling name of the memory, not a {@linkplain #tagname(String) tagname}: no other
         * process can open the memory by it. {@code null} (the default) for none. Checked at
         * once: at most 79 characters of printable ASCII without {@code \ ` $ [ ]}
         * (IllegalArgumentException naming {@code name}); where the OS, kernel or backend cannot
         * name memory, or for a file or tagname map, opening the map throws
         * UnsupportedOperationException and maps nothing.
         *
         * <pre>{@code
         * MemoryMap.anonymous(1 << 20, MapOptions.builder().name("jobs-cache").build())
         * }</pre>
         *
         * @param name the name, or {@code null} for none
         * @return this builder
         */
        public Builder name(String name) {
            if (name != null) {
                VmaNames.check(name);
            }
            this.name = name;
            return this;
        }

        /**
         * Gives the map's memory a confined {@link java.lang.foreign.Arena} owned by the thread
         * that opens the map, instead of a shared one. Only that thread may then use the map: a
         * call from another thread (an access, a face, {@link MemoryMap#segment()},
         * {@link MemoryMap#close()}, resize, protect, flush, madvise) throws
         * IllegalStateException naming both threads and changes nothing, and the JDK's own
         * WrongThreadException comes from a segment taken on the owner and used elsewhere. In
         * exchange {@link MemoryMap#close()} needs no handshake with the other threads of the JVM
         * (closing a shared Arena deoptimizes the running frames of every thread, JDK-8335480), so
         * maps opened and closed at a high rate next to busy threads cost them nothing. If the
         * owner thread ends before closing the map, nobody can close it: it is released as a
         * dropped map. Default false.
         *
         * <pre>{@code
         * try (MemoryMap m = MemoryMap.open(path, MapOptions.builder().access(Access.READ).confined(true).build())) {
         *     long first = m.getLong(0);    // this thread only
         * }
         * }</pre>
         *
         * @param confined whether only the opening thread may use the map
         * @return this builder
         */
        public Builder confined(boolean confined) {
            this.confined = confined;
            return this;
        }

        /**
         * The options.
         *
         * <pre>{@code
         * MapOptions o = MapOptions.builder().access(Access.WRITE).length(1 << 20).build();
         * }</pre>
         *
         * @return the options
         */
        public MapOptions build() {
            return new MapOptions(access, offset, length, tagname, createPolicy, backend, trackFd,
                    populate, hugePages, preallocate, noReserve, name, confined);
        }
    }
}
