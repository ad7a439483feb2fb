/*
 * jmmap_peer: a small C process that maps the same file or POSIX shared-memory name as jmmap, so the
 * interop tests can show bytes and atomic counters crossing from Java to C and back.
 *
 *   jmmap_peer file PATH COMMAND...      maps the whole file, MAP_SHARED, read-write
 *   jmmap_peer shm NAME COMMAND...       shm_open("/NAME") (must exist), maps it whole
 *
 * Commands run in order (the same ones as the Java peer, io.github.jmmap.interop.PeerMain):
 *   read OFF LEN     prints "read <hex>"
 *   write OFF HEX    copies the bytes in
 *   add OFF COUNT    COUNT times __atomic_fetch_add(int64 at OFF, 1); prints "added COUNT", then
 *                    "add-ns NANOS", the time the adds took (CLOCK_MONOTONIC)
 *   await OFF        waits until the int32 at OFF is not 0 (acquire load): yields, then sleeps 1 ms
 *                    between looks, so that many waiting peers leave the CPUs to those still starting
 *   ready            prints "ready"
 *   flush            msync(MS_SYNC)
 * Then prints "done". Any failure prints "error ..." and exits with status 3.
 *
 * Built by cmake/peer/CMakeLists.txt (the tests do it into target/peer).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what, const char *detail) {
    printf("error %s: %s\n", what, detail);
    fflush(stdout);
    exit(3);
}

static long long number(const char *s) {
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < 0) {
        die("not a number", s);
    }
    return v;
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long) t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void check_range(long long off, long long len, size_t size) {
    if (off < 0 || len < 0 || (unsigned long long) off > size || (unsigned long long) len > size - off) {
        die("out of range", "offset/length past the end of the mapping");
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        die("usage", "jmmap_peer file|shm TARGET COMMAND...");
    }
    int fd;
    if (strcmp(argv[1], "file") == 0) {
        fd = open(argv[2], O_RDWR);
    } else if (strcmp(argv[1], "shm") == 0) {
        char name[512];
        snprintf(name, sizeof name, "/%s", argv[2]);
        fd = shm_open(name, O_RDWR, 0);
    } else {
        die("usage", "the first argument is file or shm");
        return 3;
    }
    if (fd < 0) {
        die("open", strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        die("fstat", strerror(errno));
    }
    size_t size = (size_t) st.st_size;
    if (size == 0) {
        die("mmap", "the object is empty");
    }
    unsigned char *base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED) {
        die("mmap", strerror(errno));
    }
    close(fd);

    for (int i = 3; i < argc; ) {
        const char *cmd = argv[i++];
        if (strcmp(cmd, "read") == 0 && i + 1 < argc) {
            long long off = number(argv[i]), len = number(argv[i + 1]);
            check_range(off, len, size);
            printf("read ");
            for (long long k = 0; k < len; k++) {
                printf("%02x", base[off + k]);
            }
            printf("\n");
            i += 2;
        } else if (strcmp(cmd, "write") == 0 && i + 1 < argc) {
            long long off = number(argv[i]);
            const char *hex = argv[i + 1];
            size_t n = strlen(hex) / 2;
            check_range(off, (long long) n, size);
            for (size_t k = 0; k < n; k++) {
                unsigned int b;
                if (sscanf(hex + 2 * k, "%2x", &b) != 1) {
                    die("not hex", hex);
                }
                base[off + k] = (unsigned char) b;
            }
            i += 2;
        } else if (strcmp(cmd, "add") == 0 && i + 1 < argc) {
            long long off = number(argv[i]), count = number(argv[i + 1]);
            check_range(off, 8, size);
            if (off % 8 != 0) {
                die("add", "the offset is not 8-byte aligned");
            }
            int64_t *counter = (int64_t *) (base + off);
            long long t0 = now_ns();
            for (long long k = 0; k < count; k++) {
                __atomic_fetch_add(counter, 1, __ATOMIC_SEQ_CST);
            }
            long long ns = now_ns() - t0;
            printf("added %lld\n", count);
            printf("add-ns %lld\n", ns);
            i += 2;
        } else if (strcmp(cmd, "await") == 0 && i < argc) {
            long long off = number(argv[i]);
            check_range(off, 4, size);
            int32_t *flag = (int32_t *) (base + off);
            const struct timespec ms = {0, 1000000};
            for (int spins = 0; __atomic_load_n(flag, __ATOMIC_ACQUIRE) == 0; spins++) {
                if (spins < 1000) {
                    sched_yield();
                } else {
                    nanosleep(&ms, NULL);
                }
            }
            i += 1;
        } else if (strcmp(cmd, "ready") == 0) {
            printf("ready\n");
        } else if (strcmp(cmd, "flush") == 0) {
            if (msync(base, size, MS_SYNC) != 0) {
                die("msync", strerror(errno));
            }
        } else {
            die("unknown command or missing arguments", cmd);
        }
        fflush(stdout);
    }
    munmap(base, size);
    printf("done\n");
    return 0;
}
