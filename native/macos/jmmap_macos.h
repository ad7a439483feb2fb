/*
 * jmmap: jextract input header for the macOS (Darwin, arm64 / Apple silicon) native backend.
 *
 * Self-contained on purpose: no macOS SDK is needed to (re)generate the bindings of package
 * io.github.jmmap.internal.gen.macos (class MacC). jextract parses this file with clang options
 * "-target arm64-apple-macos11 -nostdinc -isystem <clang builtin include>" (see cmake/jextract-gen.sh).
 * The symbols actually emitted are selected by the --include-* filters in cmake/bindings-macos.args.
 *
 * Every value below was copied from Apple's open-source releases:
 *   xnu-11417.101.15 (github.com/apple-oss-distributions/xnu, commit e3723e1f17661b24996789d8afc084c0c3303b26):
 *     bsd/sys/mman.h           PROT_*, MAP_*, MS_*, MADV_*, MINCORE_*, mmap/munmap/msync/madvise/
 *                              mprotect/mlock/munlock/mincore/shm_open/shm_unlink prototypes
 *     bsd/sys/fcntl.h          O_* flags, open() prototype
 *     bsd/sys/errno.h          E* values (EOPNOTSUPP is 102 because user code is __DARWIN_UNIX03)
 *     bsd/sys/stat.h           struct stat (__DARWIN_STRUCT_STAT64 with struct timespec times), fstat()
 *     bsd/sys/_types/_s_ifmt.h S_IFMT, S_IFREG
 *     bsd/sys/_types/_seek_set.h SEEK_SET/CUR/END
 *     bsd/sys/_types.h, bsd/arm/_types.h, bsd/sys/_types/_nlink_t.h  typedef widths
 *     bsd/sys/posix_shm.h      PSHMNAMLEN (31): shm_open() names longer than 31 bytes fail (ENAMETOOLONG)
 *     bsd/sys/cdefs.h          symbol suffixes (see "fstat" below)
 *   Libc-1725.0.11 (github.com/apple-oss-distributions/Libc, commit 55b54c0a0c37b3b24393b42b90a4c561d6c606b1):
 *     include/unistd.h         _SC_PAGESIZE (29), close/dup/lseek/ftruncate/fsync/sysconf/getpagesize
 *     include/_string.h        strerror
 *
 * Symbol names: on arm64 macOS __DARWIN_ONLY_64_BIT_INO_T and __DARWIN_ONLY_UNIX_CONFORMANCE are 1,
 * so every function here is exported under its plain name ("_fstat", "_mmap", "_open", ...).
 * On x86_64 macOS the 64-bit-inode fstat is exported as "fstat$INODE64" (plain "fstat" there uses the
 * legacy 32-bit-inode struct layout); the struct stat below is the 64-bit-inode one on both CPUs, so
 * MacProvider binds "fstat$INODE64" on x86_64 by hand. Sizes come from fstat's st_size: lseek fails with
 * ESPIPE on shm_open descriptors (bsd/vfs/vfs_syscalls.c lseek: fp_getfvp refuses non-vnodes).
 *
 * Darwin has no mremap(); no MAP_POPULATE / MAP_HUGETLB; MAP_NORESERVE is accepted but ignored.
 * open() and shm_open() are variadic: on arm64 Darwin variadic arguments go on the stack, so the mode
 * argument MUST be passed through the generated variadic invoker, as a C int (mode_t promoted to int).
 * errno is thread-local (__error()); capture it with Linker.Option.captureCallState("errno").
 */
#ifndef JMMAP_MACOS_H
#define JMMAP_MACOS_H

/* ---- types (LP64; bsd/sys/_types.h, bsd/arm/_types.h) ---- */
typedef unsigned long      size_t;     /* __darwin_size_t */
typedef long               ssize_t;    /* __darwin_ssize_t */
typedef long long          off_t;      /* __darwin_off_t = __int64_t */
typedef unsigned short     mode_t;     /* __darwin_mode_t = __uint16_t */
typedef int                dev_t;      /* __darwin_dev_t = __int32_t */
typedef unsigned short     nlink_t;    /* __uint16_t */
typedef unsigned long long ino64_t;    /* __darwin_ino64_t = __uint64_t */
typedef unsigned int       uid_t;      /* __darwin_uid_t = __uint32_t */
typedef unsigned int       gid_t;      /* __darwin_gid_t = __uint32_t */
typedef long long          blkcnt_t;   /* __darwin_blkcnt_t = __int64_t */
typedef int                blksize_t;  /* __darwin_blksize_t = __int32_t */
typedef long               time_t;     /* __darwin_time_t */

/* bsd/sys/_types/_timespec.h */
struct timespec {
    time_t tv_sec;
    long   tv_nsec;
};

/* bsd/sys/stat.h: struct stat when __DARWIN_64_BIT_INO_T (always on arm64): 144 bytes */
struct stat {
    dev_t           st_dev;            /* [XSI] ID of device containing file */
    mode_t          st_mode;           /* [XSI] Mode of file */
    nlink_t         st_nlink;          /* [XSI] Number of hard links */
    ino64_t         st_ino;            /* [XSI] File serial number */
    uid_t           st_uid;            /* [XSI] User ID of the file */
    gid_t           st_gid;            /* [XSI] Group ID of the file */
    dev_t           st_rdev;           /* [XSI] Device ID */
    struct timespec st_atimespec;      /* time of last access */
    struct timespec st_mtimespec;      /* time of last data modification */
    struct timespec st_ctimespec;      /* time of last status change */
    struct timespec st_birthtimespec;  /* time of file creation(birth) */
    off_t           st_size;           /* [XSI] file size, in bytes */
    blkcnt_t        st_blocks;         /* [XSI] blocks allocated for file */
    blksize_t       st_blksize;        /* [XSI] optimal blocksize for I/O */
    unsigned int    st_flags;          /* user defined flags for file */
    unsigned int    st_gen;            /* file generation number */
    int             st_lspare;         /* RESERVED */
    long long       st_qspare[2];      /* RESERVED */
};

/* ---- bsd/sys/mman.h ---- */
#define PROT_NONE        0x00
#define PROT_READ        0x01
#define PROT_WRITE       0x02
#define PROT_EXEC        0x04

#define MAP_SHARED       0x0001
#define MAP_PRIVATE      0x0002
#define MAP_FIXED        0x0010
#define MAP_NORESERVE    0x0040        /* Sun: don't reserve needed swap area (not implemented) */
#define MAP_NOCACHE      0x0400        /* don't cache pages for this mapping */
#define MAP_FILE         0x0000
#define MAP_ANON         0x1000
#define MAP_ANONYMOUS    MAP_ANON

#define MAP_FAILED       ((void *)-1)

#define MS_ASYNC         0x0001
#define MS_INVALIDATE    0x0002
#define MS_KILLPAGES     0x0004
#define MS_DEACTIVATE    0x0008
#define MS_SYNC          0x0010

#define MADV_NORMAL           0
#define MADV_RANDOM           1
#define MADV_SEQUENTIAL       2
#define MADV_WILLNEED         3
#define MADV_DONTNEED         4
#define MADV_FREE             5
#define MADV_ZERO_WIRED_PAGES 6
#define MADV_FREE_REUSABLE    7
#define MADV_FREE_REUSE       8
#define MADV_CAN_REUSE        9
#define MADV_PAGEOUT          10       /* internal only */
#define MADV_ZERO             11       /* recent xnu only (EINVAL on older kernels) */

#define MINCORE_INCORE            0x1
#define MINCORE_REFERENCED        0x2
#define MINCORE_MODIFIED          0x4
#define MINCORE_REFERENCED_OTHER  0x8
#define MINCORE_MODIFIED_OTHER    0x10
#define MINCORE_PAGED_OUT         0x20
#define MINCORE_COPIED            0x40
#define MINCORE_ANONYMOUS         0x80

/* bsd/sys/posix_shm.h (kernel-private there): longest shm_open() name, without the NUL */
#define PSHMNAMLEN       31

/* ---- bsd/sys/fcntl.h ---- */
#define O_RDONLY         0x0000
#define O_WRONLY         0x0001
#define O_RDWR           0x0002
#define O_CREAT          0x00000200
#define O_TRUNC          0x00000400
#define O_EXCL           0x00000800
#define O_NOFOLLOW       0x00000100
#define O_NONBLOCK       0x00000004
#define O_CLOEXEC        0x01000000
/* fcntl(F_PREALLOCATE) reserves a file's blocks (macOS has no posix_fallocate); bound by hand in
 * MacProvider until the bindings are regenerated */
#define F_PREALLOCATE    42          /* Preallocate storage */
#define F_ALLOCATECONTIG 0x00000002  /* allocate contiguous space */
#define F_ALLOCATEALL    0x00000004  /* allocate all requested space or no space at all */
#define F_PEOFPOSMODE    3           /* Make it past all of the SEOF */
typedef struct fstore {
    unsigned int fst_flags;      /* IN: flags word */
    int          fst_posmode;    /* IN: indicates offset field */
    off_t        fst_offset;     /* IN: start of the region */
    off_t        fst_length;     /* IN: size of the region */
    off_t        fst_bytesalloc; /* OUT: number of bytes allocated */
} fstore_t;

/* ---- bsd/sys/_types/_seek_set.h ---- */
#define SEEK_SET         0
#define SEEK_CUR         1
#define SEEK_END         2

/* ---- Libc include/unistd.h ---- */
#define _SC_PAGESIZE     29

/* ---- bsd/sys/_types/_s_ifmt.h ---- */
#define S_IFMT           0170000
#define S_IFREG          0100000
#define S_IRUSR          0000400  /* bsd/sys/_types/_s_ifmt.h: R for owner */
#define S_IWUSR          0000200  /* bsd/sys/_types/_s_ifmt.h: W for owner */

/* ---- bsd/sys/errno.h ---- */
#define EPERM            1
#define ENOENT           2
#define EINTR            4
#define EIO              5
#define ENXIO            6
#define EBADF            9
#define ENOMEM           12
#define EACCES           13
#define EFAULT           14
#define EBUSY            16
#define EEXIST           17
#define ENODEV           19
#define EINVAL           22
#define ENFILE           23
#define EMFILE           24
#define ETXTBSY          26
#define EFBIG            27
#define ENOSPC           28
#define EROFS            30
#define EAGAIN           35
#define ENOTSUP          45
#define ENAMETOOLONG     63
#define EOVERFLOW        84
#define EOPNOTSUPP       102

/* ---- functions ---- */
void   *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset);
int     munmap(void *addr, size_t len);
int     msync(void *addr, size_t len, int flags);
int     madvise(void *addr, size_t len, int advice);
int     mprotect(void *addr, size_t len, int prot);
int     mlock(const void *addr, size_t len);
int     munlock(const void *addr, size_t len);
int     mincore(const void *addr, size_t len, char *vec);
int     shm_open(const char *name, int oflag, ...);
int     shm_unlink(const char *name);
int     open(const char *path, int oflag, ...);
int     close(int fd);
int     dup(int fd);
int     fsync(int fd);
int     ftruncate(int fd, off_t length);
off_t   lseek(int fd, off_t offset, int whence);
int     fstat(int fd, struct stat *buf);
int     fcntl(int fd, int cmd, ...);
uid_t   geteuid(void);
long    sysconf(int name);
int     getpagesize(void);
char   *strerror(int errnum);

#endif /* JMMAP_MACOS_H */
