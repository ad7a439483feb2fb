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
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
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
    /** The longest path CreateFileW takes without the \\?\ prefix, less room for a file name. */
    private static final int SHORT_PATH = 240;

    final WinFlags flags;
    final int errorAlreadyExists;
    final int errorFileNotFound;
    private final int errorPathNotFound;
    private final int errorAccessDenied;
    private final int errorFileExists;
    final int errorLockViolation;
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
        errorPathNotFound = Kernel32.ERROR_PATH_NOT_FOUND();
        errorAccessDenied = Kernel32.ERROR_ACCESS_DENIED();
        errorFileExists = Kernel32.ERROR_FILE_EXISTS();
        errorLockViolation = Kernel32.ERROR_LOCK_VIOLATION();
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
        if (!bound.equals(Set.copyOf(WinFunctions.CAPTURED))) {
            throw new IllegalStateException("Win32 binds " + bound + " but WinFunctions lists " + WinFunctions.CAPTURED
                    + ": update WinFunctions and the GraalVM metadata together");
        }
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
        String name = errorNames.getOrDefault(code, "ERROR");
        String text = message(code);
        if (subject != null && call.equals("CreateFileW")) {
            String reason = call + " failed: " + name + " (" + code + "): " + text;
            if (code == errorFileNotFound || code == errorPathNotFound) {
                return new NoSuchFileException(subject, null, reason);
            }
            if (code == errorAccessDenied) {
                return new AccessDeniedException(subject, null, reason);
            }
            if (code == errorFileExists || code == errorAlreadyExists) {
                return new FileAlreadyExistsException(subject, null, reason);
            }
        }
        return Errors.os(call, name, code, text, subject);
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

    /** The path CreateFileW gets: absolute, with the \\?\ prefix when it is long. */
    static String win32Path(String absolute) {
        if (absolute.length() < SHORT_PATH || absolute.startsWith("\\\\?\\")) {
            return absolute;
        }
        return absolute.startsWith("\\\\") ? "\\\\?\\UNC\\" + absolute.substring(2) : "\\\\?\\" + absolute;
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
                throw error("CreateFileMappingW", code, subject);
            }
            return new Section(h.address(), name != null && code == errorAlreadyExists);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** OpenFileMappingW; returns 0 when no object has the name (ERROR_FILE_NOT_FOUND). */
    long openMapping(int access, String name, String subject) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment h = (MemorySegment) openFileMapping.invokeExact(st, access, 0, wide(a, name));
            if (h.address() != 0) {
                return h.address();
            }
            int code = lastError(st);
            if (code == errorFileNotFound) {
                return 0;
            }
            throw error("OpenFileMappingW", code, subject);
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

    /** VirtualQuery's RegionSize at an address: the size of a whole-object view (rounded up to pages). */
    long regionSize(long address, String subject) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment info = a.allocate(_MEMORY_BASIC_INFORMATION.layout());
            long n = (long) virtualQuery.invokeExact(st, ptr(address), info, info.byteSize());
            if (n == 0) {
                throw error("VirtualQuery", lastError(st), subject);
            }
            return _MEMORY_BASIC_INFORMATION.RegionSize(info);
        } catch (IOException | RuntimeException e) {
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
