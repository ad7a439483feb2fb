package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;


/** Named-map safety (names left behind, objects found in /dev/shm) on the JAVA backend. */
@BackendUnderTest(Backend.JAVA)

class JavaNamedMapSafetyTest extends NamedMapSafetySuite {
}
