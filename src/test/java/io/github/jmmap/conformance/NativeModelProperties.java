package io.github.jmmap.conformance;

import io.github.jmmap.Backend;
import net.jqwik.api.Label;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The model-based properties on the NATIVE backend. */
@BackendUnderTest(Backend.NATIVE)
@Label("[NATIVE] model properties")
@DisabledOnOs(value = OS.OTHER, disabledReason = "no NATIVE provider for this OS")
class NativeModelProperties extends ModelProperties {
}
