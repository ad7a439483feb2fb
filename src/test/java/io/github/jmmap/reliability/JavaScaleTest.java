package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** Issue 11's scale (a sparse tebibyte, ten thousand live maps) on the JAVA backend. */
@BackendUnderTest(Backend.JAVA)
class JavaScaleTest extends ScaleSuite {
}
