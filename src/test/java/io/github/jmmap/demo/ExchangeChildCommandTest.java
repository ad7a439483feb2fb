package io.github.jmmap.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's second process: the same JVM, or in a GraalVM native image the image itself. The
 * demo is compiled apart from the tests (target/demo-classes, {@code jmmap.demo.classes}), so its
 * package-private {@code Exchange.childCommand} is reached through a class loader of its own.
 */
class ExchangeChildCommandTest {
    private static URLClassLoader loader;
    private static Method childCommand;
    private static String demoClass;

    @BeforeAll
    static void loadTheDemo() throws Exception {
        String demo = System.getProperty("jmmap.demo.classes");     // src/demo/java, never in the library jar
        assertTrue(demo != null && Files.isDirectory(Path.of(demo)), "jmmap.demo.classes is set by surefire");
        loader = new URLClassLoader(new URL[] {Path.of(demo).toUri().toURL()},
                ExchangeChildCommandTest.class.getClassLoader());
        Class<?> exchange = Class.forName("io.github.jmmap.demo.Exchange", false, loader);
        childCommand = exchange.getDeclaredMethod("childCommand", String.class, boolean.class, String.class,
                String.class, String.class, String.class);
        childCommand.setAccessible(true);
        demoClass = Class.forName("io.github.jmmap.demo.Demo", false, loader).getName();
    }

    @AfterAll
    static void close() throws Exception {
        loader.close();
    }

    private static Object command(String self, boolean nativeImage, String javaHome, String classPath, String file,
                                  String tagname) throws Throwable {
        try {
            return childCommand.invoke(null, self, nativeImage, javaHome, classPath, file, tagname);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void inAJvmTheChildIsTheSameJavaWithTheClassPath() throws Throwable {
        assertEquals(List.of("/jdk/bin/java", "--enable-native-access=ALL-UNNAMED", "-cp", "a.jar", demoClass,
                "child", "x.bin", "-"), command("/jdk/bin/java", false, "/jdk", "a.jar", "x.bin", "-"));
        assertEquals(Path.of("/jdk", "bin", "java").toString(),
                ((List<?>) command(null, false, "/jdk", "a.jar", "x.bin", "t")).get(0));
    }

    /** A native image's command is the image: JVM options would be its arguments, and it would exit 2. */
    @Test
    void inANativeImageTheChildIsTheImageWithTheDemosArgumentsOnly() throws Throwable {
        assertEquals(List.of("C:\\jmmap-demo.exe", "child", "x.bin", "jmmap-demo-7"),
                command("C:\\jmmap-demo.exe", true, null, "", "x.bin", "jmmap-demo-7"));
        IllegalStateException e = assertInstanceOf(IllegalStateException.class,
                assertThrows(Throwable.class, () -> command(null, true, null, "", "x.bin", "-")));
        assertEquals("cannot start the child: the native image does not know its own path", e.getMessage());
    }
}
