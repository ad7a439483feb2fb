package io.github.jmmap.conformance;

import io.github.jmmap.Backend;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names the backend a concrete conformance class runs the suite on. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
public @interface BackendUnderTest {
    Backend value();
}
