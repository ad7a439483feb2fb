package io.github.jmmap.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the jextract-generated sources as text: their constants and function descriptors, for
 * tests about OSes whose generated classes cannot be initialised on the OS running the tests.
 */
public final class GeneratedSources {
    private static final Path ROOT = Path.of("src/generated/java/io/github/jmmap/internal/gen");
    private static final Pattern INT_CONSTANT =
            Pattern.compile("private static final int (\\w+) = \\(int\\)(-?\\d+)L;");
    /** A function's holder class (DESC) or a variadic invoker (BASE_DESC) and its descriptor. */
    private static final Pattern FUNCTION = Pattern.compile(
            "(?:private|public) static class (\\w+) \\{\\s+(?:public|private) static final FunctionDescriptor"
                    + " (DESC|BASE_DESC) = FunctionDescriptor\\.(of|ofVoid)\\(([^;]*?)\\);", Pattern.DOTALL);

    private GeneratedSources() {
    }

    /** A generated C function: its layouts (jextract's names, e.g. "C_INT"), and whether it is variadic. */
    public record Function(String name, String returnLayout, List<String> parameterLayouts, boolean variadic) {
    }

    public static String read(String os, String file) {
        try {
            return Files.readString(ROOT.resolve(os).resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The int constants ({@code #define}s and enum values) of a generated header class. */
    public static Map<String, Integer> intConstants(String os, String file) {
        Map<String, Integer> out = new HashMap<>();
        Matcher m = INT_CONSTANT.matcher(read(os, file));
        while (m.find()) {
            out.put(m.group(1), (int) Long.parseLong(m.group(2)));
        }
        return out;
    }

    /** The functions of a generated header class, by name. */
    public static Map<String, Function> functions(String os, String file) {
        Map<String, Function> out = new HashMap<>();
        Matcher m = FUNCTION.matcher(read(os, file));
        while (m.find()) {
            List<String> layouts = new ArrayList<>();
            for (String part : m.group(4).split(",")) {
                String t = part.strip();
                if (!t.isEmpty()) {
                    layouts.add(t.substring(t.indexOf('.') + 1));     // "LinuxC.C_INT" -> "C_INT"
                }
            }
            boolean isVoid = m.group(3).equals("ofVoid");
            String ret = isVoid ? "void" : layouts.removeFirst();
            out.put(m.group(1), new Function(m.group(1), ret, List.copyOf(layouts), m.group(2).equals("BASE_DESC")));
        }
        return out;
    }
}
