package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** Issue 11's scale (a sparse tebibyte, ten thousand live maps) on the NATIVE backend. */
@BackendUnderTest(Backend.NATIVE)
class NativeScaleTest extends ScaleSuite {
}
