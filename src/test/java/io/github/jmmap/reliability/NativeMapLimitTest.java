package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** The limit of maps on the NATIVE backend (mmap's ENOMEM). */
@BackendUnderTest(Backend.NATIVE)
class NativeMapLimitTest extends MapLimitSuite {
}
