package io.github.jmmap.reliability;

import io.github.jmmap.Backend;
import io.github.jmmap.conformance.BackendUnderTest;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Named-map safety (names left behind, objects found in /dev/shm) on the NATIVE backend. */
@BackendUnderTest(Backend.NATIVE)
@DisabledOnOs(value = {OS.WINDOWS, OS.OTHER}, disabledReason = "POSIX named maps only; Windows names die with their last handle")
class NativeNamedMapSafetyTest extends NamedMapSafetySuite {
}
