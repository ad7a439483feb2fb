package io.github.jmmap.internal.posix;

import io.github.jmmap.internal.GeneratedSources;
import io.github.jmmap.internal.Json;
import io.github.jmmap.internal.linux.LinuxProvider;
import io.github.jmmap.internal.macos.MacProvider;
import io.github.jmmap.internal.windows.WinFunctions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The GraalVM reachability metadata ({@code foreign.downcalls}) lists exactly the downcall
 * handles jmmap creates, on Linux, macOS and Windows, derived here from the symbol tables and the
 * generated sources. Each bound function gives two: jextract's own handle, made when its holder
 * class initialises (plain, or firstVariadicArg for a variadic invoker), and jmmap's, with
 * captureCallState (errno / GetLastError). Types are written as JNI types (jint, jlong, void*),
 * which mean the same size on every platform, unlike C long. On failure the message holds the
 * JSON to write.
 */
class ReachabilityMetadataTest {
    static final String RESOURCE = "META-INF/native-image/io.github.jmmap/jmmap/reachability-metadata.json";

    /** Posix binds every table function with errno capture except these (see Posix's constructor). */
    static final Set<String> POSIX_UNCAPTURED = Set.of("strerror");
    /** The layouts the providers pass to a variadic invoker (open(path, flags, mode) and the like). */
    static final Map<String, List<String>> VARIADIC_ARGS = Map.of(
            "open", List.of("C_INT"), "shm_open", List.of("C_INT"), "mremap", List.of(),
            "prctl", List.of("C_LONG", "C_POINTER", "C_LONG", "C_POINTER"));

    /**
     * Functions an OS's table binds by hand because the generated sources lack them until the next
     * regeneration (LinuxProvider.prctl: {@code int prctl(int, ...)} with PR_SET_VMA_ANON_NAME's
     * arguments); once generated, the generated declaration is used and must say the same.
     */
    static final Map<String, Map<String, Downcall>> HAND_BOUND = Map.of("linux", Map.of("prctl",
            new Downcall("jint", List.of("jint", "jlong", "void*", "jlong", "void*"), false, 1)));

    /** The descriptor of a table function: from the generated sources, or the hand-bound one. */
    static Downcall plain(String os, Map<String, GeneratedSources.Function> fns, String name) {
        GeneratedSources.Function f = fns.get(name);
        if (f == null) {
            Downcall hand = HAND_BOUND.getOrDefault(os, Map.of()).get(name);
            assertNotNull(hand, name + " is not in the generated " + os + " sources");
            return hand;
        }
        return fromSource(os, f, false);
    }

    static Set<String> posixTable(String os) {
        Set<String> names = new TreeSet<>(PosixSymbols.REQUIRED_FUNCTIONS);
        if (os.equals("linux")) {
            names.add("mremap");
            names.add("prctl");      // names for anonymous memory (PR_SET_VMA_ANON_NAME)
        }
        names.add("fstat");      // macOS: sizes of shm objects, which lseek refuses; both: the named-object checks
        return names;
    }

    /**
     * The functions the per-OS providers bind by hand, beyond the generated sources (no jextract
     * here): what jmmap's own handle for each looks like. geteuid and posix_fallocate report by
     * return value, so they are bound without errno capture; fcntl with it.
     */
    static final Map<String, Map<String, Downcall>> HAND_WRITTEN = Map.of(
            "linux", Map.of("geteuid", new Downcall("jint", List.of(), false, -1),
                    "posix_fallocate", new Downcall("jint", List.of("jint", "jlong", "jlong"), false, -1)),
            "macos", Map.of("geteuid", new Downcall("jint", List.of(), false, -1),
                    "fcntl", new Downcall("jint", List.of("jint", "jint", "void*"), true, 2)));

    record Downcall(String returnType, List<String> parameterTypes, boolean capture, int firstVariadicArg) {
        String key() {
            return returnType + "(" + String.join(", ", parameterTypes) + ")" + (capture ? " captureCallState" : "")
                    + (firstVariadicArg >= 0 ? " firstVariadicArg=" + firstVariadicArg : "");
        }

        String json() {
            StringBuilder sb = new StringBuilder("      {\"returnType\": \"" + returnType + "\", \"parameterTypes\": [");
            sb.append(parameterTypes.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(", "))).append("]");
            List<String> options = new ArrayList<>();
            if (capture) {
                options.add("\"captureCallState\": true");
            }
            if (firstVariadicArg >= 0) {
                options.add("\"firstVariadicArg\": " + firstVariadicArg);
            }
            if (!options.isEmpty()) {
                sb.append(", \"options\": {").append(String.join(", ", options)).append("}");
            }
            return sb.append("}").toString();
        }
    }

    /** A jextract layout name as a JNI type on an OS (C long is 32-bit on Windows). */
    static String jni(String os, String layout) {
        return switch (layout) {
            case "void" -> "void";
            case "C_INT" -> "jint";
            case "C_LONG" -> os.equals("windows") ? "jint" : "jlong";
            case "C_LONG_LONG" -> "jlong";
            case "C_SHORT" -> "jshort";
            case "C_CHAR" -> "jbyte";
            case "C_BOOL" -> "jboolean";
            case "C_FLOAT" -> "jfloat";
            case "C_DOUBLE" -> "jdouble";
            case "C_POINTER" -> "void*";
            default -> throw new IllegalArgumentException("no JNI type for " + layout + " on " + os);
        };
    }

    /** A live layout as a JNI type. */
    static String jni(MemoryLayout layout) {
        if (!(layout instanceof ValueLayout v)) {
            throw new IllegalArgumentException("not a value layout: " + layout);
        }
        Class<?> c = v.carrier();
        if (c == MemorySegment.class) {
            return "void*";
        }
        return "j" + c.getName();
    }

    /** The descriptor of one function as jmmap binds it: the generated one plus the variadic arguments. */
    static Downcall fromSource(String os, GeneratedSources.Function f, boolean capture) {
        List<String> params = new ArrayList<>(f.parameterLayouts());
        int fva = -1;
        if (f.variadic()) {
            List<String> extra = VARIADIC_ARGS.get(f.name());
            assertNotNull(extra, "variadic " + f.name() + " on " + os + ": add its arguments to VARIADIC_ARGS");
            fva = params.size();
            params.addAll(extra);
        }
        return new Downcall(jni(os, f.returnLayout()), params.stream().map(p -> jni(os, p)).toList(), capture, fva);
    }

    static Set<Downcall> expected() {
        Set<Downcall> out = new HashSet<>();
        for (String os : List.of("linux", "macos")) {
            Map<String, GeneratedSources.Function> fns = GeneratedSources.functions(os,
                    os.equals("linux") ? "LinuxC.java" : "MacC.java");
            for (String name : posixTable(os)) {
                Downcall d = plain(os, fns, name);
                if (fns.containsKey(name)) {
                    out.add(d);          // jextract's own handle; a hand-bound function has none
                }
                if (!POSIX_UNCAPTURED.contains(name)) {
                    out.add(new Downcall(d.returnType(), d.parameterTypes(), true, d.firstVariadicArg()));
                }
            }
            out.addAll(HAND_WRITTEN.get(os).values());
        }
        Map<String, GeneratedSources.Function> win = GeneratedSources.functions("windows", "Kernel32.java");
        for (String name : WinFunctions.CAPTURED) {
            GeneratedSources.Function f = win.get(name);
            assertNotNull(f, name + " is not in the generated windows sources");
            out.add(fromSource("windows", f, false));
            out.add(fromSource("windows", f, true));
        }
        return out;
    }

    /** Providers loads the native provider of the OS by name and calls its create() reflectively. */
    static final List<String> PROVIDERS = List.of("io.github.jmmap.internal.linux.LinuxProvider",
            "io.github.jmmap.internal.macos.MacProvider", "io.github.jmmap.internal.windows.WindowsProvider");

    static String render(Set<Downcall> downcalls) {
        String entries = downcalls.stream().sorted(Comparator.comparing(Downcall::key)).map(Downcall::json)
                .collect(Collectors.joining(",\n"));
        String reflection = PROVIDERS.stream()
                .map(p -> "    {\"type\": \"" + p + "\", \"methods\": [{\"name\": \"create\", \"parameterTypes\": []}]}")
                .collect(Collectors.joining(",\n"));
        return "{\n"
                + "  \"comment\": [\n"
                + "    \"Every FFM downcall handle jmmap creates (NATIVE backend on Linux, macOS and Windows): for each\",\n"
                + "    \"bound function, jextract's plain handle and jmmap's captureCallState one; and the native\",\n"
                + "    \"providers that Providers loads by name. Checked against the bindings by\",\n"
                + "    \"ReachabilityMetadataTest; JNI types so that one file fits every platform.\"\n"
                + "  ],\n"
                + "  \"reflection\": [\n"
                + reflection + "\n"
                + "  ],\n"
                + "  \"foreign\": {\n"
                + "    \"downcalls\": [\n"
                + entries + "\n"
                + "    ]\n"
                + "  }\n"
                + "}\n";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata() throws IOException {
        try (InputStream in = ReachabilityMetadataTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " is not on the class path");
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    static List<Downcall> shipped() throws IOException {
        Map<String, Object> root = metadata();
        Map<String, Object> foreign = (Map<String, Object>) root.get("foreign");
        List<Downcall> out = new ArrayList<>();
        for (Object o : (List<Object>) foreign.get("downcalls")) {
            Map<String, Object> d = (Map<String, Object>) o;
            Map<String, Object> options = (Map<String, Object>) d.getOrDefault("options", Map.of());
            Object fva = options.get("firstVariadicArg");
            out.add(new Downcall((String) d.get("returnType"), (List<String>) (List<?>) d.get("parameterTypes"),
                    Boolean.TRUE.equals(options.get("captureCallState")), fva == null ? -1 : ((Long) fva).intValue()));
        }
        return out;
    }

    @Test
    void theMetadataListsExactlyTheDowncallsJmmapCreates() throws IOException {
        List<Downcall> shipped = shipped();
        Set<Downcall> expected = expected();
        Set<String> have = new TreeSet<>();
        for (Downcall d : shipped) {
            if (!have.add(d.key())) {
                fail("listed twice in " + RESOURCE + ": " + d.key());
            }
        }
        Set<String> want = expected.stream().map(Downcall::key).collect(Collectors.toCollection(TreeSet::new));
        if (!have.equals(want)) {
            Set<String> missing = new TreeSet<>(want);
            missing.removeAll(have);
            Set<String> extra = new TreeSet<>(have);
            extra.removeAll(want);
            fail(RESOURCE + " drifted from the bindings.\nmissing: " + missing + "\nnot created: " + extra
                    + "\nwrite src/main/resources/" + RESOURCE + " as:\n" + render(expected));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theProvidersAreRegisteredForReflection() throws Exception {
        List<Object> reflection = (List<Object>) metadata().get("reflection");
        assertNotNull(reflection, "no reflection section; write src/main/resources/" + RESOURCE + " as:\n"
                + render(expected()));
        List<String> types = new ArrayList<>();
        for (Object o : reflection) {
            Map<String, Object> r = (Map<String, Object>) o;
            types.add((String) r.get("type"));
            assertEquals(List.of(Map.of("name", "create", "parameterTypes", List.of())), r.get("methods"));
        }
        assertEquals(PROVIDERS, types);
        for (String p : PROVIDERS) {
            Class<?> c = Class.forName(p, false, getClass().getClassLoader());     // not initialised: no native code
            assertEquals(io.github.jmmap.internal.Provider.class, c.getMethod("create").getReturnType(), p);
        }
        String providers = java.nio.file.Files.readString(
                java.nio.file.Path.of("src/main/java/io/github/jmmap/internal/Providers.java"));
        for (String p : PROVIDERS) {
            assertTrue(providers.contains("\"" + p + "\""), "Providers no longer names " + p);
        }
    }

    /** On the OS running the tests, the real symbol table confirms what the sources say. */
    static void checkLiveTable(String os, PosixProvider provider) {
        Map<String, PosixSymbols.Fn> live = new TreeMap<>(provider.posix.sym.functions);
        Set<String> table = new TreeSet<>(posixTable(os));
        table.addAll(HAND_WRITTEN.get(os).keySet());
        assertEquals(table, live.keySet(), "the " + os + " symbol table");
        for (var h : HAND_WRITTEN.get(os).entrySet()) {
            PosixSymbols.Fn fn = live.remove(h.getKey());
            Downcall d = h.getValue();
            assertEquals(new Downcall(d.returnType(), d.parameterTypes(), false, d.firstVariadicArg()),
                    live(fn.descriptor(), fn.firstVariadicArg()), h.getKey());
        }
        Map<String, GeneratedSources.Function> fns = GeneratedSources.functions(os,
                os.equals("linux") ? "LinuxC.java" : "MacC.java");
        for (var e : live.entrySet()) {
            assertEquals(plain(os, fns, e.getKey()),
                    live(e.getValue().descriptor(), e.getValue().firstVariadicArg()), e.getKey());
        }
    }

    static Downcall live(FunctionDescriptor d, int firstVariadicArg) {
        return new Downcall(d.returnLayout().map(ReachabilityMetadataTest::jni).orElse("void"),
                d.argumentLayouts().stream().map(ReachabilityMetadataTest::jni).toList(), false, firstVariadicArg);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theLinuxTableIsWhatTheSourcesSay() throws IOException {
        checkLiveTable("linux", (PosixProvider) LinuxProvider.create());
    }

    /** On Windows the generated Kernel32 can be loaded: its descriptors confirm the sources. */
    @Test
    @EnabledOnOs(OS.WINDOWS)
    void theWindowsDescriptorsAreWhatTheSourcesSay() throws ReflectiveOperationException {
        Class<?> kernel32 = Class.forName("io.github.jmmap.internal.gen.windows.Kernel32");
        Map<String, GeneratedSources.Function> fns = GeneratedSources.functions("windows", "Kernel32.java");
        for (String name : WinFunctions.CAPTURED) {
            FunctionDescriptor d = (FunctionDescriptor) kernel32.getMethod(name + "$descriptor").invoke(null);
            assertEquals(fromSource("windows", fns.get(name), false), live(d, -1), name);
        }
    }

    @Test
    @EnabledOnOs(OS.MAC)
    void theMacTableIsWhatTheSourcesSay() throws IOException {
        checkLiveTable("macos", (PosixProvider) MacProvider.create());
    }
}
