package io.github.jmmap.conformance;

import io.github.jmmap.Backend;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The java.io / java.nio faces on the NATIVE backend (POSIX and Windows). */
@BackendUnderTest(Backend.NATIVE)
@DisabledOnOs(value = OS.OTHER, disabledReason = "no NATIVE provider for this OS")
class NativeFacesTest extends FacesSuite {
}
