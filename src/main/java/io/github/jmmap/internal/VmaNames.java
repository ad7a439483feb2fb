package io.github.jmmap.internal;

/**
 * The rules for the name of anonymous memory ({@code MemoryMap.setName}, {@code MapOptions.name}),
 * Linux's rules for {@code prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME)} (kernel/sys.c): at most
 * {@link #MAX_LENGTH} bytes (ANON_VMA_NAME_MAX_LEN 80 with the NUL), printable ASCII except
 * {@code \ ` $ [ ]}. Checked the same on every OS and backend, so that a name refused on Linux is
 * refused everywhere. jmmap adds no prefix (CPython adds {@code "cpython:mmap:"}, leaving 66 bytes).
 */
public final class VmaNames {
    /** The longest name: the kernel copies at most 80 bytes, the NUL included. */
    public static final int MAX_LENGTH = 79;
    private static final String FORBIDDEN = "\\`$[]";

    private VmaNames() {
    }

    /** Checks a non-null name, throwing IllegalArgumentException that names the {@code name} argument. */
    public static void check(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty (null removes a name)");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("name must have at most " + MAX_LENGTH
                    + " characters (Linux's limit of 80 bytes with the NUL), got " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e || FORBIDDEN.indexOf(c) >= 0) {
                throw new IllegalArgumentException("name must be printable ASCII without \\ ` $ [ ] (Linux's rule),"
                        + " got " + String.format("U+%04X", (int) c) + " at index " + i);
            }
        }
    }
}
