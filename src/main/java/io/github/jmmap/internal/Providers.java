package io.github.jmmap.internal;

import io.github.jmmap.Backend;
import io.github.jmmap.internal.javamap.JavaProvider;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/**
 * Backend choice, probed once per JVM. NATIVE is offered where a provider exists for the OS and
 * native access is enabled for jmmap's module; AUTO takes NATIVE then, else JAVA, and logs one
 * actionable line saying why (never touching a restricted method, so the JDK prints no warning).
 */
public final class Providers {
    private static final System.Logger LOG = System.getLogger("io.github.jmmap");

    /** The native provider class of each OS: the only per-OS table in shared code. */
    private static final Map<Os, String> NATIVE_PROVIDERS = Map.of(
            Os.LINUX, "io.github.jmmap.internal.linux.LinuxProvider",
            Os.MACOS, "io.github.jmmap.internal.macos.MacProvider",
            Os.WINDOWS, "io.github.jmmap.internal.windows.WindowsProvider");

    private Providers() {
    }

    private static final class NativeHolder {
        static final Object NATIVE = probeNative();   // a Provider, or a String saying why not
    }

    private static final class AutoHolder {
        static final Provider AUTO = chooseAuto();
    }

    /** The provider for a backend choice; NATIVE throws UnsupportedOperationException saying why not. */
    public static Provider get(Backend backend) {
        return switch (backend) {
            case JAVA -> JavaProvider.INSTANCE;
            case AUTO -> AutoHolder.AUTO;
            case NATIVE -> {
                Object p = NativeHolder.NATIVE;
                if (p instanceof Provider provider) {
                    yield provider;
                }
                throw new UnsupportedOperationException("Backend.NATIVE is not available: " + p);
            }
        };
    }

    /** Whether NATIVE can be used in this JVM. */
    public static boolean nativeAvailable() {
        return NativeHolder.NATIVE instanceof Provider;
    }

    /** Why NATIVE cannot be used, or null when it can. */
    public static String nativeUnavailableReason() {
        return NativeHolder.NATIVE instanceof String s ? s : null;
    }

    private static Provider chooseAuto() {
        Object p = NativeHolder.NATIVE;
        if (p instanceof Provider provider) {
            LOG.log(System.Logger.Level.DEBUG, "jmmap: Backend.AUTO uses NATIVE");
            return provider;
        }
        LOG.log(System.Logger.Level.INFO, "jmmap: Backend.AUTO uses JAVA because " + p);
        return JavaProvider.INSTANCE;
    }

    private static Object probeNative() {
        Os os = Os.current();
        String className = NATIVE_PROVIDERS.get(os);
        if (className == null) {
            return "jmmap has no native provider for " + System.getProperty("os.name");
        }
        Module module = Providers.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            String flag = module.isNamed()
                    ? "--enable-native-access=" + module.getName()
                    : "--enable-native-access=ALL-UNNAMED";
            return "native access is not enabled for jmmap; add " + flag
                    + " to the java command line (--enable-native-access=io.github.jmmap on the module path,"
                    + " =ALL-UNNAMED on the class path)";
        }
        try {
            Class<?> c = Class.forName(className, true, Providers.class.getClassLoader());
            return c.getMethod("create").invoke(null);
        } catch (ClassNotFoundException e) {
            return "this build of jmmap has no native provider for " + os.id();
        } catch (InvocationTargetException e) {
            return "the native provider for " + os.id() + " failed to start: " + e.getCause();
        } catch (ReflectiveOperationException | LinkageError e) {
            return "the native provider for " + os.id() + " failed to load: " + e;
        }
    }
}
