package io.github.jmmap.internal.windows;

import java.io.IOException;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * What jmmap decides about an existing mapping object (a section), kept free of native code so
 * that it is tested on every OS: how many bytes a view of it may cover, and whether an object found
 * under a file map's tagname can stand for that file.
 *
 * <p>The size comes from {@code NtQuerySection(SectionBasicInformation)}'s MaximumSize, the exact
 * size (100 for a section of a 100-byte file; VirtualQuery's RegionSize would say 4096, and the
 * bytes past 100 would never reach the file). An object made with {@code SEC_RESERVE} (as .NET's
 * {@code MemoryMappedFileOptions.DelayAllocatePages} does) may have reserved pages that nobody
 * committed: touching one is an access violation the JVM does not turn into an exception, so a view
 * never reaches past the committed pages at its start, measured with VirtualQuery. Without
 * SECTION_QUERY access (an object whose owner does not grant it) the committed pages are all there
 * is to go by.
 *
 * <pre>{@code
 * long usable = WinSections.usable(new WinSections.Info(100, WinSections.SEC_FILE), WinSections.UNKNOWN, "t");
 * // 100
 * }</pre>
 */
final class WinSections {
    /** winnt.h: AllocationAttributes of a section backed by a file. */
    static final int SEC_FILE = 0x0080_0000;
    /** winnt.h: AllocationAttributes of a section whose pages are reserved until committed. */
    static final int SEC_RESERVE = 0x0400_0000;
    /** winnt.h: the access right NtQuerySection needs. */
    static final int SECTION_QUERY = 0x0001;
    /** SECTION_INFORMATION_CLASS SectionBasicInformation. */
    static final int SECTION_BASIC_INFORMATION = 0;
    /** OBJECT_INFORMATION_CLASS ObjectBasicInformation. */
    static final int OBJECT_BASIC_INFORMATION = 0;
    /** A size not measured. */
    static final long UNKNOWN = -1;

    private WinSections() {
    }

    /**
     * What NtQuerySection says about a section.
     *
     * @param maximumSize the exact size in bytes
     * @param attributes  the SEC_ flags it was made with
     */
    record Info(long maximumSize, int attributes) {
        boolean fileBacked() {
            return (attributes & SEC_FILE) != 0;
        }

        boolean reserved() {
            return (attributes & SEC_RESERVE) != 0;
        }
    }

    /** Whether the committed pages at the start of a view must be measured before the object is sized. */
    static boolean needsCommitCheck(Info info) {
        return info == null || (info.reserved() && !info.fileBacked());
    }

    /**
     * The bytes a view of the object may cover: the exact size, capped by the committed pages
     * (when measured); never more than the object holds.
     *
     * @param info      NtQuerySection's answer, or null if it could not be asked
     * @param committed the committed bytes at the start of a view, or {@link #UNKNOWN}
     * @param what      the object, for the message
     * @throws IOException if nothing at its start is committed, or nothing is known
     */
    static long usable(Info info, long committed, String what) throws IOException {
        long size;
        if (info == null) {
            size = committed;
        } else {
            size = committed == UNKNOWN ? info.maximumSize() : Math.min(info.maximumSize(), committed);
        }
        if (size <= 0) {
            throw new IOException("cannot map " + what + ": its first page is reserved, not committed (an object"
                    + " created with SEC_RESERVE), and touching it would crash the process");
        }
        return size;
    }

    /**
     * The committed bytes from {@code base}: VirtualQuery's regions, walked while they are
     * committed and part of the same view. {@code query} answers {AllocationBase, State,
     * RegionSize} at an address, or null if VirtualQuery failed.
     */
    static long committedPrefix(long base, int memCommit, LongFunction<long[]> query) {
        long total = 0;
        for (int regions = 0; regions < 1_000_000; regions++) {
            long[] r = query.apply(base + total);
            if (r == null || r[0] != base || (int) r[1] != memCommit || r[2] <= 0) {
                break;
            }
            total += r[2];
        }
        return total;
    }

    /**
     * Why an object that exists already under a file map's tagname is too small for the map, or
     * null if it is big enough (MapViewOfFile's own error would not name the tagname).
     *
     * @param tagname the tagname
     * @param size    the object's size (as {@link #usable} gives it)
     * @param needed  offset + length of the map
     * @param path    the map's file as the caller named it
     */
    static String tooSmall(String tagname, long size, long needed, String path) {
        return size >= needed ? null : "tagname \"" + tagname + "\" names an existing mapping object of " + size
                + " bytes; mapping " + path + " needs offset + length = " + needed + " bytes";
    }

    /**
     * Why an object that exists already under a file map's tagname is not that file's, or null if
     * it is: its view would show other memory while flush() wrote this file.
     *
     * @param tagname    the tagname
     * @param mappedName GetMappedFileNameW's NT name of the object's file, or null if it has none
     * @param fileName   GetFinalPathNameByHandleW's NT name of the map's file
     * @param path       the map's file as the caller named it
     */
    static String otherBacking(String tagname, String mappedName, String fileName, String path) {
        String named = "tagname \"" + tagname + "\" names an existing mapping object";
        if (mappedName == null) {
            return named + " that is not backed by a file (pagefile memory), not one of " + path;
        }
        return sameFile(mappedName, fileName) ? null
                : named + " of another file (" + mappedName + "), not of " + path + " (" + fileName + ")";
    }

    /** NT file names compared as NTFS does by default: ignoring case. */
    static boolean sameFile(String a, String b) {
        return a != null && b != null && a.toUpperCase(Locale.ROOT).equals(b.toUpperCase(Locale.ROOT));
    }

    /**
     * Whether handles other than jmmap's own ({@code own}) hold the object: then Windows keeps its
     * size, and a resize cannot succeed. {@code handleCount} is NtQueryObject's HandleCount, or
     * negative if unknown (then the caller must find out another way).
     */
    static boolean heldElsewhere(long handleCount, int own) {
        return handleCount > own;
    }
}
