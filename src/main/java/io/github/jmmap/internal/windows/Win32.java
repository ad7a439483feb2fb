package io.github.jmmap.internal.windows;

import io.github.jmmap.internal.Errors;
import io.github.jmmap.internal.Os;
import io.github.jmmap.internal.gen.windows.Kernel32;
import io.github.jmmap.internal.gen.windows._MEMORY_BASIC_INFORMATION;
import io.github.jmmap.internal.gen.windows._SYSTEM_INFO;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The kernel32 calls jmmap makes, each through a downcall handle built from the generated address
 * and descriptor with {@code Linker.Option.captureCallState("GetLastError")}, so that a failure
 * becomes an IOException naming the call, the ERROR_ name, the code and FormatMessageW's text.
 * Handles and addresses travel as {@code long}. Loads only on Windows (the generated class needs
 * kernel32 and a 32-bit C long).
 */
@SuppressWarnings("restricted")   // the downcall layer: it exists to build downcall handles
final class Win32 {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle LAST_ERROR = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("GetLastError"));
    /** GetCurrentProcess() is documented to return this pseudo-handle, (HANDLE) -1. */
    private static final MemorySegment CURRENT_PROCESS = MemorySegment.ofAddress(-1L);
    /** CreateFileMappingW's hFile for a pagefile-backed object: INVALID_HANDLE_VALUE. */
    static final long INVALID_HANDLE = -1L;
    /** GetFinalPathNameByHandleW's dwFlags: the NT name (\Device\HarddiskVolume1\...), as GetMappedFileNameW gives it. */
    private static final int VOLUME_NAME_NT = 0x2;
    /** The longest NT path, in UTF-16 characters. */
    private static final int MAX_NT_PATH = 32_768;

    final WinFlags flags;
    final int errorAlreadyExists;
    final int errorFileNotFound;
    private final int errorAccessDenied;
    final int errorLockViolation;
    final int errorWorkingSetQuota;
    final int memCommit;
    private final int openExisting;
    private final int fileAttributeNormal;
    private final int fileEndOfFileInfo;
    private final int duplicateSameAccess;
    private final int formatFlags;
    private final Map<Integer, String> errorNames = new HashMap<>();
    private final Set<String> bound = new HashSet<>();

    private final MethodHandle createFile;
    private final MethodHandle getFileSizeEx;
    private final MethodHandle setFileInformationByHandle;
    private final MethodHandle flushFileBuffers;
    private final MethodHandle closeHandle;
    private final MethodHandle duplicateHandle;
    private final MethodHandle createFileMapping;
    private final MethodHandle openFileMapping;
    private final MethodHandle mapViewOfFile;
    private final MethodHandle unmapViewOfFile;
    private final MethodHandle flushViewOfFile;
    private final MethodHandle virtualQuery;
    private final MethodHandle getSystemInfo;
    private final MethodHandle prefetchVirtualMemory;
    private final MethodHandle virtualLock;
    private final MethodHandle virtualUnlock;
    private final MethodHandle virtualProtect;
    private final MethodHandle formatMessage;
    // bound by hand (WinFunctions.HAND_WRITTEN): not in the generated bindings yet
    private final MethodHandle ntQuerySection;
    private final MethodHandle ntQueryObject;
    private final MethodHandle getMappedFileName;
    private final MethodHandle getFinalPathNameByHandle;
    private final MethodHandle getProcessWorkingSetSize;
    private final MethodHandle setProcessWorkingSetSize;

    Win32() {
        Map<String, Integer> c = new HashMap<>();
        c.put("PAGE_READONLY", Kernel32.PAGE_READONLY());
        c.put("PAGE_READWRITE", Kernel32.PAGE_READWRITE());
        c.put("PAGE_WRITECOPY", Kernel32.PAGE_WRITECOPY());
        c.put("FILE_MAP_READ", Kernel32.FILE_MAP_READ());
        c.put("FILE_MAP_WRITE", Kernel32.FILE_MAP_WRITE());
        c.put("FILE_MAP_COPY", Kernel32.FILE_MAP_COPY());
        c.put("GENERIC_READ", Kernel32.GENERIC_READ());
        c.put("GENERIC_WRITE", Kernel32.GENERIC_WRITE());
        c.put("FILE_SHARE_READ", Kernel32.FILE_SHARE_READ());
        c.put("FILE_SHARE_WRITE", Kernel32.FILE_SHARE_WRITE());
        c.put("FILE_SHARE_DELETE", Kernel32.FILE_SHARE_DELETE());
        flags = WinFlags.of(c::get);
        errorAlreadyExists = Kernel32.ERROR_ALREADY_EXISTS();
        errorFileNotFound = Kernel32.ERROR_FILE_NOT_FOUND();
        errorAccessDenied = Kernel32.ERROR_ACCESS_DENIED();
        errorLockViolation = Kernel32.ERROR_LOCK_VIOLATION();
        errorWorkingSetQuota = Kernel32.ERROR_WORKING_SET_QUOTA();
        memCommit = Kernel32.MEM_COMMIT();
        openExisting = Kernel32.OPEN_EXISTING();
        fileAttributeNormal = Kernel32.FILE_ATTRIBUTE_NORMAL();
        fileEndOfFileInfo = Kernel32.FileEndOfFileInfo();
        duplicateSameAccess = Kernel32.DUPLICATE_SAME_ACCESS();
        formatFlags = Kernel32.FORMAT_MESSAGE_FROM_SYSTEM() | Kernel32.FORMAT_MESSAGE_IGNORE_INSERTS()
                | Kernel32.FORMAT_MESSAGE_MAX_WIDTH_MASK();
        errorName("ERROR_FILE_NOT_FOUND", Kernel32.ERROR_FILE_NOT_FOUND());
        errorName("ERROR_PATH_NOT_FOUND", Kernel32.ERROR_PATH_NOT_FOUND());
        errorName("ERROR_ACCESS_DENIED", Kernel32.ERROR_ACCESS_DENIED());
        errorName("ERROR_INVALID_HANDLE", Kernel32.ERROR_INVALID_HANDLE());
        errorName("ERROR_NOT_ENOUGH_MEMORY", Kernel32.ERROR_NOT_ENOUGH_MEMORY());
        errorName("ERROR_OUTOFMEMORY", Kernel32.ERROR_OUTOFMEMORY());
        errorName("ERROR_SHARING_VIOLATION", Kernel32.ERROR_SHARING_VIOLATION());
        errorName("ERROR_LOCK_VIOLATION", Kernel32.ERROR_LOCK_VIOLATION());
        errorName("ERROR_HANDLE_EOF", Kernel32.ERROR_HANDLE_EOF());
        errorName("ERROR_NOT_SUPPORTED", Kernel32.ERROR_NOT_SUPPORTED());
        errorName("ERROR_FILE_EXISTS", Kernel32.ERROR_FILE_EXISTS());
        errorName("ERROR_INVALID_PARAMETER", Kernel32.ERROR_INVALID_PARAMETER());
        errorName("ERROR_DISK_FULL", Kernel32.ERROR_DISK_FULL());
        errorName("ERROR_INVALID_ADDRESS", Kernel32.ERROR_INVALID_ADDRESS());
        errorName("ERROR_FILENAME_EXCED_RANGE", Kernel32.ERROR_FILENAME_EXCED_RANGE());
        errorName("ERROR_ALREADY_EXISTS", Kernel32.ERROR_ALREADY_EXISTS());
        errorName("ERROR_FILE_INVALID", Kernel32.ERROR_FILE_INVALID());
        errorName("ERROR_MAPPED_ALIGNMENT", Kernel32.ERROR_MAPPED_ALIGNMENT());
        errorName("ERROR_USER_MAPPED_FILE", Kernel32.ERROR_USER_MAPPED_FILE());
        errorName("ERROR_COMMITMENT_LIMIT", Kernel32.ERROR_COMMITMENT_LIMIT());
        errorName("ERROR_WORKING_SET_QUOTA", Kernel32.ERROR_WORKING_SET_QUOTA());

        createFile = bind("CreateFileW", Kernel32.CreateFileW$address(), Kernel32.CreateFileW$descriptor());
        getFileSizeEx = bind("GetFileSizeEx", Kernel32.GetFileSizeEx$address(), Kernel32.GetFileSizeEx$descriptor());
        setFileInformationByHandle = bind("SetFileInformationByHandle",
                Kernel32.SetFileInformationByHandle$address(), Kernel32.SetFileInformationByHandle$descriptor());
        flushFileBuffers = bind("FlushFileBuffers", Kernel32.FlushFileBuffers$address(),
                Kernel32.FlushFileBuffers$descriptor());
        closeHandle = bind("CloseHandle", Kernel32.CloseHandle$address(), Kernel32.CloseHandle$descriptor());
        duplicateHandle = bind("DuplicateHandle", Kernel32.DuplicateHandle$address(),
                Kernel32.DuplicateHandle$descriptor());
        createFileMapping = bind("CreateFileMappingW", Kernel32.CreateFileMappingW$address(),
                Kernel32.CreateFileMappingW$descriptor());
        openFileMapping = bind("OpenFileMappingW", Kernel32.OpenFileMappingW$address(),
                Kernel32.OpenFileMappingW$descriptor());
        mapViewOfFile = bind("MapViewOfFile", Kernel32.MapViewOfFile$address(), Kernel32.MapViewOfFile$descriptor());
        unmapViewOfFile = bind("UnmapViewOfFile", Kernel32.UnmapViewOfFile$address(),
                Kernel32.UnmapViewOfFile$descriptor());
        flushViewOfFile = bind("FlushViewOfFile", Kernel32.FlushViewOfFile$address(),
                Kernel32.FlushViewOfFile$descriptor());
        virtualQuery = bind("VirtualQuery", Kernel32.VirtualQuery$address(), Kernel32.VirtualQuery$descriptor());
        getSystemInfo = bind("GetSystemInfo", Kernel32.GetSystemInfo$address(), Kernel32.GetSystemInfo$descriptor());
        prefetchVirtualMemory = bind("PrefetchVirtualMemory", Kernel32.PrefetchVirtualMemory$address(),
                Kernel32.PrefetchVirtualMemory$descriptor());
        virtualLock = bind("VirtualLock", Kernel32.VirtualLock$address(), Kernel32.VirtualLock$descriptor());
        virtualUnlock = bind("VirtualUnlock", Kernel32.VirtualUnlock$address(), Kernel32.VirtualUnlock$descriptor());
        virtualProtect = bind("VirtualProtect", Kernel32.VirtualProtect$address(), Kernel32.VirtualProtect$descriptor());
        formatMessage = bind("FormatMessageW", Kernel32.FormatMessageW$address(), Kernel32.FormatMessageW$descriptor());
        Map<String, MethodHandle> byHand = new HashMap<>();
        Map<String, SymbolLookup> libraries = new HashMap<>();
        for (WinFunctions.Bound b : WinFunctions.HAND_WRITTEN) {
            SymbolLookup lib = libraries.computeIfAbsent(b.library(),
                    l -> SymbolLookup.libraryLookup(System.mapLibraryName(l), Arena.global()));
            MemorySegment address = lib.find(b.name()).orElseThrow(() -> new IllegalStateException(
                    b.library() + ".dll does not export " + b.name()));
            FunctionDescriptor d = FunctionDescriptor.of(layout(b.returnType()),
                    b.parameterTypes().stream().map(Win32::layout).toArray(MemoryLayout[]::new));
            byHand.put(b.name(), b.captured()
                    ? LINKER.downcallHandle(address, d, Linker.Option.captureCallState("GetLastError"))
                    : LINKER.downcallHandle(address, d));
        }
        ntQuerySection = byHand.get("NtQuerySection");
        ntQueryObject = byHand.get("NtQueryObject");
        getMappedFileName = byHand.get("K32GetMappedFileNameW");
        getFinalPathNameByHandle = byHand.get("GetFinalPathNameByHandleW");
        getProcessWorkingSetSize = byHand.get("GetProcessWorkingSetSizeEx");
        setProcessWorkingSetSize = byHand.get("SetProcessWorkingSetSizeEx");
        if (!bound.equals(Set.copyOf(WinFunctions.CAPTURED))) {
            throw new IllegalStateException("Win32 binds " + bound + " but WinFunctions lists " + WinFunctions.CAPTURED
                    + ": update WinFunctions and the GraalVM metadata together");
        }
    }

    /** The layout of a JNI type name as WinFunctions writes it. */
    private static MemoryLayout layout(String jni) {
        return switch (jni) {
            case "jint" -> ValueLayout.JAVA_INT;
            case "jlong" -> ValueLayout.JAVA_LONG;
            case "void*" -> ValueLayout.ADDRESS;
            default -> throw new IllegalArgumentException("no layout for " + jni);
        };
    }

    private void errorName(String name, int code) {
        errorNames.putIfAbsent(code, name);
    }

    private MethodHandle bind(String name, MemorySegment address, FunctionDescriptor descriptor) {
        bound.add(name);
        return LINKER.downcallHandle(address, descriptor, Linker.Option.captureCallState("GetLastError"));
    }

    // ------------------------------------------------------------------------------------ errors

    private static int lastError(MemorySegment state) {
        return (int) LAST_ERROR.get(state, 0L);
    }

    /** An IOException naming the call, the error and its text; CreateFileW's usual failures get java.nio.file types. */
    IOException error(String call, int code, String subject) {
        return error(call, code, subject, null);
    }

    /** The same for a call given an object name ({@code tagname}, or null), which the message explains. */
    IOException error(String call, int code, String subject, String tagname) {
        return WinErrors.of(call, errorNames.getOrDefault(code, "ERROR"), code, message(code), subject, tagname);
    }

    /** FormatMessageW's text for an error code, without the trailing newline and period. */
    String message(int code) {
        try (Arena a = Arena.ofConfined()) {
            int chars = 512;
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment buffer = a.allocate(2L * chars);
            int n = (int) formatMessage.invokeExact(st, formatFlags, MemorySegment.NULL, code, 0, buffer, chars,
                    MemorySegment.NULL);
            if (n <= 0) {
                return "unknown error";
            }
            String text = new String(buffer.asSlice(0, 2L * Math.min(n, chars)).toArray(ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_16LE).strip();
            return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        } catch (Throwable t) {
            return "unknown error";
        }
    }

    private static MemorySegment wide(Arena a, String s) {
        return a.allocateFrom(s, StandardCharsets.UTF_16LE);
    }

    private static MemorySegment ptr(long address) {
        return MemorySegment.ofAddress(address);
    }

    /** The path CreateFileW gets: absolute, normalized and with the \\?\ prefix when it is long. */
    static String win32Path(String absolute) {
        return WinPaths.forWin32(absolute);
    }

    // ------------------------------------------------------------------------------------ system

    /** GetSystemInfo: {page size, allocation granularity}. */
    long[] systemInfo() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment si = a.allocate(_SYSTEM_INFO.layout());
            getSystemInfo.invokeExact(st, si);
            return new long[] {Integer.toUnsignedLong(_SYSTEM_INFO.dwPageSize(si)),
                    Integer.toUnsignedLong(_SYSTEM_INFO.dwAllocationGranularity(si))};
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    // ------------------------------------------------------------------------------------ files

    /** CreateFileW(OPEN_EXISTING); returns the handle. */
    long openFile(String path, int access, String subject) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment h = (MemorySegment) createFile.invokeExact(st, wide(a, win32Path(path)), access,
                    flags.shareMode(), MemorySegment.NULL, openExisting, fileAttributeNormal, MemorySegment.NULL);
            if (h.address() == INVALID_HANDLE) {
                throw error("CreateFileW", lastError(st), subject);
            }
            return h.address();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    long fileSize(long handle, String subject) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment size = a.allocate(ValueLayout.JAVA_LONG);
            int ok = (int) getFileSizeEx.invokeExact(st, ptr(handle), size);
            if (ok == 0) {
                throw error("GetFileSizeEx", lastError(st), subject);
            }
            return size.get(ValueLayout.JAVA_LONG, 0);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** Sets the end of the file (extending with zeros or truncating) through FILE_END_OF_FILE_INFO. */
    void setFileSize(long handle, long size, String subject) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment info = a.allocate(ValueLayout.JAVA_LONG);   // FILE_END_OF_FILE_INFO { LARGE_INTEGER }
            info.set(ValueLayout.JAVA_LONG, 0, size);
            int ok = (int) setFileInformationByHandle.invokeExact(st, ptr(handle), fileEndOfFileInfo, info,
                    (int) info.byteSize());
            if (ok == 0) {
                throw error("SetFileInformationByHandle", lastError(st), subject);
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    void flushFileBuffers(long handle, String subject) throws IOException {
        booleanCall(flushFileBuffers, "FlushFileBuffers", handle, subject);
    }

    void closeHandle(long handle) throws IOException {
        booleanCall(closeHandle, "CloseHandle", handle, null);
    }

    /** CloseHandle for cleanup paths: reports failure by return value only. */
    boolean closeQuietly(long handle) {
        try {
            closeHandle(handle);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void booleanCall(MethodHandle h, String call, long handle, String subject) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            int ok = (int) h.invokeExact(st, ptr(handle));
            if (ok == 0) {
                throw error(call, lastError(st), subject);
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** DuplicateHandle within this process, same access. */
    long duplicate(long handle, String subject) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment out = a.allocate(ValueLayout.ADDRESS);
            int ok = (int) duplicateHandle.invokeExact(st, CURRENT_PROCESS, ptr(handle), CURRENT_PROCESS, out, 0, 0,
                    duplicateSameAccess);
            if (ok == 0) {
                throw error("DuplicateHandle", lastError(st), subject);
            }
            return out.get(ValueLayout.ADDRESS, 0).address();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    // ------------------------------------------------------------------------------------ mapping objects

    /** A mapping object's handle and whether it existed before (ERROR_ALREADY_EXISTS). */
    record Section(long handle, boolean existed) {
    }

    /**
     * CreateFileMappingW. {@code file} is a file handle or {@link #INVALID_HANDLE} (pagefile);
     * {@code name} may be null. An existing object of that name is returned with existed = true.
     */
    Section createMapping(long file, int protect, long maxSize, String name, String subject) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment n = name == null ? MemorySegment.NULL : wide(a, name);
            MemorySegment h = (MemorySegment) createFileMapping.invokeExact(st, ptr(file), MemorySegment.NULL, protect,
                    Dword.high(maxSize), Dword.low(maxSize), n);
            int code = lastError(st);
            if (h.address() == 0) {
                throw error("CreateFileMappingW", code, subject, name);
            }
            return new Section(h.address(), name != null && code == errorAlreadyExists);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /**
     * OpenFileMappingW, asking for SECTION_QUERY too (so that {@link #sectionSize} can ask
     * NtQuerySection), and without it if the object's owner does not grant it. Returns 0 when no
     * object has the name (ERROR_FILE_NOT_FOUND).
     */
    long openMapping(int access, String name, String subject) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment h = (MemorySegment) openFileMapping.invokeExact(st, access | WinSections.SECTION_QUERY, 0,
                    wide(a, name));
            int code = lastError(st);
            if (h.address() == 0 && code == errorAccessDenied) {
                h = (MemorySegment) openFileMapping.invokeExact(st, access, 0, wide(a, name));
                code = lastError(st);
            }
            if (h.address() != 0) {
                return h.address();
            }
            if (code == errorFileNotFound) {
                return 0;
            }
            throw error("OpenFileMappingW", code, subject, name);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** MapViewOfFile; {@code length} 0 maps the whole object. Returns the address. */
    long mapView(long section, int access, long offset, long length, String subject) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment r = (MemorySegment) mapViewOfFile.invokeExact(st, ptr(section), access, Dword.high(offset),
                    Dword.low(offset), length);
            if (r.address() == 0) {
                int code = lastError(st);
                IOException e = error("MapViewOfFile", code, subject);
                if (code == Kernel32.ERROR_NOT_ENOUGH_MEMORY() || code == Kernel32.ERROR_COMMITMENT_LIMIT()) {
                    throw new IOException(e.getMessage() + Errors.mapLimitHint(Os.WINDOWS, length));
                }
                throw e;
            }
            return r.address();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** UnmapViewOfFile; used by arena cleanup, so it reports failure by return value only. */
    boolean unmapView(long address) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return (int) unmapViewOfFile.invokeExact(st, ptr(address)) != 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /** VirtualQuery at an address: {AllocationBase, State, RegionSize}, or null if it fails. */
    private long[] query(long address) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment info = a.allocate(_MEMORY_BASIC_INFORMATION.layout());
            long n = (long) virtualQuery.invokeExact(st, ptr(address), info, info.byteSize());
            if (n == 0) {
                return null;
            }
            return new long[] {_MEMORY_BASIC_INFORMATION.AllocationBase(info).address(),
                    Integer.toUnsignedLong(_MEMORY_BASIC_INFORMATION.State(info)), _MEMORY_BASIC_INFORMATION.RegionSize(info)};
        } catch (Throwable t) {
            return null;
        }
    }

    /** NtQuerySection(SectionBasicInformation), or null if the handle lacks SECTION_QUERY (or the call fails). */
    WinSections.Info querySection(long section) {
        try (Arena a = Arena.ofConfined()) {
            // SECTION_BASIC_INFORMATION { PVOID BaseAddress; ULONG AllocationAttributes; LARGE_INTEGER MaximumSize; }
            MemorySegment info = a.allocate(24, 8);
            int status = (int) ntQuerySection.invokeExact(ptr(section), WinSections.SECTION_BASIC_INFORMATION, info,
                    info.byteSize(), MemorySegment.NULL);
            if (status < 0) {
                return null;                        // an NTSTATUS error (STATUS_ACCESS_DENIED without SECTION_QUERY)
            }
            return new WinSections.Info(info.get(ValueLayout.JAVA_LONG, 16), info.get(ValueLayout.JAVA_INT, 8));
        } catch (Throwable t) {
            return null;
        }
    }

    /** NtQueryObject(ObjectBasicInformation)'s HandleCount: the handles to the object in every process; -1 if unknown. */
    long handleCount(long handle) {
        try (Arena a = Arena.ofConfined()) {
            // PUBLIC_OBJECT_BASIC_INFORMATION { ULONG Attributes, GrantedAccess, HandleCount, PointerCount, Reserved[10]; }
            MemorySegment info = a.allocate(56, 8);
            int status = (int) ntQueryObject.invokeExact(ptr(handle), WinSections.OBJECT_BASIC_INFORMATION, info,
                    (int) info.byteSize(), MemorySegment.NULL);
            return status < 0 ? -1 : Integer.toUnsignedLong(info.get(ValueLayout.JAVA_INT, 8));
        } catch (Throwable t) {
            return -1;
        }
    }

    /** An existing object's usable size and whether a file backs it. */
    record Measured(long size, boolean fileBacked) {
    }

    /**
     * The bytes a view of an existing object may cover: NtQuerySection's exact size, capped by the
     * committed pages where some may be only reserved (see {@link WinSections}); and whether a
     * file backs it (SEC_FILE, or where NtQuerySection cannot be asked, GetMappedFileNameW).
     */
    Measured measure(long section, String what) throws IOException {
        WinSections.Info info = querySection(section);
        long committed = WinSections.UNKNOWN;
        boolean file = info != null && info.fileBacked();
        if (WinSections.needsCommitCheck(info)) {
            long view = mapView(section, flags.fileMapRead(), 0, 0, what);
            try {
                committed = WinSections.committedPrefix(view, memCommit, this::query);
                if (info == null) {
                    file = mappedFileName(view) != null;
                }
            } finally {
                unmapView(view);
            }
        }
        return new Measured(WinSections.usable(info, committed, what), file);
    }

    /** K32GetMappedFileNameW: the NT name of the file a view maps, or null if it maps none (pagefile memory). */
    String mappedFileName(long address) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment buffer = a.allocate(2L * MAX_NT_PATH);
            int n = (int) getMappedFileName.invokeExact(st, CURRENT_PROCESS, ptr(address), buffer, MAX_NT_PATH);
            return n <= 0 ? null : utf16(buffer, n);
        } catch (Throwable t) {
            return null;
        }
    }

    /** GetFinalPathNameByHandleW(VOLUME_NAME_NT): the NT name of an open file. */
    String finalPath(long file, String subject) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment buffer = a.allocate(2L * MAX_NT_PATH);
            int n = (int) getFinalPathNameByHandle.invokeExact(st, ptr(file), buffer, MAX_NT_PATH, VOLUME_NAME_NT);
            if (n <= 0 || n >= MAX_NT_PATH) {
                throw error("GetFinalPathNameByHandleW", lastError(st), subject);
            }
            return utf16(buffer, n);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /**
     * An NT file name (GetMappedFileNameW's, which is the name the file was opened by, perhaps a
     * short 8.3 one) as GetFinalPathNameByHandleW normalizes it, so that two names of one file
     * compare equal; the name itself if the file cannot be opened.
     */
    String normalizedName(String ntName) {
        try {
            long h = openFile(WinPaths.globalRoot(ntName), 0, ntName);
            try {
                return finalPath(h, ntName);
            } finally {
                closeQuietly(h);
            }
        } catch (IOException | RuntimeException e) {
            return ntName;
        }
    }

    private static String utf16(MemorySegment buffer, int chars) {
        return new String(buffer.asSlice(0, 2L * chars).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_16LE);
    }

    /** GetProcessWorkingSetSizeEx: {minimum, maximum} in bytes. */
    long[] workingSet() throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment min = a.allocate(ValueLayout.JAVA_LONG);
            MemorySegment max = a.allocate(ValueLayout.JAVA_LONG);
            MemorySegment fl = a.allocate(ValueLayout.JAVA_INT);
            int ok = (int) getProcessWorkingSetSize.invokeExact(st, CURRENT_PROCESS, min, max, fl);
            if (ok == 0) {
                throw error("GetProcessWorkingSetSizeEx", lastError(st), null);
            }
            return new long[] {min.get(ValueLayout.JAVA_LONG, 0), max.get(ValueLayout.JAVA_LONG, 0)};
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** SetProcessWorkingSetSizeEx with Flags 0 (the hard-limit settings stay as they are); returns the error or 0. */
    int setWorkingSet(long min, long max) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            int ok = (int) setProcessWorkingSetSize.invokeExact(st, CURRENT_PROCESS, min, max, 0);
            return ok != 0 ? 0 : lastError(st);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    // ------------------------------------------------------------------------------------ ranges

    /** A call of the form {@code BOOL f(addr, size)}: FlushViewOfFile, VirtualLock, VirtualUnlock. Returns the error or 0. */
    int rangeCall(String call, MemorySegment range) {
        MethodHandle h = switch (call) {
            case "FlushViewOfFile" -> flushViewOfFile;
            case "VirtualLock" -> virtualLock;
            case "VirtualUnlock" -> virtualUnlock;
            default -> throw new IllegalArgumentException(call);
        };
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            int ok = (int) h.invokeExact(st, range, range.byteSize());
            return ok != 0 ? 0 : lastError(st);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** VirtualProtect; returns the error or 0. */
    int protect(MemorySegment range, int protection) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment old = a.allocate(ValueLayout.JAVA_INT);
            int ok = (int) virtualProtect.invokeExact(st, range, range.byteSize(), protection, old);
            return ok != 0 ? 0 : lastError(st);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** PrefetchVirtualMemory of one range (WIN32_MEMORY_RANGE_ENTRY { PVOID, SIZE_T }); returns the error or 0. */
    int prefetch(MemorySegment range) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment entry = a.allocate(MemoryLayout.structLayout(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            entry.set(ValueLayout.ADDRESS, 0, range);
            entry.set(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS.byteSize(), range.byteSize());
            int ok = (int) prefetchVirtualMemory.invokeExact(st, CURRENT_PROCESS, 1L, entry, 0);
            return ok != 0 ? 0 : lastError(st);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }
}
