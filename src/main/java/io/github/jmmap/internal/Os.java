package io.github.jmmap.internal;

import java.util.Locale;

/** The one place that reads {@code os.name}: the rest of jmmap asks the provider, not the OS. */
public enum Os {
    LINUX("linux"), MACOS("macos"), WINDOWS("windows"), OTHER("other");

    private final String id;

    Os(String id) {
        this.id = id;
    }

    /** A short lower-case name for messages. */
    public String id() {
        return id;
    }

    /** The OS this JVM runs on. */
    public static Os current() {
        return of(System.getProperty("os.name", ""));
    }

    /** The OS a given {@code os.name} value means. */
    public static Os of(String osName) {
        String n = osName.toLowerCase(Locale.ROOT);
        if (n.startsWith("linux")) {
            return LINUX;
        }
        if (n.startsWith("mac") || n.startsWith("darwin")) {
            return MACOS;
        }
        if (n.startsWith("windows")) {
            return WINDOWS;
        }
        return OTHER;
    }
}
