package io.github.jmmap.differential;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** The differential test against CPython's mmap on the NATIVE backend. */
@BackendUnderTest(Backend.NATIVE)
class NativeDifferentialTest extends DifferentialSuite {
}
