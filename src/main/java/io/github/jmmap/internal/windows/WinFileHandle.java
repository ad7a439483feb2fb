package io.github.jmmap.internal.windows;

import io.github.jmmap.internal.Handle;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A file opened with CreateFileW for mapping, shared for read, write and delete so that other
 * programs can still read, write, rename or delete the file while it is open or mapped.
 */
final class WinFileHandle implements Handle {
    private final Win32 win32;
    final long handle;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    WinFileHandle(Win32 win32, long handle, String description) {
        this.win32 = win32;
        this.handle = handle;
        this.description = description;
    }

    @Override
    public long size() throws IOException {
        return win32.fileSize(handle, description);
    }

    @Override
    public void setSize(long size) throws IOException {
        win32.setFileSize(handle, size, description);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            win32.closeHandle(handle);
        }
    }
}
