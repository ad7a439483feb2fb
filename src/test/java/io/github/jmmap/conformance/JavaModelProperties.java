package io.github.jmmap.conformance;

import io.github.jmmap.Backend;
import net.jqwik.api.Label;

/** The model-based properties on the pure-Java backend. */
@BackendUnderTest(Backend.JAVA)
@Label("[JAVA] model properties")
class JavaModelProperties extends ModelProperties {
}
