package io.github.jmmap;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.function.Function;

/**
 * What the java.io and java.nio faces share: running an access on the map's live segment, again
 * on the new one when a resize or protect replaced it mid-call, and turning the map's exceptions
 * into the ones a face's interface promises.
 */
final class Faces {
    /** How often an access is tried again on a replaced segment before its failure is thrown. */
    private static final int ATTEMPTS = 100;

    private Faces() {
    }

    /**
     * An access to a segment; it changes no state of the face until it has succeeded.
     *
     * @param <T> what it returns
     * @param <X> what it throws
     */
    interface SegmentAccess<T, X extends Exception> {
        /**
         * Accesses {@code s}.
         *
         * @param s the map's segment now
         * @return the access's result
         * @throws X the access's failure
         */
        T apply(MemorySegment s) throws X;
    }

    /**
     * Runs {@code access} on the map's live segment (the writable one for a non-null
     * {@code writeOperation}). If the segment turns out invalid because a resize or protect
     * replaced it, runs it again on the new one. Throws what the map throws: IllegalStateException
     * "map is closed" (or naming the owner of a confined map used from another thread),
     * ReadOnlyBufferException, and UncheckedIOException for a fault.
     *
     * @param <T>            what the access returns
     * @param <X>            what the access throws
     * @param map            the map
     * @param writeOperation null for a read, else the write's name for the map's read-only refusal
     * @param access         what to do with the segment
     * @return the access's result
     * @throws X the access's failure
     */
    static <T, X extends Exception> T onLive(MemoryMap map, String writeOperation, SegmentAccess<T, X> access) throws X {
        MemorySegment s = map.current(writeOperation, false);
        for (int attempt = 1; ; attempt++) {
            try {
                return access.apply(s);
            } catch (IllegalStateException e) {
                if (s.scope().isAlive() || attempt >= ATTEMPTS) {
                    throw e;                      // not a replaced segment: the access's own exception
                }
                s = map.current(writeOperation, true);   // "map is closed" once it is
            } catch (WrongThreadException e) {
                throw map.confinedRefusal(e);      // a confined map on another thread: jmmap's message
            } catch (InternalError e) {
                throw map.fault(e);                // the map tells "no space" from "truncated"
            }
        }
    }

    /**
     * For a catch block of a call copying to or from a caller's {@code buffer}: if the buffer's
     * memory is gone (a view from {@link MemoryMap#asByteBuffer} of a map closed or resized
     * since), an IllegalStateException that says so, with the JDK's {@code e} ("Already closed")
     * as its cause; otherwise (another IllegalStateException, a WrongThreadException) {@code e}
     * itself. The map's own segment dying is the caller's other business (retry on the new one,
     * or "map is closed").
     *
     * @param buffer the caller's argument
     * @param e      what the copy threw
     * @return the exception to throw, or to hand to the retry logic
     */
    static RuntimeException unmapped(ByteBuffer buffer, RuntimeException e) {
        if (!(e instanceof IllegalStateException) || MemorySegment.ofBuffer(buffer).scope().isAlive()) {
            return e;
        }
        return new IllegalStateException("the buffer's memory is no longer mapped: it is a view of a map that was"
                + " closed or resized since", e);
    }

    /**
     * Copies {@code n} bytes of {@code s} from {@code at} into {@code dst} at its position, then
     * moves that position past them; nothing moves if the copy fails. A buffer whose memory is
     * gone throws as {@link #unmapped} says; the map's own segment dying throws the JDK's
     * IllegalStateException, for the caller's retry.
     *
     * @param s   the map's segment
     * @param at  where in {@code s} the bytes start
     * @param dst the caller's buffer, with at least {@code n} bytes remaining
     * @param n   how many bytes
     */
    static void toBuffer(MemorySegment s, long at, ByteBuffer dst, int n) {
        try {
            MemorySegment.copy(s, at, MemorySegment.ofBuffer(dst), 0, n);
        } catch (IllegalStateException e) {
            throw unmapped(dst, e);
        }
        dst.position(dst.position() + n);
    }

    /**
     * Copies all of {@code src.remaining()} bytes into {@code s} at {@code at}, then moves
     * {@code src}'s position past them; as {@link #toBuffer}, the other way.
     *
     * @param src the caller's buffer
     * @param s   the map's (writable) segment, with room for them
     * @param at  where in {@code s} they go
     * @return how many bytes were copied
     */
    static int fromBuffer(ByteBuffer src, MemorySegment s, long at) {
        int n = src.remaining();
        try {
            MemorySegment.copy(MemorySegment.ofBuffer(src), 0, s, at, n);
        } catch (IllegalStateException e) {
            throw unmapped(src, e);
        }
        src.position(src.position() + n);
        return n;
    }

    /**
     * {@link #io} for a java.io stream: IOException "stream is closed" once the stream is, IOException
     * "map is closed" once the map is.
     *
     * @param <T>            what the access returns
     * @param streamClosed   whether the stream is closed
     * @param map            the map
     * @param writeOperation null for a read, else the write's name
     * @param access         what to do with the segment
     * @return the access's result
     * @throws IOException the stream's or the map's closing, the access's failure, a fault
     */
    static <T> T stream(boolean streamClosed, MemoryMap map, String writeOperation,
                        SegmentAccess<T, IOException> access) throws IOException {
        if (streamClosed) {
            throw new IOException("stream is closed");
        }
        return io(map, writeOperation, access, IOException::new);
    }

    /**
     * {@link #onLive} for a face that speaks java.io: a closed map becomes {@code closed}'s
     * exception (with the map's as its cause), a read-only map and a fault become IOException.
     *
     * @param <T>            what the access returns
     * @param <X>            the face's exception for a closed map
     * @param map            the map
     * @param writeOperation null for a read, else the write's name
     * @param access         what to do with the segment
     * @param closed         makes the face's exception for a closed map from its message
     * @return the access's result
     * @throws IOException the map's closing, the access's failure, a fault
     */
    static <T, X extends IOException> T io(MemoryMap map, String writeOperation, SegmentAccess<T, IOException> access,
                                           Function<String, X> closed) throws IOException {
        try {
            return onLive(map, writeOperation, access);
        } catch (IllegalStateException e) {
            if (map.isClosed()) {
                X x = closed.apply("map is closed");
                x.initCause(e);
                throw x;
            }
            throw e;
        } catch (ReadOnlyBufferException e) {
            throw new IOException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
