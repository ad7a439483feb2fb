package io.github.jmmap.internal.windows;

import io.github.jmmap.internal.Errors;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Which exception a failed Win32 call becomes, decided by the ERROR_ name (kept free of native
 * code so that it is tested on every OS). CreateFileW's usual failures get java.nio.file types; a
 * call given a tagname says what the name collides with.
 *
 * <pre>{@code
 * IOException e = WinErrors.of("CreateFileW", "ERROR_SHARING_VIOLATION", 32, "The process cannot access the file",
 *         "C:\\data.bin", null);
 * // a FileSystemException for C:\data.bin
 * }</pre>
 */
final class WinErrors {
    private WinErrors() {
    }

    /**
     * The exception for a failed call.
     *
     * @param call    the Win32 function
     * @param name    the ERROR_ name of the code ("ERROR" if unknown)
     * @param code    GetLastError's value
     * @param text    FormatMessageW's text
     * @param subject the file or object, for the message (may be null)
     * @param tagname the object name the call was given, or null
     */
    static IOException of(String call, String name, int code, String text, String subject, String tagname) {
        String reason = call + " failed: " + name + " (" + code + "): " + text;
        if (tagname != null) {
            switch (name) {
                case "ERROR_INVALID_HANDLE" -> {
                    return new IOException("tagname \"" + tagname + "\" is the name of an object of another kind (an"
                            + " event, semaphore, mutex, waitable timer or job, which share one namespace with"
                            + " mapping objects): " + reason);
                }
                case "ERROR_ACCESS_DENIED" -> {
                    String hint = call.equals("CreateFileMappingW") && WinNames.prefixLength(tagname) == "Global\\".length()
                            ? "; creating a name under Global\\ needs SeCreateGlobalPrivilege" : "";
                    return new AccessDeniedException(tagname, null, reason + hint);
                }
                default -> {
                    // the generic message below
                }
            }
        }
        if (subject != null && name.equals("ERROR_SHARING_VIOLATION")) {
            // another process has the file open without sharing it
            return new FileSystemException(subject, null, reason);
        }
        if (subject != null && call.equals("CreateFileW")) {
            switch (name) {
                case "ERROR_FILE_NOT_FOUND", "ERROR_PATH_NOT_FOUND" -> {
                    return new NoSuchFileException(subject, null, reason);
                }
                case "ERROR_ACCESS_DENIED" -> {
                    return new AccessDeniedException(subject, null, reason);
                }
                case "ERROR_FILE_EXISTS", "ERROR_ALREADY_EXISTS" -> {
                    return new FileAlreadyExistsException(subject, null, reason);
                }
                default -> {
                    // the generic message below
                }
            }
        }
        return Errors.os(call, name, code, text, subject);
    }
}
