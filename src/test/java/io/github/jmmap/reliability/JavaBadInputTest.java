package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** Bad input on the JAVA backend. */
@BackendUnderTest(Backend.JAVA)
class JavaBadInputTest extends BadInputSuite {
}
