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
        checkUnicode(tagname);
        if (tagname.equals(".") || tagname.equals("..")) {
            throw new IllegalArgumentException("tagname must not be \"" + tagname + "\"");
        }
        int bytes = tagname.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > maxLength) {
            throw new IllegalArgumentException("tagname is " + bytes + " bytes long; " + os
                    + " allows at most " + maxLength + ": \"" + tagname + "\"");
        }
    }

    /**
     * Refuses a tagname with a lone surrogate (a UTF-16 half without its other half): it has no
     * UTF-8 form (POSIX would get '?', the JAVA backend's path an InvalidPathException) and is no
     * valid Unicode for Windows either. Every provider's check calls this.
     */
    public static void checkUnicode(String tagname) {
        for (int i = 0; i < tagname.length(); i++) {
            char c = tagname.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < tagname.length()
                    && Character.isLowSurrogate(tagname.charAt(i + 1))) {
                i++;                                  // a pair: one valid character
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("tagname must not contain a lone surrogate (U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at index " + i
                        + "): it is not valid Unicode");
            }
        }
    }

    /** What every backend throws when a named map to be opened does not exist. */
    public static java.nio.file.NoSuchFileException noSuchName(String tagname, io.github.jmmap.CreatePolicy policy) {
        return new java.nio.file.NoSuchFileException(tagname, null, "no named map by this tagname exists (" + policy + ")");
    }

    /** What every backend throws when CREATE_NEW meets an existing name. */
    public static java.nio.file.FileAlreadyExistsException alreadyExists(String tagname) {
        return new java.nio.file.FileAlreadyExistsException(tagname, null,
                "a named map by this tagname exists already (CREATE_NEW)");
    }

    /** Checks that a path names a regular file, before it is opened for mapping. */
    public static void requireRegularFile(java.nio.file.Path path) throws java.io.IOException {
        var attrs = java.nio.file.Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
        if (!attrs.isRegularFile()) {
            throw new java.io.IOException("cannot map " + path + ": not a regular file");
        }
    }

    /**
     * Checks what an open found under a name before it is used: a regular file, not reached
     * through a symbolic link, owned by this process's user and private to them (no group or
     * other permission bits). Shared by every POSIX backend, so the refusal reads the same.
     *
     * <pre>{@code
     * Tagnames.checkFound("jobs", false, true, 1000, 1000, 0100600);   // a regular 0600 file of uid 1000: fine
     * }</pre>
     *
     * @throws java.nio.file.AccessDeniedException naming the tagname and what is wrong
     */
    public static void checkFound(String tagname, boolean symbolicLink, boolean regularFile, int ownerUid,
                                  int processUid, int mode) throws java.nio.file.AccessDeniedException {
        if (symbolicLink) {
            throw refused(tagname, "the named object is a symbolic link; named maps never follow one");
        }
        if (!regularFile) {
            throw refused(tagname, "the named object is not a regular file");
        }
        if (ownerUid != processUid) {
            throw refused(tagname, "the named object belongs to uid " + Integer.toUnsignedString(ownerUid)
                    + ", not to this process's uid " + Integer.toUnsignedString(processUid));
        }
        if ((mode & 077) != 0) {
            throw refused(tagname, String.format("the named object has mode %04o; a named map must be private"
                    + " to its owner (0600)", mode & 07777));
        }
    }

    /**
     * {@link #checkFound} for what a path in a directory of names holds, read without following a
     * link; a name that does not exist throws NoSuchFileException.
     *
     * <pre>{@code
     * Tagnames.checkPath(Path.of("/dev/shm/jobs"), "jobs", uid);
     * }</pre>
     */
    public static void checkPath(java.nio.file.Path path, String tagname, int processUid) throws java.io.IOException {
        java.nio.file.LinkOption noFollow = java.nio.file.LinkOption.NOFOLLOW_LINKS;
        var a = java.nio.file.Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, noFollow);
        int mode = (Integer) java.nio.file.Files.getAttribute(path, "unix:mode", noFollow);
        int uid = (Integer) java.nio.file.Files.getAttribute(path, "unix:uid", noFollow);
        checkFound(tagname, a.isSymbolicLink(), a.isRegularFile(), uid, processUid, mode);
    }

    private static java.nio.file.AccessDeniedException refused(String tagname, String why) {
        return new java.nio.file.AccessDeniedException(tagname, null, why);
    }
}
