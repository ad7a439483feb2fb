package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;

/** The limit of maps on the JAVA backend (FileChannel.map's "Map failed"). */
@BackendUnderTest(Backend.JAVA)
class JavaMapLimitTest extends MapLimitSuite {
}
