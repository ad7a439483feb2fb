package io.github.jmmap.conformance;

import io.github.jmmap.Backend;

/** The semantics suite on the pure-Java backend. */
@BackendUnderTest(Backend.JAVA)
class JavaSemanticsTest extends SemanticsSuite {
}
