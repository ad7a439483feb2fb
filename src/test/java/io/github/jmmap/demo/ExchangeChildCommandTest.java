package io.github.jmmap.demo;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The demo's second process: the same JVM, or in a GraalVM native image the image itself. */
class ExchangeChildCommandTest {

    @Test
    void inAJvmTheChildIsTheSameJavaWithTheClassPath() {
        assertEquals(List.of("/jdk/bin/java", "--enable-native-access=ALL-UNNAMED", "-cp", "a.jar", Demo.class.getName(),
                "child", "x.bin", "-"), Exchange.childCommand("/jdk/bin/java", false, "/jdk", "a.jar", "x.bin", "-"));
        assertEquals(Path.of("/jdk", "bin", "java").toString(),
                Exchange.childCommand(null, false, "/jdk", "a.jar", "x.bin", "t").get(0));
    }

    /** A native image's command is the image: JVM options would be its arguments, and it would exit 2. */
    @Test
    void inANativeImageTheChildIsTheImageWithTheDemosArgumentsOnly() {
        assertEquals(List.of("C:\\\\jmmap-demo.exe", "child", "x.bin", "jmmap-demo-7"),
                Exchange.childCommand("C:\\\\jmmap-demo.exe", true, null, "", "x.bin", "jmmap-demo-7"));
        assertEquals("cannot start the child: the native image does not know its own path",
                assertThrows(IllegalStateException.class,
                        () -> Exchange.childCommand(null, true, null, "", "x.bin", "-")).getMessage());
    }
}
