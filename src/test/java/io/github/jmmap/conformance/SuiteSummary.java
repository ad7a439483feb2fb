package io.github.jmmap.conformance;

import org.junit.jupiter.api.TestInfo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One summary line per test class: tests add their figures as parts, and the suite's
 * {@code @AfterAll} prints them on one line, {@code [BACKEND] part; part; ...}.
 *
 * <pre>{@code
 * SuiteSummary.add(getClass(), String.format("truncation: %d kinds refused", n));   // in a test
 * @AfterAll static void summary(TestInfo info) { SuiteSummary.print(info); }       // in the suite
 * }</pre>
 */
public final class SuiteSummary {
    private static final Map<Class<?>, List<String>> PARTS = new ConcurrentHashMap<>();

    private SuiteSummary() {
    }

    /** Adds one part to the summary line of {@code testClass}. */
    public static void add(Class<?> testClass, String part) {
        PARTS.computeIfAbsent(testClass, c -> new CopyOnWriteArrayList<>()).add(part);
    }

    /** Prints the test class's line (nothing if no test added a part) and forgets it. */
    public static void print(TestInfo info) {
        Class<?> testClass = info.getTestClass().orElseThrow();
        List<String> parts = PARTS.remove(testClass);
        if (parts == null || parts.isEmpty()) {
            return;
        }
        BackendUnderTest b = testClass.getAnnotation(BackendUnderTest.class);
        System.out.println((b == null ? "" : "[" + b.value() + "] ") + join(parts));
    }

    /** Joins parts with "; ", saying a shared "topic: " once: "interop: a; b" for "interop: a", "interop: b". */
    static String join(List<String> parts) {
        StringBuilder out = new StringBuilder();
        String topic = null;
        for (String part : parts) {
            int colon = part.indexOf(": ");
            String t = colon < 0 ? null : part.substring(0, colon + 2);
            boolean same = t != null && t.equals(topic);
            out.append(out.isEmpty() ? "" : "; ").append(same ? part.substring(t.length()) : part);
            topic = t;
        }
        return out.toString();
    }
}
