package io.github.jmmap.internal;

/** The rules for POSIX shared-memory names, shared by every POSIX provider. */
public final class Tagnames {
    private Tagnames() {
    }

    /**
     * Checks a POSIX tagname: 1 to {@code maxLength} characters, none of them '/' or NUL, not
     * "." or "..". jmmap adds the leading '/' that {@code shm_open} wants.
     */
    public static void checkPosix(String tagname, int maxLength, String os) {
        if (tagname == null) {
            throw new NullPointerException("tagname");
        }
        if (tagname.isEmpty()) {
            throw new IllegalArgumentException("tagname must not be empty");
        }
        if (tagname.indexOf('/') >= 0 || tagname.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("tagname must not contain a path separator: \"" + tagname + "\"");
        }
        if (tagname.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("tagname must not contain a NUL character");
        }
        if (tagname.equals(".") || tagname.equals("..")) {
            throw new IllegalArgumentException("tagname must not be \"" + tagname + "\"");
        }
        int bytes = tagname.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > maxLength) {
            throw new IllegalArgumentException("tagname is " + bytes + " bytes long; " + os
                    + " allows at most " + maxLength + ": \"" + tagname + "\"");
        }
    }
}
