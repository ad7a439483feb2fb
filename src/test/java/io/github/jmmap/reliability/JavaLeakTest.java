package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** Open/close leak counts on the JAVA backend. */
@BackendUnderTest(Backend.JAVA)
class JavaLeakTest extends LeakSuite {
}
