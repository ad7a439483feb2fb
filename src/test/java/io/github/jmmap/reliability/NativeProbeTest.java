package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The adversarial findings on the NATIVE backend. */
@BackendUnderTest(Backend.NATIVE)
@DisabledOnOs(value = {OS.WINDOWS, OS.OTHER}, disabledReason = "no NATIVE provider for this OS yet")
class NativeProbeTest extends ProbeSuite {
}
