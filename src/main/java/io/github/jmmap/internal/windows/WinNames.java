package io.github.jmmap.internal.windows;

/**
 * The rules for Windows tagnames (kernel object names), kept free of native code so that they are
 * tested on every OS. A name may start with the {@code Local\} or {@code Global\} namespace prefix,
 * which passes through to Windows unchanged; the rest is any text without a backslash or NUL
 * (Windows itself allows '/', '.' and ".."). The whole name is limited to MAX_PATH characters.
 */
final class WinNames {
    /** MAX_PATH: the longest object name CreateFileMappingW accepts, in UTF-16 characters. */
    static final int MAX_PATH = 260;

    private static final String[] PREFIXES = {"Local\\", "Global\\"};

    private WinNames() {
    }

    /** Checks a tagname, throwing IllegalArgumentException (NullPointerException for null) naming it. */
    static void check(String tagname) {
        if (tagname == null) {
            throw new NullPointerException("tagname");
        }
        if (tagname.isEmpty()) {
            throw new IllegalArgumentException("tagname must not be empty");
        }
        if (tagname.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("tagname must not contain a NUL character");
        }
        io.github.jmmap.internal.Tagnames.checkUnicode(tagname);
        if (tagname.length() > MAX_PATH) {
            throw new IllegalArgumentException("tagname is " + tagname.length() + " characters long; windows allows at"
                    + " most " + MAX_PATH + ": \"" + tagname + "\"");
        }
        String rest = tagname.substring(prefixLength(tagname));
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("tagname must not be a namespace prefix alone: \"" + tagname + "\"");
        }
        if (rest.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("tagname must not contain a backslash other than in a Local\\ or"
                    + " Global\\ prefix: \"" + tagname + "\"");
        }
    }

    /** The length of the Local\ or Global\ prefix the name starts with (matched as Windows does, ignoring case), or 0. */
    static int prefixLength(String tagname) {
        for (String p : PREFIXES) {
            if (tagname.regionMatches(true, 0, p, 0, p.length())) {
                return p.length();
            }
        }
        return 0;
    }
}
