package io.github.jmmap.internal.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * The path string CreateFileW gets, kept free of native code so that it is tested on every OS. A
 * long path needs the {@code \\?\} prefix, which also turns off Win32's path parsing: "." and ".."
 * are then names, not steps. So, as the JDK's {@code WindowsPath.getPathForWin32Calls} does, a long
 * path is normalized first (lexically, as Win32 itself would: {@code a\link\..\b} is {@code a\b}).
 */
final class WinPaths {
    /** The longest path CreateFileW takes without the \\?\ prefix, less room for a file name. */
    static final int SHORT_PATH = 240;
    private static final String LONG = "\\\\?\\";
    private static final String LONG_UNC = "\\\\?\\UNC\\";

    private WinPaths() {
    }

    /** An absolute path as CreateFileW should get it: short ones as they are, long ones normalized and prefixed. */
    static String forWin32(String absolute) {
        if (absolute.length() < SHORT_PATH || absolute.startsWith(LONG)) {
            return absolute;
        }
        if (absolute.startsWith("\\\\")) {
            // \\server\share\rest: the root is server\share
            int server = absolute.indexOf('\\', 2);
            int share = server < 0 ? -1 : absolute.indexOf('\\', server + 1);
            String root = share < 0 ? absolute.substring(2) : absolute.substring(2, share);
            String rest = share < 0 ? "" : normalized(absolute.substring(share + 1));
            return LONG_UNC + root + (rest.isEmpty() ? "" : "\\" + rest);
        }
        // C:\rest
        String root = absolute.substring(0, Math.min(3, absolute.length()));
        return LONG + root + normalized(absolute.substring(root.length()));
    }

    /** The part after the root with empty, "." and ".." names resolved; ".." at the root stays at the root. */
    static String normalized(String rest) {
        List<String> names = new ArrayList<>();
        for (String name : rest.split("\\\\")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!names.isEmpty()) {
                    names.remove(names.size() - 1);
                }
                continue;
            }
            names.add(name);
        }
        return String.join("\\", names);
    }

    /**
     * A path CreateFileW opens an NT name by ({@code \Device\HarddiskVolume3\x.bin}, as
     * GetMappedFileNameW gives it): the {@code \\?\GLOBALROOT} prefix reaches the NT namespace.
     */
    static String globalRoot(String ntName) {
        return "\\\\?\\GLOBALROOT" + ntName;
    }
}
