package io.github.jmmap.conformance;

import io.github.jmmap.Backend;

/** The model-based properties on the pure-Java backend. */
@BackendUnderTest(Backend.JAVA)
class JavaModelProperties extends ModelProperties {
}
