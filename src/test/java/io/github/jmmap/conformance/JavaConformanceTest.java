package io.github.jmmap.conformance;

import io.github.jmmap.Backend;

/** The conformance suite on the pure-Java backend. */
@BackendUnderTest(Backend.JAVA)
class JavaConformanceTest extends ConformanceSuite {
}
