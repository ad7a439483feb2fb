package io.github.jmmap.interop;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** The cross-process counter proof on the JAVA backend. */
@BackendUnderTest(Backend.JAVA)
class JavaCounterTest extends CounterSuite {
}
