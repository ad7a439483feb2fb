package io.github.jmmap.differential;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.Whence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Random operation sequences over jmmap's byte-array and file faces, with boundary-heavy
 * arguments drawn from the map's current length and position, and their execution on jmmap. An
 * operation is a list {@code [name, arg...]}, the form the CPython peer ({@code mmap_peer.py})
 * runs too; bytes are hex strings. Java's {@code to == -1} of a downward stepped slice (the slice
 * reaches index 0) is written as Python's {@code None}.
 */
final class Operations {
    private Operations() {
    }

    static final HexFormat HEX = HexFormat.of();
    static final long PAGE = MemoryMap.allocationGranularity();

    private static final String[] NAMES = {"get", "set", "slice", "step", "setslice", "setat", "setstep",
        "find", "rfind", "read", "readbyte", "readline", "write", "writebyte", "seek", "tell", "len", "size",
        "resize", "flush", "move"};

    /** The content of a fresh file: a small alphabet with '\n', so find and readline meet many matches. */
    static byte[] content(Random r) {
        int[] sizes = {0, 1, 2, 7, 100, (int) PAGE - 1, (int) PAGE, (int) PAGE + 1, 2 * (int) PAGE - 3,
            2 * (int) PAGE, 3 * (int) PAGE + 17};
        byte[] b = new byte[r.nextInt(10) == 0 ? r.nextInt(4 * (int) PAGE) : sizes[r.nextInt(sizes.length)]];
        fill(r, b);
        return b;
    }

    private static void fill(Random r, byte[] b) {
        byte[] alphabet = {'a', 'b', 'c', '\n', 0, (byte) 0xFF};
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextInt(8) == 0 ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
        }
    }

    // ------------------------------------------------------------------------------ generation

    /** The next operation, its arguments drawn around the state of {@code m} (null: no map). */
    static List<Object> next(Random r, MemoryMap m, Path file) throws IOException {
        int dice = r.nextInt(100);
        if (m == null || dice < 3 || (m.isClosed() && dice < 20)) {      // a closed map is soon opened again
            return open(r, java.nio.file.Files.size(file));
        }
        if (dice < 4) {
            return op("close");
        }
        boolean open = !m.isClosed();
        long len = open ? m.length() : 16;
        long pos = open ? m.tell() : 0;
        String name = NAMES[r.nextInt(NAMES.length)];
        return switch (name) {
            case "get" -> op(name, index(r, len, pos));
            case "set" -> op(name, index(r, len, pos), (long) r.nextInt(256));
            case "slice" -> {
                long from = index(r, len, pos);
                yield op(name, from, r.nextBoolean() ? index(r, len, pos) : Math.min(len, from + r.nextInt(20)));
            }
            case "step" -> stepped(r, len, pos, false);
            case "setslice" -> {
                long from = index(r, len, pos);
                long to = r.nextBoolean() ? index(r, len, pos) : Math.min(len, from + r.nextInt(20));
                yield op(name, from, to, hex(r, sizeNear(r, to - from)));
            }
            case "setat" -> op(name, index(r, len, pos), hex(r, r.nextInt(4) == 0 ? (int) Math.min(len, 40) : r.nextInt(12)));
            case "setstep" -> stepped(r, len, pos, true);
            case "find", "rfind" -> {
                String needle = needle(r, m, len);
                yield switch (r.nextInt(3)) {
                    case 0 -> op(name, needle);
                    case 1 -> op(name, needle, index(r, len, pos));
                    default -> op(name, needle, index(r, len, pos), index(r, len, pos));
                };
            }
            case "read" -> switch (r.nextInt(4)) {
                case 0 -> op(name);
                case 1 -> op(name, pick(r, 0, 1, -1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE));
                default -> op(name, (long) (r.nextBoolean() ? r.nextInt(20) : r.nextInt((int) Math.min(len + 10, 1 << 20))));
            };
            case "write" -> op(name, hex(r, r.nextInt(5) == 0 ? (int) Math.max(0, len - pos) : r.nextInt(12)));
            case "writebyte" -> op(name, (long) r.nextInt(256));
            case "seek" -> {
                Whence w = Whence.values()[r.nextInt(3)];
                long base = switch (w) { case SET -> 0; case CURRENT -> pos; case END -> len; };
                long target = index(r, len, pos);
                yield op(name, r.nextInt(8) == 0 ? pick(r, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, -1)
                        : target - base, w.name());
            }
            case "resize" -> op(name, r.nextInt(10) == 0 ? pick(r, 0, -1, 1)
                    : r.nextInt(3) == 0 ? len : pick(r, len + 1, len - 1, PAGE, PAGE + 1, 2 * PAGE - 1, 1 + r.nextInt(3 * (int) PAGE)));
            case "flush" -> {
                if (r.nextInt(4) == 0) {
                    yield op(name);
                }
                long off = r.nextBoolean() ? PAGE * r.nextInt((int) (len / PAGE) + 2) : index(r, len, pos);
                yield op(name, off, r.nextBoolean() ? Math.max(0, len - off) : index(r, len, pos));
            }
            case "move" -> op(name, index(r, len, pos), index(r, len, pos),
                    r.nextBoolean() ? (long) r.nextInt(30) : index(r, len, pos));
            default -> op(name);                // readbyte, readline, tell, len, size
        };
    }

    private static List<Object> open(Random r, long fileSize) {
        Access access = Access.values()[r.nextInt(4)];
        long pages = fileSize / PAGE;
        long offset = r.nextInt(3) == 0 ? PAGE * r.nextInt((int) pages + 2) : 0;
        long rest = fileSize - offset;
        long length = switch (r.nextInt(7)) {
            case 0, 1 -> 0;
            case 2 -> rest;
            case 3 -> rest + pick(r, 1, -1, PAGE);
            case 4 -> 1 + r.nextInt(100);
            default -> 1 + r.nextInt((int) Math.max(1, Math.min(rest, 3 * PAGE)));
        };
        return op("open", access.name(), offset, Math.max(0, length));
    }

    /** A stepped slice (read or write), Java's bounds; to == -1 with a negative step goes out as null. */
    private static List<Object> stepped(Random r, long len, long pos, boolean write) {
        long step = r.nextInt(6) == 0
                ? pick(r, Long.MAX_VALUE, Long.MIN_VALUE, -Long.MAX_VALUE, Long.MAX_VALUE - 1, 0, len, -len)
                : pick(r, 1, 2, 3, 7, -1, -2, -3, -7);
        long from;
        long to;
        if (step < 0) {
            from = r.nextInt(5) == 0 ? index(r, len, pos) : len - 1 - r.nextInt((int) Math.min(len, 5) + 1);
            to = r.nextBoolean() ? -1 : index(r, len, pos);
        } else {
            from = index(r, len, pos);
            to = r.nextBoolean() ? len : index(r, len, pos);
        }
        Long pyTo = step < 0 && to == -1 ? null : to;
        if (!write) {
            return op("step", from, pyTo, step);
        }
        long count = javaCount(from, to, step);
        return op("setstep", from, pyTo, step, hex(r, (int) Math.max(0, sizeNear(r, count))));
    }

    /** How many indices jmmap's stepped slice has, for in-range bounds (0 otherwise, only a size hint). */
    private static long javaCount(long from, long to, long step) {
        if (step > 0 && from >= 0 && to > from) {
            return Math.min(1 << 16, (to - from - 1) / step + 1);
        }
        if (step < 0 && from > to && to >= -1) {
            return Math.min(1 << 16, (to - from + 1) / step + 1);
        }
        return 0;
    }

    private static long sizeNear(Random r, long n) {
        long clamped = Math.max(0, Math.min(n, 1 << 16));
        return r.nextInt(5) == 0 ? Math.max(0, clamped + pick(r, 1, -1, 2)) : clamped;
    }

    /** An index or bound: mostly inside [0, len], often at the edges and the position, sometimes far out. */
    static long index(Random r, long len, long pos) {
        int d = r.nextInt(20);
        if (d < 9) {
            return len == 0 ? 0 : (long) (r.nextDouble() * (len + 1));
        }
        if (d < 16) {
            return pick(r, 0, 1, len - 1, len, len + 1, pos, pos - 1, pos + 1);
        }
        if (d < 18) {
            return pick(r, Long.MAX_VALUE, Long.MAX_VALUE - 1, len + PAGE, 2 * len + 3);
        }
        return pick(r, -1, -2, -len, Long.MIN_VALUE);
    }

    private static String needle(Random r, MemoryMap m, long len) {
        if (!m.isClosed() && len > 0 && r.nextInt(3) > 0) {
            long from = (long) (r.nextDouble() * len);
            long to = Math.min(len, from + r.nextInt(6));
            return HEX.formatHex(m.get(from, to));      // a needle that occurs, at least there
        }
        return hex(r, r.nextInt(4));
    }

    private static String hex(Random r, long n) {
        byte[] b = new byte[(int) n];
        fill(r, b);
        return HEX.formatHex(b);
    }

    private static long pick(Random r, long... choices) {
        return choices[r.nextInt(choices.length)];
    }

    static List<Object> op(String name, Object... args) {
        List<Object> op = new ArrayList<>();
        op.add(name);
        op.addAll(java.util.Arrays.asList(args));
        return op;
    }

    // ------------------------------------------------------------------------------ execution on jmmap

    /** The map a sequence works on, and the file under it. */
    static final class Side {
        final Path file;
        final Backend backend;
        MemoryMap map;                 // null before the first successful open and after a failed one

        Side(Path file, Backend backend) {
            this.file = file;
            this.backend = backend;
        }

        /** The state CPython reports after each operation: [tell, len] of an open map, else null. */
        List<Object> state() {
            return map == null || map.isClosed() ? null : List.of(map.tell(), map.length());
        }

        /** Runs one operation; returns its value as the peer writes it (bytes as hex, ints as longs). */
        Object run(List<Object> op) throws IOException {
            String name = (String) op.get(0);
            if (name.equals("open")) {
                if (map != null) {
                    map.close();
                    map = null;
                }
                MapOptions o = MapOptions.builder().backend(backend).access(Access.valueOf((String) op.get(1)))
                        .offset(l(op, 2)).length(l(op, 3)).build();
                map = MemoryMap.open(file, o);
                return null;
            }
            MemoryMap m = map;
            if (m == null) {
                return "nomap";
            }
            return switch (name) {
                case "close" -> { m.close(); yield null; }
                case "get" -> (long) (m.get(l(op, 1)) & 0xFF);
                case "set" -> { m.set(l(op, 1), (byte) l(op, 2)); yield null; }
                case "slice" -> hex(m.get(l(op, 1), l(op, 2)));
                case "step" -> hex(m.get(l(op, 1), javaTo(op), l(op, 3)));
                case "setslice" -> { m.set(l(op, 1), l(op, 2), bytes(op, 3)); yield null; }
                case "setat" -> { m.set(l(op, 1), bytes(op, 2)); yield null; }
                case "setstep" -> { m.set(l(op, 1), javaTo(op), l(op, 3), bytes(op, 4)); yield null; }
                case "find", "rfind" -> {
                    boolean f = name.equals("find");
                    byte[] sub = bytes(op, 1);
                    yield switch (op.size()) {
                        case 2 -> f ? m.find(sub) : m.rfind(sub);
                        case 3 -> f ? m.find(sub, l(op, 2)) : m.rfind(sub, l(op, 2));
                        default -> f ? m.find(sub, l(op, 2), l(op, 3)) : m.rfind(sub, l(op, 2), l(op, 3));
                    };
                }
                case "read" -> hex(op.size() == 1 ? m.read() : m.read((int) l(op, 1)));
                case "readbyte" -> (long) m.readByte();
                case "readline" -> hex(m.readLine());
                case "write" -> (long) m.write(bytes(op, 1));
                case "writebyte" -> { m.writeByte((byte) l(op, 1)); yield null; }
                case "seek" -> m.seek(l(op, 1), Whence.valueOf((String) op.get(2)));
                case "tell" -> m.tell();
                case "len" -> m.length();
                case "size" -> m.size();
                case "resize" -> { m.resize(l(op, 1)); yield null; }
                case "flush" -> {
                    if (op.size() == 1) {
                        m.flush();
                    } else {
                        m.flush(l(op, 1), l(op, 2));
                    }
                    yield null;
                }
                case "move" -> { m.move(l(op, 1), l(op, 2), l(op, 3)); yield null; }
                default -> throw new IllegalStateException("unknown operation " + op);
            };
        }

        void close() {
            if (map != null) {
                map.close();
                map = null;
            }
        }
    }

    static long l(List<Object> op, int i) {
        return ((Number) op.get(i)).longValue();
    }

    /** Java's {@code to} of a stepped slice: the peer's null is -1. */
    static long javaTo(List<Object> op) {
        return op.get(2) == null ? -1 : l(op, 2);
    }

    static byte[] bytes(List<Object> op, int i) {
        return HEX.parseHex((String) op.get(i));
    }

    private static String hex(byte[] b) {
        return HEX.formatHex(b);
    }
}
