package io.github.jmmap;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Code examples taken out of documentation (the README's {@code ```java} blocks, javadoc's
 * {@code <pre>{@code ...}</pre>} blocks) and compiled in this JVM against the library's classes.
 *
 * <pre>{@code
 * Snippets.compile(Map.of("Example", "class Example { }"), dir);   // throws listing every error
 * }</pre>
 */
final class Snippets {
    private Snippets() {
    }

    /** The project directory (surefire sets {@code basedir}; a run from the IDE starts there). */
    static Path basedir() {
        return Path.of(System.getProperty("basedir", "."));
    }

    /** The library's classes: target/classes, as surefire says. */
    static String libraryClasses() {
        String classes = System.getProperty("jmmap.test.classes");
        assertTrue(classes != null && Files.isDirectory(Path.of(classes)), "jmmap.test.classes is set by surefire");
        return classes;
    }

    /** A compilation unit whose errors are reported against {@code origin} (a file and line). */
    record Unit(String className, String source, String origin) {
    }

    /**
     * Compiles the units into {@code out} against the library's classes (Java 25, default lint);
     * fails with every error, each named by its unit's origin and the offending source line.
     */
    static void compile(List<Unit> units, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<JavaFileObject> files = new ArrayList<>();
        Map<URI, Unit> byUri = new java.util.HashMap<>();
        for (Unit u : units) {
            URI uri = URI.create("string:///" + u.className() + JavaFileObject.Kind.SOURCE.extension);
            byUri.put(uri, u);
            files.add(new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return u.source();
                }
            });
        }
        Files.createDirectories(out);
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "25", "-proc:none", "-d", out.toString(),
                    "-cp", libraryClasses());
            boolean ok = javac.getTask(null, fm, diagnostics, options, null, files).call();
            StringBuilder errors = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() != Diagnostic.Kind.ERROR) {
                    continue;
                }
                Unit u = byUri.get(d.getSource().toUri());
                String line = u.source().lines().skip(Math.max(0, d.getLineNumber() - 1)).findFirst().orElse("");
                errors.append(u.origin()).append(": ").append(d.getMessage(null)).append("\n    ")
                        .append(line.strip()).append('\n');
            }
            assertTrue(ok && errors.isEmpty(), () -> "examples that do not compile:\n" + errors);
        }
    }

    /** The blocks of a Markdown text fenced as {@code ```lang}, with the line each starts on. */
    static List<Map.Entry<Integer, String>> fenced(String markdown, String lang) {
        List<Map.Entry<Integer, String>> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^```" + Pattern.quote(lang) + "\\n(.*?)^```$", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            int line = (int) markdown.substring(0, m.start()).lines().count() + 2;
            blocks.add(Map.entry(line, m.group(1)));
        }
        return blocks;
    }
}
