package io.github.jmmap.internal.windows;

import io.github.jmmap.Access;

import java.util.function.ToIntFunction;

/**
 * How an {@link Access} becomes Win32 flags: the file's desired access, the mapping object's page
 * protection, the view's desired access and the protection VirtualProtect restores. It holds the
 * values of the Win32 constants it needs (taken from the generated {@code Kernel32} on Windows,
 * from its source in tests), so the decisions are tested on every OS.
 *
 * <p>The rules: READ maps {@code PAGE_READONLY}/{@code FILE_MAP_READ} of a file opened
 * {@code GENERIC_READ}; WRITE and DEFAULT map {@code PAGE_READWRITE}/{@code FILE_MAP_READ|FILE_MAP_WRITE}
 * of a file opened {@code GENERIC_READ|GENERIC_WRITE}; COPY maps {@code PAGE_WRITECOPY}/{@code FILE_MAP_COPY}
 * of a file opened {@code GENERIC_READ} only (the file is never written). Pagefile-backed objects
 * (anonymous and named maps) are always created {@code PAGE_READWRITE}, so that every access can
 * map them later; a COPY view of one is still copy-on-write through {@code FILE_MAP_COPY}.
 */
record WinFlags(int pageReadonly, int pageReadwrite, int pageWritecopy, int fileMapRead, int fileMapWrite,
                int fileMapCopy, int genericRead, int genericWrite, int fileShareRead, int fileShareWrite,
                int fileShareDelete) {

    /** The flags, looked up by their Win32 names. */
    static WinFlags of(ToIntFunction<String> constant) {
        return new WinFlags(constant.applyAsInt("PAGE_READONLY"), constant.applyAsInt("PAGE_READWRITE"),
                constant.applyAsInt("PAGE_WRITECOPY"), constant.applyAsInt("FILE_MAP_READ"),
                constant.applyAsInt("FILE_MAP_WRITE"), constant.applyAsInt("FILE_MAP_COPY"),
                constant.applyAsInt("GENERIC_READ"), constant.applyAsInt("GENERIC_WRITE"),
                constant.applyAsInt("FILE_SHARE_READ"), constant.applyAsInt("FILE_SHARE_WRITE"),
                constant.applyAsInt("FILE_SHARE_DELETE"));
    }

    /** CreateFileW's dwDesiredAccess for a file to be mapped with this access. */
    int fileAccess(Access access) {
        return access.shared() ? genericRead | genericWrite : genericRead;
    }

    /** CreateFileW's dwShareMode: others may read, write, and delete or rename the file while it is mapped. */
    int shareMode() {
        return fileShareRead | fileShareWrite | fileShareDelete;
    }

    /** CreateFileMappingW's flProtect for a file-backed mapping object. */
    int fileSectionProtection(Access access) {
        return viewProtection(access);
    }

    /** CreateFileMappingW's flProtect for a pagefile-backed (anonymous or named) mapping object. */
    int pagefileSectionProtection() {
        return pageReadwrite;
    }

    /** MapViewOfFile's dwDesiredAccess. */
    int viewAccess(Access access) {
        return switch (access) {
            case READ -> fileMapRead;
            case COPY -> fileMapCopy;
            case WRITE, DEFAULT -> fileMapRead | fileMapWrite;
        };
    }

    /** OpenFileMappingW's dwDesiredAccess: a COPY view needs only read access to the object. */
    int openAccess(Access access) {
        return access.shared() ? fileMapRead | fileMapWrite : fileMapRead;
    }

    /** The page protection of a view with this access (what VirtualProtect sets back after protect(READ)). */
    int viewProtection(Access access) {
        return switch (access) {
            case READ -> pageReadonly;
            case COPY -> pageWritecopy;
            case WRITE, DEFAULT -> pageReadwrite;
        };
    }
}
