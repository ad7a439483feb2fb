package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** Truncation under a live map on the JAVA backend. */
@BackendUnderTest(Backend.JAVA)
class JavaTruncationTest extends TruncationSuite {
}
