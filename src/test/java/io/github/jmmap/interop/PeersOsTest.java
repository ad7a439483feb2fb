package io.github.jmmap.interop;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which OS the C peer is not even configured on, checked on every OS. */
class PeersOsTest {

    @Test
    void theCPeerIsSkippedUpFrontOnWindowsSayingWhy() {
        assertEquals("the C peer (native/peer/jmmap_peer.c) is POSIX-only (sys/mman.h, shm_open) and does not build on"
                + " Windows 11", Peers.osWhyNot("Windows 11"));
        assertEquals("the C peer (native/peer/jmmap_peer.c) is POSIX-only (sys/mman.h, shm_open) and does not build on"
                + " Windows Server 2022", Peers.osWhyNot("Windows Server 2022"));
    }

    @Test
    void posixSystemsBuildIt() {
        assertNull(Peers.osWhyNot("Linux"));
        assertNull(Peers.osWhyNot("Mac OS X"));
    }
}
