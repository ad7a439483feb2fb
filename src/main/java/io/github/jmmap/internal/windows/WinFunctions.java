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

    /**
     * A function bound by hand, from its DLL's exports, because the generated bindings do not have
     * it yet (it is in {@code native/windows/jmmap_windows.h} and {@code cmake/bindings-windows.args}
     * for the next regeneration). Types are JNI names: {@code jint} (DWORD, ULONG, BOOL, NTSTATUS,
     * enums), {@code jlong} (SIZE_T) and {@code void*} (handles and pointers).
     *
     * <pre>{@code
     * WinFunctions.Bound b = WinFunctions.HAND_WRITTEN.get(0);
     * String where = b.library() + "!" + b.name();     // "ntdll!NtQuerySection"
     * }</pre>
     *
     * @param name           the exported name
     * @param library        the DLL, without ".dll"
     * @param returnType     the JNI type of the result
     * @param parameterTypes the JNI types of the parameters
     * @param captured       whether jmmap's handle captures GetLastError (ntdll calls return an NTSTATUS instead)
     */
    public record Bound(String name, String library, String returnType, List<String> parameterTypes,
                        boolean captured) {
    }

    /** The hand-bound functions; each needs one downcall registration for GraalVM (there is no jextract handle). */
    public static final List<Bound> HAND_WRITTEN = List.of(
            new Bound("NtQuerySection", "ntdll", "jint", List.of("void*", "jint", "void*", "jlong", "void*"), false),
            new Bound("NtQueryObject", "ntdll", "jint", List.of("void*", "jint", "void*", "jint", "void*"), false),
            new Bound("K32GetMappedFileNameW", "kernel32", "jint", List.of("void*", "void*", "void*", "jint"), true),
            new Bound("GetFinalPathNameByHandleW", "kernel32", "jint", List.of("void*", "void*", "jint", "jint"), true),
            new Bound("GetProcessWorkingSetSizeEx", "kernel32", "jint", List.of("void*", "void*", "void*", "void*"),
                    true),
            new Bound("SetProcessWorkingSetSizeEx", "kernel32", "jint", List.of("void*", "jlong", "jlong", "jint"),
                    true));
}
