package io.github.jmmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code ```java} block of README.md compiles and runs as written, and prints what it says.
 *
 * <p>A block is a program: its {@code import} lines, then statements, which become the body of a
 * {@code main} method. Each block runs in a JVM of its own (the same java,
 * {@code --enable-native-access=ALL-UNNAMED}, UTF-8 output, the library on the class path) in an empty folder of
 * its own, so relative paths such as {@code Path.of("hello.txt")} land there. Each line
 * {@code System.out.println(...);  // text} promises that output line: the block must print exactly
 * those lines, in that order, exit 0, and print nothing on stderr. A block whose first line is
 * {@code // Process A} runs at the same time as the next block ({@code // Process B}), as two
 * processes. Only one thing is changed before compiling: every string literal starting with
 * {@code "jmmap-"} (the README's tagnames) gets a suffix unique to this run, so that parallel runs
 * never meet in one named object.
 */
class ReadmeExamplesTest {
    private static final Pattern PROMISE = Pattern.compile("System\\.out\\.println\\(.*\\);\\s*// (.*)$");
    private static final Pattern TAGNAME = Pattern.compile("\"jmmap-([\\w.-]*)\"");
    private static final AtomicInteger RUN = new AtomicInteger();

    record Block(int line, List<String> imports, String body, List<String> promised) {
        boolean processA() {
            return body.strip().toLowerCase(java.util.Locale.ROOT).startsWith("// process a");
        }
    }

    static Path readme() {
        return Snippets.basedir().resolve("README.md");
    }

    static List<Block> blocks() throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (Map.Entry<Integer, String> e : Snippets.fenced(Files.readString(readme()), "java")) {
            List<String> imports = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            List<String> promised = new ArrayList<>();
            for (String line : e.getValue().lines().toList()) {
                if (line.startsWith("import ")) {
                    imports.add(line);
                    continue;
                }
                body.append(line).append('\n');
                Matcher p = PROMISE.matcher(line);
                if (p.find()) {
                    promised.add(p.group(1));
                }
            }
            blocks.add(new Block(e.getKey(), imports, body.toString(), promised));
        }
        return blocks;
    }

    @Test
    void everyJavaBlockOfTheReadmeCompilesRunsAndPrintsWhatItSays(@TempDir Path tmp) throws Exception {
        List<Block> blocks = blocks();
        assertTrue(blocks.size() >= 6, "the README shows the walk-through in several blocks, found " + blocks.size());
        String suffix = "-" + ProcessHandle.current().pid() + "-" + RUN.incrementAndGet();
        List<Snippets.Unit> units = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            String body = TAGNAME.matcher(b.body()).replaceAll(r -> "\"jmmap-" + r.group(1) + suffix + "\"");
            units.add(new Snippets.Unit("ReadmeBlock" + i, String.join("\n", b.imports()) + "\n\npublic class ReadmeBlock"
                    + i + " {\n    public static void main(String[] args) throws Exception {\n" + body + "    }\n}\n",
                    "README.md:" + b.line()));
        }
        Path classes = tmp.resolve("classes");
        Snippets.compile(units, classes);

        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (b.processA()) {
                assertTrue(i + 1 < blocks.size(), "README.md:" + b.line() + ": Process A without a Process B after it");
                Process a = start(i, classes, tmp);
                Process bProcess = start(i + 1, classes, tmp);
                check(blocks.get(i + 1), bProcess, tmp, i + 1);
                check(b, a, tmp, i);
                i++;
            } else {
                check(b, start(i, classes, tmp), tmp, i);
            }
        }
    }

    private static Process start(int i, Path classes, Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("block" + i));
        String java = ProcessHandle.current().info().command().orElseThrow();
        // UTF-8 output whatever the platform's encoding, so the README's "café" reads back as written
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Dstdout.encoding=UTF-8", "-cp",
                Snippets.libraryClasses() + File.pathSeparator + classes, "ReadmeBlock" + i)
                .directory(dir.toFile())
                .redirectOutput(tmp.resolve("out" + i + ".txt").toFile())
                .redirectError(tmp.resolve("err" + i + ".txt").toFile())
                .start();
    }

    private static void check(Block b, Process p, Path tmp, int i) throws Exception {
        String where = "README.md:" + b.line();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(where + ": the block did not finish in 120 s");
        }
        String out = Files.readString(tmp.resolve("out" + i + ".txt"));
        String err = Files.readString(tmp.resolve("err" + i + ".txt"));
        assertEquals(0, p.exitValue(), () -> where + ": exit status; stdout:\n" + out + "\nstderr:\n" + err);
        assertEquals("", err, where + ": nothing on stderr");
        assertEquals(b.promised(), out.lines().toList(), where + ": the lines its println comments promise");
    }

    /**
     * Every file or folder the README, the changelog and docs/ name (in links and in inline code) is
     * in the repository: relative to the document, the project, the resources, or the main or test
     * package folder (so {@code internal/posix} and {@code conformance/ConformanceSuite} count).
     */
    @Test
    void theReadmeAndTheDocsNameNoMissingFile() throws IOException {
        Path base = Snippets.basedir();
        List<Path> docs = new ArrayList<>(List.of(readme(), base.resolve("CHANGELOG.md")));
        try (Stream<Path> s = Files.list(base.resolve("docs"))) {
            s.filter(f -> f.toString().endsWith(".md")).forEach(docs::add);
        }
        // links, inline code, and bare Markdown file names in the prose ("see design.md")
        Pattern named = Pattern.compile("\\]\\(([^)#\\s]+)[^)]*\\)|`([^`\\s]+)`|(?<![\\w/.-])([\\w-]+\\.md)\\b");
        List<String> missing = new ArrayList<>();
        for (Path doc : docs) {
            String text = Files.readString(doc).replaceAll("(?ms)^```.*?^```$", "");     // code blocks aside
            Matcher m = named.matcher(text);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                if (!looksLikeAPath(name)) {
                    continue;
                }
                String clean = name.replaceFirst("[.,:;]$", "");
                boolean found = Stream.of(doc.getParent(), base, base.resolve("src/main/resources"),
                                base.resolve("src/main/java/io/github/jmmap"), base.resolve("src/test/java/io/github/jmmap"))
                        .anyMatch(d -> Files.exists(d.resolve(clean)) || Files.exists(d.resolve(clean + ".java")));
                if (!found) {
                    missing.add(base.relativize(doc) + " names " + name);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    /** Relative names with a folder or a known file type; not URLs, options, globs or build output. */
    private static boolean looksLikeAPath(String name) {
        if (name.contains("://") || name.startsWith("/") || name.startsWith("-") || name.startsWith("mailto:")
                || name.contains("*") || name.contains("{") || name.contains("<") || name.contains("$")
                || name.startsWith("target/") || name.startsWith("build/") || name.startsWith("~")) {
            return false;
        }
        return name.matches("[\\w.-]+(/[\\w.-]*)+") || name.matches("[\\w.-]+\\.(md|java|py|json|yml|txt|xml|c|h)");
    }
}
