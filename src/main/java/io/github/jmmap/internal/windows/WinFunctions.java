package io.github.jmmap.internal.windows;

import java.util.List;

/**
 * The kernel32 functions the Windows backend binds, each with
 * {@code Linker.Option.captureCallState("GetLastError")} over the generated address and
 * descriptor. Kept apart from {@link Win32} (which cannot be loaded off Windows) so that the
 * GraalVM reachability metadata can be checked against it on every OS; {@link Win32} refuses to
 * start if what it binds differs from this list.
 *
 * <pre>{@code
 * for (String f : WinFunctions.CAPTURED) {
 *     // each f needs two downcall registrations for GraalVM: plain (jextract's own handle) and
 *     // with captureCallState (jmmap's)
 * }
 * }</pre>
 */
public final class WinFunctions {
    private WinFunctions() {
    }

    /** The functions, by their kernel32 names. */
    public static final List<String> CAPTURED = List.of(
            "CreateFileW", "GetFileSizeEx", "SetFileInformationByHandle", "FlushFileBuffers", "CloseHandle",
            "DuplicateHandle", "CreateFileMappingW", "OpenFileMappingW", "MapViewOfFile", "UnmapViewOfFile",
            "FlushViewOfFile", "VirtualQuery", "GetSystemInfo", "PrefetchVirtualMemory", "VirtualLock",
            "VirtualUnlock", "VirtualProtect", "FormatMessageW");
}
