package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** The lifetime of mappings on the JAVA backend. */
@BackendUnderTest(Backend.JAVA)
class JavaLifetimeTest extends LifetimeSuite {
}
