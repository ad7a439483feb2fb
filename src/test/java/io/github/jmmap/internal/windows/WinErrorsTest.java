package io.github.jmmap.internal.windows;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Which exception a Win32 failure becomes, checked on every OS (no native code involved). */
class WinErrorsTest {

    @Test
    void aSharingViolationIsAFileSystemExceptionForTheFile() {
        IOException e = WinErrors.of("CreateFileW", "ERROR_SHARING_VIOLATION", 32,
                "The process cannot access the file because it is being used by another process", "C:\\d.bin", null);
        assertEquals(FileSystemException.class, e.getClass());
        FileSystemException f = (FileSystemException) e;
        assertEquals("C:\\d.bin", f.getFile());
        assertEquals("CreateFileW failed: ERROR_SHARING_VIOLATION (32): The process cannot access the file because it"
                + " is being used by another process", f.getReason());
        assertEquals(FileSystemException.class, WinErrors.of("SetFileInformationByHandle", "ERROR_SHARING_VIOLATION",
                32, "x", "C:\\d.bin", null).getClass());
    }

    /** Events, mutexes, semaphores, timers and jobs share the name space: Windows says only "The handle is invalid". */
    @Test
    void aTagnameOfAnotherKindOfObjectIsNamedAsSuch() {
        IOException e = WinErrors.of("CreateFileMappingW", "ERROR_INVALID_HANDLE", 6, "The handle is invalid",
                "tagname \"jobs\"", "jobs");
        assertEquals(IOException.class, e.getClass());
        assertEquals("tagname \"jobs\" is the name of an object of another kind (an event, semaphore, mutex, waitable"
                + " timer or job, which share one namespace with mapping objects): CreateFileMappingW failed:"
                + " ERROR_INVALID_HANDLE (6): The handle is invalid", e.getMessage());
    }

    @Test
    void creatingUnderGlobalWithoutThePrivilegeSaysWhichPrivilege() {
        IOException e = WinErrors.of("CreateFileMappingW", "ERROR_ACCESS_DENIED", 5, "Access is denied",
                "tagname \"Global\\jobs\"", "Global\\jobs");
        AccessDeniedException a = assertInstanceOf(AccessDeniedException.class, e);
        assertEquals("Global\\jobs", a.getFile());
        assertEquals("CreateFileMappingW failed: ERROR_ACCESS_DENIED (5): Access is denied; creating a name under"
                + " Global\\ needs SeCreateGlobalPrivilege", a.getReason());
        AccessDeniedException open = assertInstanceOf(AccessDeniedException.class, WinErrors.of("OpenFileMappingW",
                "ERROR_ACCESS_DENIED", 5, "Access is denied", "tagname \"Global\\jobs\"", "Global\\jobs"));
        assertEquals("OpenFileMappingW failed: ERROR_ACCESS_DENIED (5): Access is denied", open.getReason());
    }

    @Test
    void createFileKeepsItsJavaNioTypes() {
        assertEquals(NoSuchFileException.class, WinErrors.of("CreateFileW", "ERROR_FILE_NOT_FOUND", 2, "x", "p", null)
                .getClass());
        assertEquals(NoSuchFileException.class, WinErrors.of("CreateFileW", "ERROR_PATH_NOT_FOUND", 3, "x", "p", null)
                .getClass());
        assertEquals(AccessDeniedException.class, WinErrors.of("CreateFileW", "ERROR_ACCESS_DENIED", 5, "x", "p", null)
                .getClass());
        assertEquals(FileAlreadyExistsException.class, WinErrors.of("CreateFileW", "ERROR_FILE_EXISTS", 80, "x", "p",
                null).getClass());
    }

    @Test
    void theRestNameTheCallTheCodeAndTheText() {
        IOException e = WinErrors.of("MapViewOfFile", "ERROR_NOT_ENOUGH_MEMORY", 8, "Not enough memory", "p.bin", null);
        assertEquals(IOException.class, e.getClass());
        assertEquals("MapViewOfFile p.bin failed: ERROR_NOT_ENOUGH_MEMORY (8): Not enough memory", e.getMessage());
    }
}
