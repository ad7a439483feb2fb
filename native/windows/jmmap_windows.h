/*
 * jmmap: jextract input header for the Windows (x64) native backend.
 *
 * Input of jextract for package io.github.jmmap.internal.gen.windows (class Kernel32). It is parsed on
 * Linux against Debian's mingw-w64 headers (package mingw-w64-x86-64-dev) with clang options
 * "-target x86_64-w64-mingw32 -nostdinc -isystem <clang builtin include> -isystem <mingw include>"
 * and jextract run with -Dos.name=Windows_11 so that C long is 32-bit (LLP64): see cmake/jextract-gen.sh.
 * The symbols actually emitted are selected by the --include-* filters in cmake/bindings-windows.args.
 */
#ifndef JMMAP_WINDOWS_H
#define JMMAP_WINDOWS_H

/* Windows 10 API level: PrefetchVirtualMemory (8), OfferVirtualMemory/DiscardVirtualMemory (8.1) */
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0A00
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif

#include <windows.h>
/* K32GetMappedFileNameW (kernel32 since Windows 7; psapi.h declares it under PSAPI_VERSION 2) */
#ifndef PSAPI_VERSION
#define PSAPI_VERSION 2
#endif
#include <psapi.h>
/* NtQueryObject and PUBLIC_OBJECT_BASIC_INFORMATION (ntdll: jextract needs --library ntdll too) */
#include <winternl.h>

/*
 * NtQuerySection (ntdll), documented on learn.microsoft.com (devnotes/ntquerysection) but declared in
 * no SDK header. Win32.java binds it, NtQueryObject, K32GetMappedFileNameW, GetFinalPathNameByHandleW
 * and Get/SetProcessWorkingSetSizeEx by hand (WinFunctions.HAND_WRITTEN) until the bindings are
 * regenerated with these declarations and filters.
 */
typedef enum _JMMAP_SECTION_INFORMATION_CLASS {
    SectionBasicInformation = 0
} JMMAP_SECTION_INFORMATION_CLASS;

typedef struct _SECTION_BASIC_INFORMATION {
    PVOID BaseAddress;
    ULONG AllocationAttributes;
    LARGE_INTEGER MaximumSize;
} SECTION_BASIC_INFORMATION;

NTSTATUS NTAPI NtQuerySection(HANDLE SectionHandle, JMMAP_SECTION_INFORMATION_CLASS SectionInformationClass,
                              PVOID SectionInformation, SIZE_T SectionInformationLength, PSIZE_T ReturnLength);

/* INVALID_HANDLE_VALUE ((HANDLE)(LONG_PTR)-1) comes out as a MemorySegment constant (address -1). */

#endif /* JMMAP_WINDOWS_H */
