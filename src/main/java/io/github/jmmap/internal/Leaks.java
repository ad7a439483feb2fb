package io.github.jmmap.internal;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Maps dropped without close(): each is reported as a System.Logger WARNING naming where it was
 * opened, and its OS resources are released where that is safe.
 *
 * <p>Where a map was opened costs a stack capture per open (a few microseconds, against some 10 us
 * for an open and close of a file map), so it is recorded only once it is needed: until the first
 * map is found dropped, opens record nothing, and that first report says so; from then on every
 * open records its site (as an unformatted Throwable, formatted only for a report), so the next
 * map dropped at the same place is reported with it. {@code -Djmmap.leakSites=true} records sites
 * from the start; {@code -Djmmap.leakTraces=true} does too and logs the whole stack with each
 * report. Each opening site is reported the first time a map opened there is dropped, and again
 * when the count of such maps reaches 10, 100, 1000, ..., so a leak in a loop
 * cannot flood the log.
 */
public final class Leaks {
    /** jmmap's one cleaner thread. */
    static final Cleaner CLEANER = Cleaner.create();
    private static final System.Logger LOG = System.getLogger("io.github.jmmap");
    private static final boolean TRACES = Boolean.getBoolean("jmmap.leakTraces");
    /** Whether opens record where they happen: from the start if asked, else from the first dropped map on. */
    private static volatile boolean recordSites = TRACES || Boolean.getBoolean("jmmap.leakSites");
    private static final String UNKNOWN_SITE = "an unrecorded place (jmmap records where maps are opened from the"
            + " first dropped map on, so later maps dropped at the same place are reported with it;"
            + " -Djmmap.leakSites=true records it from the start)";
    private static final int MAX_SITES = 1024;
    private static final Map<String, AtomicLong> SITES = new ConcurrentHashMap<>();
    private static final AtomicLong OTHER_SITES = new AtomicLong();

    private Leaks() {
    }

    /**
     * What a map's cleaner releases: the region (kept up to date across resize and protect) and
     * the handle. It references neither the map nor, once the map is closed, anything else.
     */
    public static final class Tracker implements Runnable {
        private final String description;
        private final Throwable trace;   // where the map was opened; its frames are formatted only if it is dropped
        private final Cleaner.Cleanable cleanable;
        private volatile Region region;
        private volatile Handle handle;
        private volatile SharedFiles.Extent extent;
        private volatile boolean closed;
        /** Whether segment() was ever called: the JAVA backend then cannot know if a segment is still in use. */
        boolean exported;

        private Tracker(Object map, String description, Region region, Handle handle) {
            this.description = description;
            this.trace = recordSites ? new Throwable("the map was opened here") : null;
            this.region = region;
            this.handle = handle;
            this.cleanable = CLEANER.register(map, this);
        }

        /** The region the map uses from now on. */
        public void region(Region r) {
            region = r;
        }

        /** The handle the map keeps from now on (null: none). */
        public void handle(Handle h) {
            handle = h;
        }

        /** The map runs atomics on these bytes of its file: they leave the registry with the map. */
        public void extent(SharedFiles.Extent e) {
            extent = e;
        }

        /** Notes that segment() handed out a view of the memory. */
        public void exported() {
            if (!exported) {
                exported = true;
            }
        }

        /** The map was closed: nothing to release or report. */
        public void closed() {
            closed = true;
            leave();
            region = null;
            handle = null;
            cleanable.clean();
        }

        private void leave() {
            SharedFiles.Extent e = extent;
            extent = null;
            if (e != null) {
                e.leave();
            }
        }

        /** Runs on the cleaner thread once the map is unreachable, or at once from {@link #closed}. */
        @Override
        public void run() {
            if (closed) {
                return;
            }
            leave();
            Region r = region;
            Handle h = handle;
            region = null;
            handle = null;
            String released;
            try {
                released = r == null ? "nothing" : r.abandoned(exported);
                if (h != null) {
                    h.close();
                    released += "; its descriptor is closed";
                }
            } catch (IOException | RuntimeException e) {
                released = "releasing it failed: " + e;
            }
            recordSites = true;
            StackTraceElement site = trace == null ? null : firstOutside(trace);
            report(description, trace == null ? UNKNOWN_SITE : site == null ? "?" : site.toString(),
                    TRACES ? trace : null, released);
        }
    }

    /** Starts watching a map; the tracker is what the map updates and closes. */
    public static Tracker track(Object map, String description, Region region, Handle handle) {
        return new Tracker(map, description, region, handle);
    }

    private static final String SELF = "io.github.jmmap.MemoryMap";
    private static final String INTERNAL = "io.github.jmmap.internal.";

    private static boolean ours(String className) {
        return className.equals(SELF) || className.startsWith(INTERNAL);
    }

    /** The first frame outside jmmap: where the user opened the map. */
    private static StackTraceElement firstOutside(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (!ours(e.getClassName())) {
                return e;
            }
        }
        return null;
    }

    private static void report(String description, String site, Throwable trace, String released) {
        AtomicLong count = SITES.get(site);
        if (count == null) {
            count = SITES.size() < MAX_SITES ? SITES.computeIfAbsent(site, k -> new AtomicLong()) : OTHER_SITES;
        }
        long n = count.incrementAndGet();
        if (n != 1 && !powerOfTen(n)) {
            return;
        }
        String times = n == 1 ? "" : " (" + n + " maps opened there were dropped so far)";
        String msg = "a MemoryMap of " + description + " was dropped without close(); it was opened at " + site + times
                + ". Released: " + released + ". Close maps (try-with-resources)"
                + (trace == null ? "; -Djmmap.leakTraces=true logs the whole stack where it was opened" : "");
        if (trace == null) {
            LOG.log(System.Logger.Level.WARNING, msg);
        } else {
            LOG.log(System.Logger.Level.WARNING, msg, trace);
        }
    }

    private static boolean powerOfTen(long n) {
        while (n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }

    /** An unmap that failed on the cleaner thread, where nobody can be told but the log. */
    static void unmapFailed(String description, Throwable e) {
        LOG.log(System.Logger.Level.WARNING, "unmapping the memory of a dropped map of " + description + " failed: "
                + e.getMessage(), e);
    }
}
