package io.github.jmmap.internal.javamap;

import io.github.jmmap.internal.Handle;
import io.github.jmmap.internal.Space;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** A file or /dev/shm object opened as a FileChannel. */
final class JavaFileHandle implements Handle {
    private final FileChannel channel;
    private final String description;
    private final Path store;          // a path on the file system holding the object, or null
    private final boolean created;

    JavaFileHandle(FileChannel channel, String description) {
        this(channel, description, null, false);
    }

    JavaFileHandle(FileChannel channel, String description, Path store, boolean created) {
        this.channel = channel;
        this.description = description;
        this.store = store;
        this.created = created;
    }

    FileChannel channel() {
        return channel;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    /**
     * FileChannel's IOException names neither the call nor the file ("File too large"): this says
     * both, in the NATIVE backend's shape ("ftruncate <path> failed: ..."), as JavaRegion does for
     * FileChannel.map.
     */
    @Override
    public void setSize(long size) throws IOException {
        long current = channel.size();
        if (size < current) {
            try {
                channel.truncate(size);
            } catch (IOException e) {
                throw failed("FileChannel.truncate", e, " (to cut the file to " + size + " bytes)");
            }
        } else if (size > current) {
            // FileChannel cannot grow a file directly: one zero byte at the new end does it (sparse)
            ByteBuffer zero = ByteBuffer.allocate(1);
            try {
                while (zero.hasRemaining()) {
                    channel.write(zero, size - 1);
                }
            } catch (IOException e) {
                throw failed("FileChannel.write", e, " (1 byte at offset " + (size - 1) + ", to extend the file to "
                        + size + " bytes)");
            }
        }
    }

    /**
     * {@code e} as "<call> <file> failed: <e's message><what>", with {@code e} as its cause; a
     * ClosedChannelException (an interrupt, say) stays as it is, for callers that test its type.
     */
    private IOException failed(String call, IOException e, String what) {
        if (e instanceof ClosedChannelException) {
            return e;
        }
        return new IOException(call + " " + description + " failed: " + e.getMessage() + what, e);
    }

    @Override
    public boolean created() {
        return created;
    }

    @Override
    public long freeSpace() {
        return store == null ? -1 : Space.usable(store);
    }

    /**
     * Pure Java has no fallocate: writing zeros over the extension makes the file system allocate
     * every block now, so a full one fails here with "No space left on device". Slower than
     * fallocate (it writes the bytes), and done once, when the map extends the file.
     */
    @Override
    public void preallocate(long size, long newSize) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(1 << 20, Math.max(1, newSize - size)));
        for (long at = size; at < newSize; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), newSize - at));
            at += channel.write(zeros, at);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
