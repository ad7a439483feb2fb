package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** Advice that can discard data on the JAVA backend: no-ops, refused as on NATIVE. */
@BackendUnderTest(Backend.JAVA)
class JavaAdviceTest extends AdviceSuite {
}
