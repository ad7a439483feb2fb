package io.github.jmmap;

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
 */
public record MapOptions(Access access, long offset, long length, String tagname,
                         CreatePolicy createPolicy, Backend backend, boolean trackFd,
                         boolean populate, boolean hugePages) {

    /** The defaults: {@code DEFAULT} access, offset 0, length 0 (whole file), AUTO backend. */
    public static final MapOptions DEFAULTS = builder().build();

    /**
     * Checks the options one by one; see {@link Builder} for each rule.
     *
     * <pre>{@code
     * new MapOptions(Access.READ, 0, 0, null, CreatePolicy.OPEN_OR_CREATE, Backend.AUTO, true, false, false)
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
         * Prefault the pages when mapping.
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
                    populate, hugePages);
        }
    }
}
