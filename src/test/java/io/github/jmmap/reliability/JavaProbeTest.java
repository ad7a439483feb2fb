package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** The adversarial findings on the JAVA backend. */
@BackendUnderTest(Backend.JAVA)
class JavaProbeTest extends ProbeSuite {
}
