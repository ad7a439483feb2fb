package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** Maps the store cannot back, on the NATIVE backend. */
@BackendUnderTest(Backend.NATIVE)
class NativeSpaceTest extends SpaceSuite {
}
