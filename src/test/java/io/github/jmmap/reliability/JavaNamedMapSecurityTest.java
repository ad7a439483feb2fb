package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** Named-map security on the JAVA backend. */
@BackendUnderTest(Backend.JAVA)
class JavaNamedMapSecurityTest extends NamedMapSecuritySuite {
}
