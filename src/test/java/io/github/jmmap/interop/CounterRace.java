package io.github.jmmap.interop;

import io.github.jmmap.Backend;
import io.github.jmmap.MemoryMap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Processes adding 1 to one counter through one shared map, all at once after a start flag, timed:
 * child JVMs running {@link PeerMain}, the C peer with {@code __atomic_fetch_add} where it builds,
 * and this JVM if it takes part. {@link CounterSuite} checks the total (a few processes x 100,000
 * adds, and 16 x 1,000,000); {@code io.github.jmmap.bench.ScaleBench} measures the time per add
 * for BENCHMARKS.md. The long at {@value #COUNTER} counts; the int at {@value #GO} is 0 until
 * every peer is ready.
 *
 * <pre>{@code
 * CounterRace.Result r = CounterRace.run(m, 15, false, 1_000_000, CounterRace.tagnamePeers(Backend.NATIVE, t));
 * assertEquals(r.expected(), r.total());
 * }</pre>
 */
public final class CounterRace {
    /** The offset of the counter, a long. */
    public static final int COUNTER = 0;
    /** The offset of the start flag, an int: 0 until every peer is ready. */
    public static final int GO = 64;

    private CounterRace() {
    }

    /**
     * How the peers map the memory: the command line of a child JVM and of the C peer, given the
     * commands to follow the mapping.
     */
    public record Peering(Function<List<String>, List<String>> java, Function<List<String>, List<String>> c) {
    }

    /** Peers mapping the file {@code p} (WRITE), the child JVMs on {@code backend}. */
    public static Peering filePeers(Backend backend, Path p) {
        return new Peering(commands -> Peers.java(concat(List.of("open-file", backend.name(), p.toString(), "WRITE"),
                commands)), commands -> Peers.c("file", p.toString(), commands.toArray(String[]::new)));
    }

    /** Peers opening the existing named map {@code tagname} (WRITE), the child JVMs on {@code backend}. */
    public static Peering tagnamePeers(Backend backend, String tagname) {
        return new Peering(commands -> Peers.java(concat(List.of("open-name", backend.name(), tagname,
                "OPEN_EXISTING", "WRITE", "0"), commands)),
                commands -> Peers.c("shm", tagname, commands.toArray(String[]::new)));
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    /**
     * What a race did: who added ("this JVM", "JVM 1", ..., "C"), the adds each made, the counter
     * after, the wall time of the adding phase (from the start flag until the last process had
     * added), each process's own time for its adds (in the order of {@code who}), and why the C
     * peer took no part (null if it did).
     */
    public record Result(List<String> who, long adds, long total, long wallNs, List<Long> processNs, String withoutC) {
        /** The total without a lost update. */
        public long expected() {
            return who.size() * adds;
        }

        /** The wall time of the adding phase per add of all processes. */
        public double nsPerAdd() {
            return (double) wallNs / expected();
        }

        /** The time of a process's adding loop, in ms: the fastest, the median and the slowest process. */
        public double[] processMs() {
            double[] each = processNs.stream().mapToDouble(ns -> ns / 1e6).sorted().toArray();
            return new double[] {each[0], each[each.length / 2], each[each.length - 1]};
        }

        /**
         * "16 processes (JVM 1, ..., C) x 1,000,000 adds = 16,000,000 in 1,390 ms: 86.9 ns per add;
         * a process's loop 109 / 1,282 / 1,367 ms (fastest / median / slowest, 2 CPUs)".
         */
        public String describe() {
            double[] p = processMs();
            return String.format("%d processes (%s) x %,d adds = %,d in %,d ms: %.1f ns per add; a process's loop"
                    + " %,.0f / %,.0f / %,.0f ms (fastest / median / slowest, %d CPUs)", who.size(),
                    String.join(", ", who), adds, total, wallNs / 1_000_000, nsPerAdd(), p[0], p[1], p[2],
                    Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * Runs the race on {@code m}, whose counter and start flag must be 0: {@code jvms} child JVMs,
     * the C peer where it builds, and this JVM if {@code thisJvmAdds}, each adding 1
     * {@code adds} times. Fails (through {@link Peers}) if a peer fails or reports another count.
     */
    public static Result run(MemoryMap m, int jvms, boolean thisJvmAdds, long adds, Peering peering)
            throws Exception {
        List<String> commands = List.of("ready", "await", String.valueOf(GO), "add", String.valueOf(COUNTER),
                String.valueOf(adds));
        List<Peers.Peer> peers = new ArrayList<>();
        List<String> who = new ArrayList<>();
        List<Long> processNs = new ArrayList<>();
        String noC = Peers.cUnavailableReason();
        long wall;
        try {
            for (int i = 0; i < jvms; i++) {
                peers.add(Peers.start(peering.java().apply(commands)));
            }
            if (noC == null) {
                peers.add(Peers.start(peering.c().apply(commands)));
            }
            for (Peers.Peer peer : peers) {
                peer.await("ready");
            }
            long t0 = System.nanoTime();
            m.setIntVolatile(GO, 1);                   // all add at once
            if (thisJvmAdds) {
                for (long i = 0; i < adds; i++) {
                    m.getAndAddLong(COUNTER, 1);
                }
                who.add("this JVM");
                processNs.add(System.nanoTime() - t0);
            }
            for (Peers.Peer peer : peers) {
                peer.await("add-ns ");
            }
            wall = System.nanoTime() - t0;
            for (int i = 0; i < peers.size(); i++) {
                Peers.Result r = peers.get(i).finish().ok();
                if (!r.line("added ").equals("added " + adds)) {
                    throw new IllegalStateException("a peer reports " + r.line("added ") + ", not " + adds + ": "
                            + r.command());
                }
                who.add(i < jvms ? "JVM " + (i + 1) : "C");
                processNs.add(Long.parseLong(r.line("add-ns ").substring("add-ns ".length())));
            }
        } finally {
            peers.forEach(Peers.Peer::close);
        }
        return new Result(List.copyOf(who), adds, m.getLongVolatile(COUNTER), wall, List.copyOf(processNs), noC);
    }
}
