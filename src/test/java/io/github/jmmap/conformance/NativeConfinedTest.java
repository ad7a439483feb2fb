package io.github.jmmap.conformance;

import io.github.jmmap.Backend;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Confined maps (MapOptions.confined(true)) on the NATIVE backend. */
@BackendUnderTest(Backend.NATIVE)
@DisabledOnOs(value = OS.OTHER, disabledReason = "no NATIVE provider for this OS")
class NativeConfinedTest extends ConfinedSuite {
}
