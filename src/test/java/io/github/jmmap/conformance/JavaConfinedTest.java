package io.github.jmmap.conformance;

import io.github.jmmap.Backend;

/** Confined maps (MapOptions.confined(true)) on the JAVA backend. */
@BackendUnderTest(Backend.JAVA)
class JavaConfinedTest extends ConfinedSuite {
}
