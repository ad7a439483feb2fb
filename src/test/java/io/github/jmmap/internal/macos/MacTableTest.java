package io.github.jmmap.internal.macos;

import io.github.jmmap.internal.Tagnames;
import io.github.jmmap.internal.posix.PosixSymbols;
import io.github.jmmap.internal.posix.ShmTraits;
import io.github.jmmap.internal.posix.StatLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The macOS symbol table's decisions, checked on Linux too: the table is only built here (glibc
 * has every name it looks up), never called. Each expected value is cited from xnu.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the table looks its functions up in the C library")
class MacTableTest {

    @Test
    void tagnamesMayHaveThirtyBytes() {
        // bsd/kern/posix_shm.c pshm_get_name: copyinstr(name, buf, PSHMNAMLEN + 1, ...) takes 31 bytes
        // and the NUL; the name is "/" + tagname, so a tagname has at most 30
        assertEquals(30, MacProvider.maxTagname());
        assertDoesNotThrow(() -> Tagnames.checkPosix("n".repeat(30), MacProvider.maxTagname(), "macos"));
        assertEquals("tagname is 31 bytes long; macos allows at most 30: \"" + "n".repeat(31) + "\"",
                assertThrows(IllegalArgumentException.class,
                        () -> Tagnames.checkPosix("n".repeat(31), MacProvider.maxTagname(), "macos")).getMessage());
    }

    @Test
    void fstatIsTheSixtyFourBitInodeOneOnBothCpus() {
        assertEquals("fstat", MacProvider.fstatSymbol("aarch64"));
        assertEquals("fstat$INODE64", MacProvider.fstatSymbol("x86_64"));
    }

    @Test
    void sizesComeFromFstatWithXnusStructStat() {
        PosixSymbols table = MacProvider.table("aarch64").build();
        // bsd/sys/stat.h __DARWIN_STRUCT_STAT64, LP64: st_dev int @0, st_mode u16 @4, st_nlink u16 @6,
        // st_ino u64 @8, st_uid @16, st_gid @20, st_rdev @24, 4 bytes padding, four timespecs @32..96,
        // st_size @96, st_blocks @104, st_blksize @112, st_flags @116, st_gen @120, st_lspare @124,
        // st_qspare[2] @128: 144 bytes
        assertEquals(new StatLayout(144, 96, 4, 2, 0170000), table.statLayout());
    }

    @Test
    void shmObjectsFollowXnusRules() {
        PosixSymbols table = MacProvider.table("aarch64").build();
        ShmTraits shm = table.shmTraits();
        assertEquals(ShmTraits.SIZED_ONCE, shm);
        assertFalse(shm.cloexecFlag(), "posix_shm.c sets FP_CLOEXEC itself; macOS 26.4 refuses O_CLOEXEC");
        assertFalse(shm.copyMaps(), "pshm_mmap: if (!(flags & MAP_SHARED)) return EINVAL");
        // bsd/sys/fcntl.h
        assertEquals(0x00000100, table.constantOrNull("O_NOFOLLOW"));
        assertEquals(0x00000004, table.constantOrNull("O_NONBLOCK"), "a file map opens non-blocking");
        assertEquals(0x01000000, table.constantOrNull("O_CLOEXEC"));
    }
}
