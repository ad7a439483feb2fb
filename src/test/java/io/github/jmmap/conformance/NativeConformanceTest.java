package io.github.jmmap.conformance;

import io.github.jmmap.Backend;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The conformance suite on the NATIVE backend (POSIX here; Windows arrives with its provider). */
@BackendUnderTest(Backend.NATIVE)
@DisabledOnOs(value = {OS.WINDOWS, OS.OTHER}, disabledReason = "no NATIVE provider for this OS yet")
class NativeConformanceTest extends ConformanceSuite {
}
