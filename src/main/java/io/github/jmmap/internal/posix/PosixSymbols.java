package io.github.jmmap.internal.posix;

import io.github.jmmap.Advice;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;

/**
 * What one POSIX OS contributes: the addresses and descriptors of its functions and the values of
 * its constants, all taken from that OS's jextract-generated class. The per-OS provider is only
 * this table; every call and every decision lives in {@link Posix} and {@link PosixProvider}.
 */
public final class PosixSymbols {

    /** A native function: where it is and its C signature, with the first variadic argument or -1. */
    public record Fn(MemorySegment address, FunctionDescriptor descriptor, int firstVariadicArg) {
        public static Fn of(MemorySegment address, FunctionDescriptor descriptor) {
            return new Fn(address, descriptor, -1);
        }

        public static Fn variadic(MemorySegment address, FunctionDescriptor descriptor, int firstVariadicArg) {
            return new Fn(address, descriptor, firstVariadicArg);
        }
    }

    static final Set<String> REQUIRED_FUNCTIONS = Set.of("mmap", "munmap", "msync", "madvise", "mprotect", "mlock",
            "munlock", "mincore", "ftruncate", "lseek", "open", "close", "dup", "shm_open", "shm_unlink",
            "sysconf", "strerror");
    static final Set<String> REQUIRED_CONSTANTS = Set.of("PROT_NONE", "PROT_READ", "PROT_WRITE", "MAP_SHARED",
            "MAP_PRIVATE", "MAP_ANONYMOUS", "MS_SYNC", "O_RDONLY", "O_RDWR", "O_CREAT", "O_EXCL", "O_CLOEXEC",
            "SEEK_END", "_SC_PAGESIZE", "S_IRUSR", "S_IWUSR", "ENOENT", "EEXIST", "EACCES", "EINTR", "EBADF",
            "EINVAL");

    final String os;
    final Map<String, Fn> functions;
    final Map<String, Integer> constants;
    final Map<Advice, Integer> advice;
    final Map<Integer, String> errnoNames;
    /** Where the OS shows open descriptors as paths (Linux: /proc/self/fd), or null. */
    final String descriptorDirectory;
    final ShmTraits shm;
    final StatLayout stat;        // null: sizes come from lseek

    private PosixSymbols(Builder b) {
        this.os = b.os;
        this.functions = Map.copyOf(b.functions);
        this.constants = Map.copyOf(b.constants);
        this.advice = new EnumMap<>(b.advice);
        this.errnoNames = Map.copyOf(b.errnoNames);
        this.descriptorDirectory = b.descriptorDirectory;
        this.shm = b.shm;
        this.stat = b.stat;
    }

    /**
     * How this OS's shm objects behave.
     *
     * <pre>{@code
     * boolean grows = !table.shmTraits().sizedOnce();
     * }</pre>
     */
    public ShmTraits shmTraits() {
        return shm;
    }

    /**
     * Where fstat puts st_size and st_mode, or null where sizes come from lseek.
     *
     * <pre>{@code
     * boolean byFstat = table.statLayout() != null;
     * }</pre>
     */
    public StatLayout statLayout() {
        return stat;
    }

    /**
     * The value of a constant, or null where the table has none.
     *
     * <pre>{@code
     * Integer nofollow = table.constantOrNull("O_NOFOLLOW");
     * }</pre>
     */
    public Integer constantOrNull(String name) {
        return constants.get(name);
    }

    public static Builder builder(String os) {
        return new Builder(os);
    }

    Fn fn(String name) {
        Fn f = functions.get(name);
        if (f == null) {
            throw new UnsupportedOperationException(name + " is not available on " + os);
        }
        return f;
    }

    boolean has(String name) {
        return functions.containsKey(name);
    }

    int constant(String name) {
        Integer v = constants.get(name);
        if (v == null) {
            throw new IllegalStateException("the " + os + " bindings lack " + name);
        }
        return v;
    }

    /** The constant's value, or 0 where the OS has no such flag. */
    int flagOrZero(String name) {
        return constants.getOrDefault(name, 0);
    }

    /** Builds the table; {@link #build()} checks that nothing required is missing. */
    public static final class Builder {
        private final String os;
        private final Map<String, Fn> functions = new HashMap<>();
        private final Map<String, Integer> constants = new HashMap<>();
        private final Map<Advice, Integer> advice = new EnumMap<>(Advice.class);
        private final Map<Integer, String> errnoNames = new HashMap<>();
        private String descriptorDirectory;
        private ShmTraits shm;
        private StatLayout stat;

        private Builder(String os) {
            this.os = os;
        }

        public Builder fn(String name, Fn fn) {
            functions.put(name, fn);
            return this;
        }

        /**
         * Drops a function from the table, as if the OS had none (a test runs macOS's no-mremap path on Linux).
         *
         * <pre>{@code
         * PosixSymbols noMremap = LinuxProvider.table().without("mremap").build();
         * }</pre>
         */
        public Builder without(String name) {
            functions.remove(name);
            return this;
        }

        public Builder constant(String name, int value) {
            constants.put(name, value);
            return this;
        }

        public Builder advice(Advice a, int value) {
            advice.put(a, value);
            return this;
        }

        /** An errno value with its name, for messages; also usable as a constant. */
        public Builder errno(String name, int value) {
            errnoNames.putIfAbsent(value, name);
            constants.put(name, value);
            return this;
        }

        /**
         * Every errno of a generated table ({@code LinuxErrno::forEach}, ...), as {@link #errno}
         * does for one: the first name given for a value names it in messages.
         *
         * <pre>{@code
         * PosixSymbols.builder("linux").errnos(LinuxErrno::forEach);
         * }</pre>
         */
        public Builder errnos(Consumer<ObjIntConsumer<String>> table) {
            table.accept(this::errno);
            return this;
        }

        /**
         * How this OS's shm_open objects behave (required).
         *
         * <pre>{@code
         * builder.shm(ShmTraits.SIZED_ONCE);
         * }</pre>
         */
        public Builder shm(ShmTraits traits) {
            this.shm = traits;
            return this;
        }

        /**
         * The directory where each open descriptor N is a path {@code N} whose stat is the open
         * file's (Linux's /proc/self/fd); open(fd) then refuses what is not a regular file.
         *
         * <pre>{@code
         * PosixSymbols.builder("linux").descriptorDirectory("/proc/self/fd");
         * }</pre>
         */
        public Builder descriptorDirectory(String directory) {
            this.descriptorDirectory = directory;
            return this;
        }

        /**
         * Take sizes from {@code fstat}'s st_size, not {@code lseek(fd, 0, SEEK_END)}: for an OS
         * whose lseek refuses some mappable descriptors (xnu: ESPIPE for shm objects).
         *
         * <pre>{@code
         * builder.fstat(Fn.of(fstat$address(), fstat$descriptor()), layout);
         * }</pre>
         */
        public Builder fstat(Fn fstat, StatLayout layout) {
            functions.put("fstat", fstat);
            this.stat = layout;
            return this;
        }

        public PosixSymbols build() {
            if (shm == null) {
                throw new IllegalStateException("the " + os + " symbol table lacks its ShmTraits");
            }
            for (String f : REQUIRED_FUNCTIONS) {
                if (!functions.containsKey(f)) {
                    throw new IllegalStateException("the " + os + " symbol table lacks function " + f);
                }
            }
            for (String c : REQUIRED_CONSTANTS) {
                if (!constants.containsKey(c)) {
                    throw new IllegalStateException("the " + os + " symbol table lacks constant " + c);
                }
            }
            return new PosixSymbols(this);
        }
    }
}
