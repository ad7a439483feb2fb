package io.github.jmmap.conformance;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.Whence;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random sequences of operations, in range and out of it, run against a map and against a plain
 * byte[] model; every result, every exception type, the position, and the final file bytes must
 * agree. One concrete subclass per backend.
 */
public abstract class ModelProperties {

    protected Backend backend() {
        return getClass().getAnnotation(BackendUnderTest.class).value();
    }

    /** One operation with its arguments; unused arguments are ignored. */
    public record Op(Kind kind, long a, long b, long c, byte[] bytes) {
        @Override
        public String toString() {
            return kind + "(" + a + ", " + b + ", " + c + ", " + (bytes == null ? "-" : Arrays.toString(bytes)) + ")";
        }
    }

    public enum Kind { GET, SET, SLICE, SET_SLICE, STEP_SLICE, SEEK, READ, READ_BYTE, READ_LINE, WRITE, WRITE_BYTE,
        FIND, RFIND, MOVE, RESIZE, FLUSH, GET_LONG, SET_LONG }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Kind> kinds = Arbitraries.of(Kind.class);
        Arbitrary<Long> small = Arbitraries.longs().between(-3, 300);
        // a small alphabet with '\n' in it: many partial matches for find, many lines for readLine
        Arbitrary<byte[]> bytes = Arbitraries.of((byte) 0, (byte) 1, (byte) 2, (byte) '\n').array(byte[].class)
                .ofMaxSize(12);
        return Combinators.combine(kinds, small, small, Arbitraries.longs().between(-4, 5), bytes)
                .as(Op::new).list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 150)
    void fileMapAgreesWithAByteArrayModel(@ForAll("ops") List<Op> ops,
                                          @ForAll @IntRange(min = 1, max = 260) int initial) throws IOException {
        Path file = Files.createTempFile("jmmap-model-", ".bin");
        try {
            byte[] start = new byte[initial];
            for (int i = 0; i < initial; i++) {
                start[i] = (byte) (i % 7 == 3 ? '\n' : i % 4);
            }
            Files.write(file, start);
            Model model = new Model(start);
            try (MemoryMap m = MemoryMap.open(file, MapOptions.builder().access(Access.WRITE).backend(backend()).build())) {
                for (Op op : ops) {
                    Object expected = run(model, op);
                    Object actual = run(m, op);
                    assertSame(expected, actual, op);
                    assertEquals(model.pos, m.tell(), "position after " + op);
                    assertEquals(model.data.length, m.length(), "length after " + op);
                }
                assertArrayEquals(model.data, m.get(0, m.length()));
            }
            assertArrayEquals(model.data, Files.readAllBytes(file), "the file after close");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void assertSame(Object expected, Object actual, Op op) {
        if (expected instanceof byte[] e && actual instanceof byte[] a) {
            assertArrayEquals(e, a, op.toString());
        } else {
            assertEquals(expected, actual, op.toString());
        }
    }

    /** Runs op on the map; returns its result, or the exception's class. */
    private static Object run(MemoryMap m, Op op) {
        try {
            return switch (op.kind) {
                case GET -> m.get(op.a);
                case SET -> { m.set(op.a, (byte) op.c); yield null; }
                case SLICE -> m.get(op.a, op.b);
                case SET_SLICE -> { m.set(op.a, op.bytes); yield null; }
                case STEP_SLICE -> m.get(op.a, op.b, op.c);
                case SEEK -> m.seek(op.a - 50, Whence.values()[(int) Math.floorMod(op.c, 3)]);
                case READ -> m.read((int) op.a);
                case READ_BYTE -> m.readByte();
                case READ_LINE -> m.readLine();
                case WRITE -> m.write(op.bytes);
                case WRITE_BYTE -> { m.writeByte((byte) op.c); yield null; }
                case FIND -> m.find(op.bytes, op.a, op.b);
                case RFIND -> m.rfind(op.bytes, op.a, op.b);
                case MOVE -> { m.move(op.a, op.b, op.c * 7); yield null; }
                case RESIZE -> { m.resize(op.a); yield null; }
                case FLUSH -> { m.flush(op.a, op.b); yield null; }
                case GET_LONG -> m.getLong(op.a);
                case SET_LONG -> { m.setLong(op.a, op.b * 0x0101010101L); yield null; }
            };
        } catch (RuntimeException | IOException e) {
            return e instanceof BufferOverflowException ? BufferOverflowException.class
                    : e instanceof BufferUnderflowException ? BufferUnderflowException.class : e.getClass();
        }
    }

    /** The reference: Python's semantics with design.md's strict bounds, on a byte[]. */
    static final class Model {
        byte[] data;
        long pos;

        Model(byte[] data) {
            this.data = data.clone();
        }

        long len() {
            return data.length;
        }
    }

    private static Object run(Model m, Op op) {
        long len = m.len();
        return switch (op.kind) {
            case GET -> op.a < 0 || op.a >= len ? IndexOutOfBoundsException.class : m.data[(int) op.a];
            case SET -> {
                if (op.a < 0 || op.a >= len) {
                    yield IndexOutOfBoundsException.class;
                }
                m.data[(int) op.a] = (byte) op.c;
                yield null;
            }
            case SLICE -> op.a < 0 || op.b < op.a || op.b > len ? IndexOutOfBoundsException.class
                    : Arrays.copyOfRange(m.data, (int) op.a, (int) op.b);
            case SET_SLICE -> {
                if (op.a < 0 || op.a + op.bytes.length > len) {
                    yield IndexOutOfBoundsException.class;
                }
                System.arraycopy(op.bytes, 0, m.data, (int) op.a, op.bytes.length);
                yield null;
            }
            case STEP_SLICE -> {
                long step = op.c;
                if (step == 0) {
                    yield IllegalArgumentException.class;
                }
                if (step > 0 ? (op.a < 0 || op.b < op.a || op.b > len)
                        : (op.b < -1 || op.a < op.b || (op.a > op.b && op.a >= len))) {
                    yield IndexOutOfBoundsException.class;
                }
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                for (long i = op.a; step > 0 ? i < op.b : i > op.b; i += step) {
                    out.write(m.data[(int) i]);
                }
                yield out.toByteArray();
            }
            case SEEK -> {
                Whence w = Whence.values()[(int) Math.floorMod(op.c, 3)];
                long base = w == Whence.SET ? 0 : w == Whence.CURRENT ? m.pos : len;
                long target = base + op.a - 50;
                if (target < 0 || target > len) {
                    yield IllegalArgumentException.class;
                }
                m.pos = target;
                yield target;
            }
            case READ -> {
                if (op.a < 0) {
                    yield IllegalArgumentException.class;
                }
                int n = (int) Math.min(op.a, Math.max(0, len - m.pos));
                byte[] out = n == 0 ? new byte[0] : Arrays.copyOfRange(m.data, (int) m.pos, (int) m.pos + n);
                m.pos += n;
                yield out;
            }
            case READ_BYTE -> {
                if (m.pos >= len) {
                    yield BufferUnderflowException.class;
                }
                yield m.data[(int) m.pos++] & 0xFF;
            }
            case READ_LINE -> {
                if (m.pos >= len) {
                    yield new byte[0];
                }
                int end = (int) m.pos;
                while (end < len && m.data[end] != '\n') {
                    end++;
                }
                end = Math.min(end + 1, (int) len);
                byte[] out = Arrays.copyOfRange(m.data, (int) m.pos, end);
                m.pos = end;
                yield out;
            }
            case WRITE -> {
                if (m.pos > len || op.bytes.length > len - m.pos) {
                    yield BufferOverflowException.class;
                }
                System.arraycopy(op.bytes, 0, m.data, (int) m.pos, op.bytes.length);
                m.pos += op.bytes.length;
                yield op.bytes.length;
            }
            case WRITE_BYTE -> {
                if (m.pos >= len) {
                    yield BufferOverflowException.class;
                }
                m.data[(int) m.pos++] = (byte) op.c;
                yield null;
            }
            case FIND, RFIND -> {
                if (op.a < 0 || op.b < op.a || op.b > len) {
                    yield IndexOutOfBoundsException.class;
                }
                yield ConformanceSuite.naiveFind(m.data, op.bytes, (int) op.a, (int) op.b, op.kind == Kind.FIND);
            }
            case MOVE -> {
                long count = op.c * 7;
                if (op.a < 0 || op.b < 0 || count < 0 || count > len - op.b || count > len - op.a) {
                    yield IndexOutOfBoundsException.class;
                }
                System.arraycopy(m.data, (int) op.b, m.data, (int) op.a, (int) count);
                yield null;
            }
            case RESIZE -> {
                if (op.a <= 0) {
                    yield IllegalArgumentException.class;
                }
                m.data = Arrays.copyOf(m.data, (int) op.a);
                yield null;
            }
            case FLUSH -> op.a < 0 || op.b < 0 || op.a > len || op.b > len - op.a ? IndexOutOfBoundsException.class : null;
            case GET_LONG -> op.a < 0 || op.a > len - 8 ? IndexOutOfBoundsException.class
                    : java.nio.ByteBuffer.wrap(m.data).order(MemoryMap.byteOrder()).getLong((int) op.a);
            case SET_LONG -> {
                if (op.a < 0 || op.a > len - 8) {
                    yield IndexOutOfBoundsException.class;
                }
                java.nio.ByteBuffer.wrap(m.data).order(MemoryMap.byteOrder()).putLong((int) op.a, op.b * 0x0101010101L);
                yield null;
            }
        };
    }
}
