package io.github.jmmap.conformance;

import org.junit.jupiter.api.DisplayNameGenerator;

import java.lang.reflect.Method;
import java.util.List;

/** Puts the backend's name, e.g. {@code [JAVA]}, in front of every test's display name. */
public final class BackendDisplayNames extends DisplayNameGenerator.Standard {

    private static String prefix(Class<?> testClass) {
        BackendUnderTest b = testClass.getAnnotation(BackendUnderTest.class);
        return b == null ? "" : "[" + b.value() + "] ";
    }

    @Override
    public String generateDisplayNameForClass(Class<?> testClass) {
        return prefix(testClass) + super.generateDisplayNameForClass(testClass);
    }

    @Override
    public String generateDisplayNameForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass,
                                               Method testMethod) {
        return prefix(testClass) + testMethod.getName()
                + super.generateDisplayNameForMethod(enclosingInstanceTypes, testClass, testMethod)
                .substring(testMethod.getName().length());
    }
}
