package io.github.jmmap.bench;

import io.github.jmmap.Backend;
import io.github.jmmap.MemoryMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Workload 5: counting the matches of a regex over 8 MiB of log lines, through
 * {@link MemoryMap#asCharSequence()} and through a heap String holding the same bytes, with the
 * same compiled Pattern. {@code literal} starts with a literal (java.util.regex skips ahead with
 * Boyer-Moore), {@code classes} is character classes all the way (every char is looked at).
 *
 * <pre>{@code
 * mvn -B -Pbench verify -Djmmap.bench.include=RegexBench
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RegexBench {

    /** The pattern. */
    @State(Scope.Thread)
    public static class Regex {
        @Param({"literal", "classes"})
        public String regex;
        Pattern pattern;

        @Setup(Level.Trial)
        public void setUp() {
            pattern = Pattern.compile(switch (regex) {
                case "literal" -> "ERROR disk(\\d) failed after (\\d+) ms";
                case "classes" -> "\\b[a-z]+-(\\d+) \\w+ \\w+ \\d+ in 9\\d\\d ms";
                default -> throw new IllegalArgumentException(regex);
            });
        }
    }

    /** jmmap over the text, as a CharSequence. */
    @State(Scope.Thread)
    public static class Jmmap extends JmmapFile {
        @Override
        protected Path path() throws IOException {
            return BenchData.text();
        }
    }

    /** The same bytes as a heap String. */
    @State(Scope.Thread)
    public static class Heap {
        String text;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            text = new String(Files.readAllBytes(BenchData.text()), StandardCharsets.ISO_8859_1);
        }
    }

    static int count(Pattern p, CharSequence text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Benchmark
    public int jmmapAsCharSequence(Jmmap s, Regex r) {
        return count(r.pattern, s.map.asCharSequence());
    }

    @Benchmark
    public int string(Heap s, Regex r) {
        return count(r.pattern, s.text);
    }
}
