package io.github.jmmap.conformance;

import io.github.jmmap.Backend;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The model-based properties on the NATIVE backend. On Windows the NAMED target keeps its one
 * handle for the whole sequence (see {@link ModelProperties}): a name dies with its last handle there.
 */
@BackendUnderTest(Backend.NATIVE)
@DisabledOnOs(value = OS.OTHER, disabledReason = "no NATIVE provider for this OS")
class NativeModelProperties extends ModelProperties {
}
