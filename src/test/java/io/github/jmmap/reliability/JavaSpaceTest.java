package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** Maps the store cannot back, on the JAVA backend. */
@BackendUnderTest(Backend.JAVA)
class JavaSpaceTest extends SpaceSuite {
}
