/*
 * jmmap: jextract input header for the Linux (glibc, x86_64 / aarch64) native backend.
 *
 * This file is the single input of jextract for package io.github.jmmap.internal.gen.linux
 * (class LinuxC). Regenerate with:  cmake -S cmake -B build/cmake && cmake --build build/cmake --target bindings
 * The symbols actually emitted are selected by the --include-* filters in cmake/bindings-linux.args.
 */
#ifndef JMMAP_LINUX_H
#define JMMAP_LINUX_H

/* mremap(), MREMAP_MAYMOVE, MAP_ANONYMOUS, MAP_POPULATE, MAP_HUGETLB, every MADV_* are GNU/misc extensions */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>       /* posix_fallocate, O_NOFOLLOW, O_NONBLOCK: bound by hand in LinuxProvider until regenerated */
#include <unistd.h>      /* geteuid: bound by hand in LinuxProvider until regenerated */
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <sys/prctl.h>

/*
 * prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, start, len, name) names anonymous memory (Linux 5.17;
 * shared anonymous memory since 6.2). Values are the kernel ABI, from linux
 * include/uapi/linux/prctl.h (identical on every architecture); glibc before 2.35 lacks them.
 * Until the next regeneration, LinuxProvider binds prctl and these two values by hand.
 */
#ifndef PR_SET_VMA
#define PR_SET_VMA 0x53564d41
#endif
#ifndef PR_SET_VMA_ANON_NAME
#define PR_SET_VMA_ANON_NAME 0
#endif

/*
 * madvise() advice values that an older glibc may not define yet. Values are the kernel ABI,
 * from linux include/uapi/asm-generic/mman-common.h (identical on every Linux architecture).
 * Debian 12's glibc 2.36 already defines all of them except MADV_COLLAPSE (Linux 6.1).
 */
#ifndef MADV_COLD
#define MADV_COLD 20            /* deactivate these pages (Linux 5.4) */
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21         /* reclaim these pages (Linux 5.4) */
#endif
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22   /* populate (prefault) page tables readable (Linux 5.14) */
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  /* populate (prefault) page tables writable (Linux 5.14) */
#endif
#ifndef MADV_DONTNEED_LOCKED
#define MADV_DONTNEED_LOCKED 24 /* like DONTNEED, but drop locked pages too (Linux 5.18) */
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25        /* synchronous hugepage collapse (Linux 6.1) */
#endif

#endif /* JMMAP_LINUX_H */
