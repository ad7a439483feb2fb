package io.github.jmmap.demo;

import static io.github.jmmap.demo.Report.bytes;
import static io.github.jmmap.demo.Report.check;
import static io.github.jmmap.demo.Report.q;
import static io.github.jmmap.demo.Report.text;

import io.github.jmmap.Access;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.Whence;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A walk through what the article behind jmmap ("Memory mapping files and mmap module in
 * python") shows, on real files in a temporary directory that it deletes at the end: the access
 * modes READ, WRITE and COPY; indexing and slices; regular expressions over the mapping in place;
 * seek/read/write/readLine/tell; an anonymous map; two JVMs exchanging data through one mapping
 * (and a named map); and the article's seek +64 / -32 benchmark against RandomAccessFile.
 *
 * <p>Run it from the project directory (Maven finds a JDK 25 through the toolchains plugin):
 * <pre>{@code
 * mvn -q compile exec:exec@demo
 * }</pre>
 * or by hand, with {@code --quick} for a small benchmark:
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -cp target/classes:target/demo-classes io.github.jmmap.demo.Demo [--quick]
 * }</pre>
 * It exits 0 when every step did what it printed, 1 otherwise, 2 for bad arguments. Each line
 * it prints has been checked (see {@link Report#check}), so the demo doubles as a smoke test.
 * The system property {@code jmmap.demo.quick=true} has the same effect as {@code --quick}.
 */
public final class Demo {
    private final Report report;
    private final boolean quick;

    private Demo(PrintStream out, boolean quick) {
        this.report = new Report(out);
        this.quick = quick;
    }

    /**
     * Runs the demo; {@code child <file> <tagname|->} is the entry point of the second process
     * that the demo starts itself.
     *
     * <pre>{@code
     * Demo.main(new String[] {"--quick"});
     * }</pre>
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(Exchange.CHILD)) {
            System.exit(Exchange.child(args));
        }
        boolean quick = Boolean.getBoolean("jmmap.demo.quick");
        for (String a : args) {
            if (a.equals("--quick")) {
                quick = true;
            } else {
                System.err.println("usage: Demo [--quick]   (unknown argument: " + a + ")");
                System.exit(2);
            }
        }
        int status = 0;
        try {
            new Demo(System.out, quick).run();
        } catch (Throwable t) {
            System.out.flush();
            System.err.println("demo FAILED: " + t);
            t.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    private void run() throws Exception {
        Path dir = Files.createTempDirectory("jmmap-demo-");
        try {
            header();
            Path hello = accessModes(dir);
            indexing(hello);
            Path log = regex(dir);
            fileFace(log);
            anonymous();
            new Exchange(report, dir).run();
            new SeekBench(report, dir, quick).run();
        } finally {
            deleteTree(dir);
        }
        report.line("");
        report.line("temp dir " + dir + " deleted: " + !Files.exists(dir));
    }

    private void header() throws IOException {
        report.line("jmmap demo: Python's mmap for Java, after the article's examples");
        String backend;
        try (MemoryMap probe = MemoryMap.anonymous(1)) {
            backend = probe.backend().toString();
        }
        report.fact("Java / OS", Runtime.version() + " / " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch"));
        report.fact("Backend.AUTO picked", backend + " (native available: " + MemoryMap.isNativeAvailable() + ")");
        report.fact("page size", MemoryMap.pageSize() + " bytes");
    }

    /** 1. READ, WRITE and COPY, and what each does to the file. */
    private Path accessModes(Path dir) throws IOException {
        report.section("1. Access modes: READ, WRITE, COPY");
        Path f = Files.write(dir.resolve("hello.txt"), bytes("Hello Python!\n"));
        report.fact("file hello.txt", q(Files.readAllBytes(f)));
        try (MemoryMap m = MemoryMap.open(f, Access.READ)) {
            report.fact("READ  m.get(0, 5)", q(m.get(0, 5)));
            try {
                m.set(0, (byte) 'J');
                check(false, "a READ map accepted a write");
            } catch (ReadOnlyBufferException e) {
                report.fact("READ  m.set(0, 'J')", "ReadOnlyBufferException; file " + q(Files.readAllBytes(f)));
            }
        }
        try (MemoryMap m = MemoryMap.open(f, Access.WRITE)) {
            m.set(6, bytes("Java25"));
            m.flush();
            byte[] file = Files.readAllBytes(f);
            check(text(file).equals("Hello Java25!\n"), "WRITE reaches the file");
            report.fact("WRITE m.set(6, \"Java25\")", "file " + q(file) + " (write-through)");
        }
        try (MemoryMap m = MemoryMap.open(f, Access.COPY)) {
            m.set(0, bytes("Y"));
            byte[] mem = m.get(0, m.length());
            byte[] file = Files.readAllBytes(f);
            check(text(mem).equals("Yello Java25!\n") && text(file).equals("Hello Java25!\n"), "COPY stays in memory");
            report.fact("COPY  m.set(0, \"Y\")", "map " + q(mem) + ", file " + q(file) + " (copy-on-write)");
        }
        return f;
    }

    /** 2. m[i], m[a:b], m[a:b] = ..., m[a:b:step] and its assignment. */
    private void indexing(Path f) throws IOException {
        report.section("2. Indexing and slices (m[i], m[a:b], m[a:b:step])");
        try (MemoryMap m = MemoryMap.open(f, Access.WRITE)) {
            byte h = m.get(0);
            report.fact("m.get(0)", h + " ('" + (char) h + "')");
            report.fact("m.get(6, 12)", q(m.get(6, 12)));
            m.set(6, bytes("Python"));
            report.fact("m.set(6, \"Python\")", "map " + q(m.get(0, m.length())));
            byte[] even = m.get(0, 12, 2);
            report.fact("m.get(0, 12, 2)   m[0:12:2]", q(even));
            m.set(0, 12, 2, bytes(text(even).toUpperCase(Locale.ROOT)));
            report.fact("m.set(0, 12, 2, upper)", "map " + q(m.get(0, m.length())));
            byte[] reversed = m.get(m.length() - 2, -1, -1);
            report.fact("m.get(len-2, -1, -1) m[-2::-1]", q(reversed));
            check(text(reversed).equals("!nOhTyP OlLeH"), "stepped slices");
        }
        report.fact("file after close", q(Files.readAllBytes(f)));
    }

    /** 3. A regular expression over the mapped bytes, without copying them. */
    private Path regex(Path dir) throws IOException {
        report.section("3. Regex over the mapping in place: Pattern.matcher(m.asCharSequence())");
        Path f = Files.write(dir.resolve("app.log"),
                bytes("INFO  boot ok\nERROR disk full\nINFO  retry\nERROR timeout after 30s\n"));
        try (MemoryMap m = MemoryMap.open(f, Access.READ)) {
            Matcher x = Pattern.compile("^ERROR (.*)$", Pattern.MULTILINE).matcher(m.asCharSequence());
            List<String> found = new ArrayList<>();
            while (x.find()) {
                found.add(x.group(1));
                report.fact("^ERROR (.*)$ at byte " + x.start(), "\"" + x.group(1) + "\"");
            }
            check(found.equals(List.of("disk full", "timeout after 30s")), "regex matches");
            report.fact("m.find / m.rfind(\"ERROR\")", m.find(bytes("ERROR")) + " / " + m.rfind(bytes("ERROR")));
        }
        return f;
    }

    /** 4. The file face: a position that read, readLine, write and seek move. */
    private void fileFace(Path f) throws IOException {
        report.section("4. File face: seek / read / readLine / write / tell");
        try (MemoryMap m = MemoryMap.open(f, Access.WRITE)) {
            byte[] line = m.readLine();
            report.fact("m.readLine()", q(line) + ", tell " + m.tell());
            byte[] five = m.read(5);
            report.fact("m.read(5)", q(five) + ", tell " + m.tell());
            m.seek(-4, Whence.END);
            byte[] rest = m.read();
            report.fact("m.seek(-4, END); m.read()", q(rest) + ", tell " + m.tell() + " = length");
            m.seek(0);
            m.write(bytes("WARN "));
            report.fact("m.seek(0); m.write(\"WARN \")", "tell " + m.tell());
            check(text(line).equals("INFO  boot ok\n") && text(five).equals("ERROR") && text(rest).equals("30s\n"),
                    "file face reads");
        }
        byte[] file = Files.readAllBytes(f);
        report.fact("file's first line now", q(java.util.Arrays.copyOf(file, 14)));
    }

    /** 5. Memory that belongs to no file (Python's mmap(-1, n)). */
    private void anonymous() throws IOException {
        report.section("5. Anonymous map: MemoryMap.anonymous(1 MiB), Python's mmap(-1, n)");
        try (MemoryMap m = MemoryMap.anonymous(1 << 20)) {
            report.fact("backend, length, m.get(4242)", m.backend() + ", " + m.length() + " bytes, " + m.get(4242)
                    + " (zero-filled)");
            m.write(bytes("scratch space"));
            report.fact("m.write(\"scratch space\")", "tell " + m.tell());
            m.seek(0);
            byte[] back = m.read(7);
            check(text(back).equals("scratch") && m.get(4242) == 0, "anonymous map");
            report.fact("m.seek(0); m.read(7)", q(back));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
