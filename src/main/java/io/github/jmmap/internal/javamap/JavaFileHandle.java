package io.github.jmmap.internal.javamap;

import io.github.jmmap.internal.Handle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A file or /dev/shm object opened as a FileChannel. */
final class JavaFileHandle implements Handle {
    private final FileChannel channel;
    private final String description;

    JavaFileHandle(FileChannel channel, String description) {
        this.channel = channel;
        this.description = description;
    }

    FileChannel channel() {
        return channel;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public void setSize(long size) throws IOException {
        long current = channel.size();
        if (size < current) {
            channel.truncate(size);
        } else if (size > current) {
            // FileChannel cannot grow a file directly: one zero byte at the new end does it (sparse)
            ByteBuffer zero = ByteBuffer.allocate(1);
            while (zero.hasRemaining()) {
                channel.write(zero, size - 1);
            }
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
