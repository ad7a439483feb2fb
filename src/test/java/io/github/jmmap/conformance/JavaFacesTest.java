package io.github.jmmap.conformance;

import io.github.jmmap.Backend;

/** The java.io / java.nio faces on the pure-Java backend. */
@BackendUnderTest(Backend.JAVA)
class JavaFacesTest extends FacesSuite {
}
