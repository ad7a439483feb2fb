package io.github.jmmap.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The demo's output: section headers, one aligned line per fact, and checks that stop the demo. */
final class Report {
    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    void line(String text) {
        out.println(text);
    }

    void section(String title) {
        out.println();
        out.println("== " + title + " ==");
    }

    /** One fact: what was done (padded to a column) and what came of it. */
    void fact(String what, String result) {
        out.printf("  %-30s %s%n", what, result);
    }

    /** Starts a progress line for something slow; {@link #done(long)} ends it. */
    void progress(String what) {
        out.print("  " + what + " ... ");
        out.flush();
    }

    void done(long startNanos) {
        out.printf("done (%.1f s)%n", (System.nanoTime() - startNanos) / 1e9);
    }

    /** Throws unless {@code ok}: the demo shows only what it has checked. */
    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("demo check failed: " + what);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** {@code b} as a quoted Python-style literal: "Hello\n". */
    static String q(byte[] b) {
        StringBuilder s = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xFF;
            if (c == '\n') {
                s.append("\\n");
            } else if (c == '"' || c == '\\') {
                s.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7F) {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02x", c));
            }
        }
        return s.append('"').toString();
    }
}
