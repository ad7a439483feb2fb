package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** Durability across SIGKILL on the JAVA backend. */
@BackendUnderTest(Backend.JAVA)
class JavaDurabilityTest extends DurabilitySuite {
}
