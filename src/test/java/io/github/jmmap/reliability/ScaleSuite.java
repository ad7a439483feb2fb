package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import io.github.jmmap.conformance.SuiteSummary;
import io.github.jmmap.internal.Os;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 11's scale, as tests ({@link Scale} runs the scenarios; ScaleBench measures them for
 * BENCHMARKS.md): a sparse file of a tebibyte mapped whole, READ and WRITE, and touched at
 * {@value #PAGES} random pages, costs no more to open and close than a page-sized one (within a
 * generous bound: speed claims are the benchmark's), no heap, no allocated block beyond the pages
 * written, and nothing once closed; {@value #MAPS} maps alive at once each read their own bytes and
 * leave no descriptor or mapping behind. Where the temp directory's file system cannot hold a
 * sparse tebibyte (and on Windows, whose NTFS files are not sparse by default) the tebibyte is
 * skipped saying so; what the process holds (descriptors, mappings, resident pages) is read from
 * /proc, so those checks and the live maps run on Linux only. One concrete subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class ScaleSuite extends MapTestSupport {
    static final int PAGES = 1000;
    static final int MAPS = 10_000;
    /** The heap a map may add, touched pages and all: far below any per-page structure of a tebibyte (2^28 pages). */
    static final long HEAP_BOUND = 2 << 20;
    /** Resident file pages left after the close: below the {@value #PAGES} pages touched (3.9 MiB). */
    static final long RSS_BOUND = 2 << 20;
    /** How much slower an open or close of the tebibyte may be than of a page, and the slack on top. */
    static final int TIMES = 100;
    static final long SLACK_NS = 20_000_000;

    @AfterAll
    static void summary(TestInfo info) {
        SuiteSummary.print(info);
    }

    @ParameterizedTest(name = "{displayName} {0}")
    @EnumSource(value = Access.class, names = {"READ", "WRITE"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sparseTebibyte_aThousandRandomPagesTouched_openCloseAsForAPageHeapFlatNothingAllocatedNothingLeft(
            Access access) throws IOException {
        assumeTrue(Os.current() != Os.WINDOWS, "an NTFS file is sparse only once marked so (FSCTL_SET_SPARSE), and"
                + " a page written near the end of an unmarked one makes NTFS zero-fill all the bytes before it");
        Path big;
        try {
            big = Scale.sparseFile(dir, Scale.TEBIBYTE);
        } catch (IOException e) {
            assumeTrue(false, "the file system of " + dir + " cannot hold a sparse file of a tebibyte: " + e);
            return;
        }
        Path small = Scale.sparseFile(dir, Scale.PAGE);
        long[] pages = Scale.pages(Scale.TEBIBYTE, PAGES, 11);
        Scale.touch(backend(), small, access, new long[] {0});            // classes loaded, JIT warmed
        Scale.Touch t = Scale.touch(backend(), big, access, pages);
        long[] smallOC = Scale.fastestOpenClose(backend(), small, access, 5);
        long[] bigOC = Scale.fastestOpenClose(backend(), big, access, 5);
        SuiteSummary.add(getClass(), String.format("scale (1 TiB %s): open %.2f ms, %d pages touched in %.2f ms, close"
                + " %.2f ms (fastest of 5: %.3f / %.3f ms, of 4 KiB: %.3f / %.3f ms); heap %+,d bytes; file pages"
                + " resident %,d -> %,d -> %,d KiB; blocks %,d -> %,d KiB", access, t.openNs() / 1e6, PAGES,
                t.touchNs() / 1e6, t.closeNs() / 1e6, bigOC[0] / 1e6, bigOC[1] / 1e6, smallOC[0] / 1e6,
                smallOC[1] / 1e6, t.heapGrowth(), t.rssFileBefore() >> 10, t.rssFileOpen() >> 10,
                t.rssFileAfter() >> 10, t.allocatedBefore() >> 10, t.allocatedAfter() >> 10));

        assertTrue(bigOC[0] <= TIMES * smallOC[0] + SLACK_NS, "opening 1 TiB took " + bigOC[0] + " ns, 4 KiB "
                + smallOC[0] + " ns");
        assertTrue(bigOC[1] <= TIMES * smallOC[1] + SLACK_NS, "closing 1 TiB took " + bigOC[1] + " ns, 4 KiB "
                + smallOC[1] + " ns");
        assertTrue(t.heapGrowth() < HEAP_BOUND, "the heap grew by " + t.heapGrowth() + " bytes with the map open");
        if (Scale.hasProc()) {                                            // Linux: what the process holds
            assertEquals(1, t.fileMappingsOpen(), "the map is one mapping of the file while open");
            assertEquals(0, t.fileMappingsAfter(), "no mapping of the file is left after the close");
            assertTrue(Math.abs(t.mappingsAfter() - t.mappingsBefore()) <= 16,
                    "mappings " + t.mappingsBefore() + " -> " + t.mappingsAfter());
            assertTrue(t.rssFileOpen() - t.rssFileBefore() >= PAGES * Scale.PAGE / 2, "touching " + PAGES + " pages"
                    + " made resident only " + (t.rssFileOpen() - t.rssFileBefore()) + " bytes: were they touched?");
            assertTrue(t.rssFileAfter() - t.rssFileBefore() < RSS_BOUND, "resident file pages " + t.rssFileBefore()
                    + " -> " + t.rssFileAfter() + " bytes after the close");
        }
        if (t.allocatedAfter() >= 0) {
            // the pages written, and the file system's own blocks for an extent per page (some KiB);
            // a prefault or a zero fill of the range would be a tebibyte
            long bound = t.allocatedBefore() + (access == Access.WRITE ? PAGES * Scale.PAGE : 0) + (1 << 20);
            assertTrue(t.allocatedAfter() <= bound, "the file has " + t.allocatedAfter() + " bytes allocated after "
                    + access + " at " + PAGES + " pages, more than " + bound);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tenThousandLiveMaps_eachReadsItsOwnBytes_closingThemLeavesNoDescriptorOrMapping() throws IOException {
        assumeTrue(Scale.hasProc(), "counts /proc/self/fd and /proc/self/maps (Linux)");
        long limit = Scale.descriptorLimit();
        assumeTrue(limit > MAPS + Scale.descriptors() + 100, "each map keeps a descriptor (trackFd), and this process"
                + " may open " + limit + ": too few for " + MAPS);
        Scale.Many r = Scale.many(backend(), dir, MAPS);
        SuiteSummary.add(getClass(), String.format("scale (%,d live maps): opened in %.0f ms (%.1f us each), checked"
                + " in %.0f ms, closed in %.0f ms (%.1f us each); descriptors %d -> %d -> %d, mappings %d -> %d -> %d",
                MAPS, r.openNs() / 1e6, r.openNs() / 1e3 / MAPS, r.checkNs() / 1e6, r.closeNs() / 1e6,
                r.closeNs() / 1e3 / MAPS, r.descriptorsBefore(), r.descriptorsOpen(), r.descriptorsAfter(),
                r.mappingsBefore(), r.mappingsOpen(), r.mappingsAfter()));
        assertTrue(r.mappingsOpen() - r.mappingsBefore() >= MAPS, "mappings " + r.mappingsBefore() + " -> "
                + r.mappingsOpen() + " with " + MAPS + " maps open");
        // fewer after is another test's dropped map released by the cleaner meanwhile; one more is a leak
        assertTrue(r.descriptorsAfter() <= r.descriptorsBefore(), "open descriptors " + r.descriptorsBefore() + " -> "
                + r.descriptorsAfter() + " after " + MAPS + " maps were opened and closed");
        // the JVM itself may map or unmap a few regions meanwhile (GC, code cache, thread stacks)
        assertTrue(Math.abs(r.mappingsAfter() - r.mappingsBefore()) <= 16,
                "mappings " + r.mappingsBefore() + " -> " + r.mappingsAfter());
    }
}
