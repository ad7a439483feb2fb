package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** The concurrency rounds on the JAVA backend. */
@BackendUnderTest(Backend.JAVA)
class JavaConcurrencyTest extends ConcurrencySuite {
}
