package io.github.jmmap.conformance;

import io.github.jmmap.Backend;

/** Flush modes, anonymous-memory names and noReserve on the JAVA backend. */
@BackendUnderTest(Backend.JAVA)
class JavaBeyondPythonTest extends BeyondPythonSuite {
}
