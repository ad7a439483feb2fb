package io.github.jmmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every example in the public API's javadoc ({@code <pre>{@code ...}</pre>} in
 * src/main/java/io/github/jmmap/*.java and the module descriptor) compiles against the library.
 * Each example becomes the body of a method of its own; the names examples use without declaring
 * them ({@code m}, {@code path}, {@code options}, ...) are fields of the enclosing class (see
 * {@link #CONTEXT}), which a local declaration in the example shadows. A {@code ...} stands for
 * code left out: {@code { ... }} becomes an empty block, {@code = ...;} a value of the declared
 * type, a {@code ...} before the closing brace of a block nothing. An example without a final {@code ;} or {@code }} is an expression.
 */
class JavadocExamplesTest {

    /** What examples may use without declaring it. Add a name here when an example needs one. */
    static final String CONTEXT = """
                MemoryMap m; Path path; MapOptions options; Pattern p;
                long offset, pos, old; int count, filled;
                byte[] record, payload, sep, bytes, buffer, data;
                java.io.InputStream in; java.io.OutputStream out; java.nio.channels.SeekableByteChannel channel;
                MapChannel ch; ByteBuffer buf; java.nio.channels.FileChannel fileChannel; byte[] trailer;
                java.util.zip.CRC32 crc; java.security.MessageDigest digest; RuntimeException e;
                static <T> T given() { return null; }
            """;

    static final String IMPORTS = """
            import io.github.jmmap.*;
            import java.io.*;
            import java.lang.foreign.*;
            import java.nio.*;
            import java.nio.channels.*;
            import java.nio.charset.*;
            import java.nio.file.*;
            import java.util.*;
            import java.util.regex.*;
            """;

    private static final Pattern EXAMPLE = Pattern.compile("<pre>\\{@code\\n(.*?)\\n\\s*\\*?\\s*}</pre>", Pattern.DOTALL);

    @Test
    void everyJavadocExampleCompiles(@TempDir Path out) throws IOException {
        Path api = Snippets.basedir().resolve("src/main/java/io/github/jmmap");
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> s = Files.list(api)) {
            s.filter(f -> f.toString().endsWith(".java")).sorted().forEach(sources::add);
        }
        sources.add(Snippets.basedir().resolve("src/main/module/module-info.java"));
        List<Snippets.Unit> units = new ArrayList<>();
        for (Path f : sources) {
            String text = Files.readString(f);
            Matcher x = EXAMPLE.matcher(text);
            while (x.find()) {
                int line = (int) text.substring(0, x.start()).lines().count() + 1;
                String body = x.group(1).lines().map(l -> l.replaceFirst("^\\s*\\* ?", ""))
                        .reduce((a, b) -> a + "\n" + b).orElse("");
                String name = "JavadocExample" + units.size();
                units.add(new Snippets.Unit(name, IMPORTS + "@SuppressWarnings(\"all\")\nclass " + name + " {\n"
                        + CONTEXT + "    void example() throws Exception {\n" + statement(body) + "\n    }\n}\n",
                        Snippets.basedir().relativize(f) + ":" + line));
            }
        }
        assertTrue(units.size() >= 90, "found only " + units.size() + " examples; did the javadoc style change?");
        Snippets.compile(units, out);
    }

    /** The example as statements: {@code ...} filled in, an expression made a statement. */
    static String statement(String example) {
        String code = example.replace("{ ... }", "{ }").replaceAll("= \\.\\.\\.;", "= given();")
                .replaceAll("(?<=[{;] )\\.\\.\\.(?= })", "");
        String last = code.lines().map(l -> l.replaceFirst("\\s*//.*$", "").strip()).filter(l -> !l.isEmpty())
                .reduce((a, b) -> b).orElse("");
        boolean expression = !last.endsWith(";") && !last.endsWith("}");
        return expression ? "Object value = " + code.replaceFirst("(\\s*//[^\\n]*)?$", ";$1") : code;
    }
}
