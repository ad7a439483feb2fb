package io.github.jmmap.interop;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** Interop with other processes and languages on the JAVA backend. */
@BackendUnderTest(Backend.JAVA)
class JavaInteropTest extends InteropSuite {
}
