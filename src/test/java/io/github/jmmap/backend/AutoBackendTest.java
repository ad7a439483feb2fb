package io.github.jmmap.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backend.AUTO in a child JVM: NATIVE with native access enabled, else JAVA with one log line
 * naming the flag to add, and never the JDK's restricted-method warning.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class AutoBackendTest {

    record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> jvmArgs) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM timed out");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.exitValue(), out, err);
    }

    private static String classPath() {
        return System.getProperty("java.class.path");
    }

    @Test
    void classPathWithoutFlagUsesJavaAndSaysWhichFlagToAdd() throws Exception {
        Result r = run(List.of("-cp", classPath(), AutoProbe.class.getName()));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("backend=JAVA"), r.out());
        assertTrue(r.err().contains("Backend.AUTO uses JAVA because native access is not enabled for jmmap; add "
                + "--enable-native-access=ALL-UNNAMED"), r.err());
        assertFalse(r.err().contains("restricted method"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("--enable-native-access")).count(), r.err());
    }

    @Test
    void classPathWithFlagUsesNativeQuietly() throws Exception {
        Result r = run(List.of("--enable-native-access=ALL-UNNAMED", "-cp", classPath(), AutoProbe.class.getName()));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("backend=NATIVE"), r.out());
        assertFalse(r.err().contains("WARNING"), r.err());
    }

    @Test
    void modulePathWithoutFlagNamesTheModuleFlag() throws Exception {
        Result r = run(List.of("--module-path", moduleDir(), "--add-modules", "io.github.jmmap",
                "-cp", testClasses(), AutoProbe.class.getName()));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("backend=JAVA"), r.out());
        assertTrue(r.err().contains("add --enable-native-access=io.github.jmmap"), r.err());
        assertFalse(r.err().contains("restricted method"), r.err());
    }

    @Test
    void modulePathWithModuleFlagUsesNativeQuietly() throws Exception {
        Result r = run(List.of("--enable-native-access=io.github.jmmap", "--module-path", moduleDir(),
                "--add-modules", "io.github.jmmap", "-cp", testClasses(), AutoProbe.class.getName()));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("backend=NATIVE"), r.out());
        assertFalse(r.err().contains("WARNING"), r.err());
    }

    /** target/classes: the module io.github.jmmap (its module-info.class included). */
    private static String moduleDir() {
        return System.getProperty("jmmap.test.classes");
    }

    /** The test classes and test libraries, without the module's own classes. */
    private static String testClasses() {
        String main = Path.of(moduleDir()).toAbsolutePath().toString();
        return String.join(java.io.File.pathSeparator, java.util.Arrays.stream(classPath().split(java.io.File.pathSeparator))
                .filter(e -> !Path.of(e).toAbsolutePath().toString().equals(main)).toList());
    }
}
