package io.github.jmmap.conformance;

import io.github.jmmap.Backend;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Flush modes, anonymous-memory names and noReserve on the NATIVE backend. */
@BackendUnderTest(Backend.NATIVE)
@DisabledOnOs(value = OS.OTHER, disabledReason = "no NATIVE provider for this OS")
class NativeBeyondPythonTest extends BeyondPythonSuite {
}
