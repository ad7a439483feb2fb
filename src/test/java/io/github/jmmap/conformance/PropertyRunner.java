package io.github.jmmap.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A small seeded property runner on JUnit alone: each try generates a case from a seed of its own,
 * runs the property on it, and on the first failure shrinks the case (by dropping operations, see
 * {@link Shrinkable}) and throws an {@link AssertionError} that names the seed, the shrunk case and
 * both failures. {@value #SEED_PROPERTY} sets the base seed; a run's first try uses the base seed
 * itself, so passing a printed seed replays that failing case first (and the tries after it are
 * the same for the same seed).
 *
 * <pre>{@code
 * PropertyRunner<Case> runner = new PropertyRunner<>("[JAVA] model", Case::generate, Case::check);
 * PropertyRunner.Summary s = runner.run(PropertyRunner.baseSeed(), 240, Long.MAX_VALUE);
 * }</pre>
 *
 * @param <C> the generated case
 */
final class PropertyRunner<C extends PropertyRunner.Shrinkable<C>> {
    /** {@code -Djmmap.model.seed=0x...}: the base seed (a printed seed replays its case as the first try). */
    static final String SEED_PROPERTY = "jmmap.model.seed";
    /** How many replays a shrink may spend. */
    static final int SHRINK_BUDGET = 2_000;

    /** The property: returns normally if the case passes, throws (an AssertionError, usually) if not. */
    @FunctionalInterface
    interface Property<C> {
        void check(C c) throws Exception;
    }

    /** A case that can offer smaller versions of itself (each with some operations dropped). */
    interface Shrinkable<C> {
        /** Smaller candidates, the most aggressive first; empty when nothing is left to drop. */
        List<C> smaller();

        /** How many operations the case has, for the report. */
        int size();
    }

    /** What a run did: tries, and the sum of {@link Shrinkable#size()} over them. */
    record Summary(int tries, long operations) {
    }

    private final String name;
    private final Function<SplittableRandom, C> generator;
    private final Property<C> property;

    PropertyRunner(String name, Function<SplittableRandom, C> generator, Property<C> property) {
        this.name = name;
        this.generator = generator;
        this.property = property;
    }

    /** The base seed: {@value #SEED_PROPERTY} if set, else a fresh one. */
    static long baseSeed() {
        String s = System.getProperty(SEED_PROPERTY);
        return s == null || s.isBlank() ? new SplittableRandom().nextLong() : Long.decode(s.strip());
    }

    /** The seed of try {@code i} of a run whose base seed is {@code base}; try 0 uses the base itself. */
    static long seedOf(long base, int i) {
        return i == 0 ? base : new SplittableRandom(base + i * 0x9E3779B97F4A7C15L).nextLong();
    }

    /**
     * Runs up to {@code tries} tries, stopping early once {@code System.nanoTime()} passes
     * {@code deadlineNanos} (after at least one try).
     */
    Summary run(long base, int tries, long deadlineNanos) {
        long operations = 0;
        int done = 0;
        for (int i = 0; i < tries; i++) {
            if (i > 0 && System.nanoTime() - deadlineNanos > 0) {
                break;
            }
            long seed = seedOf(base, i);
            C c = generator.apply(new SplittableRandom(seed));
            Throwable failure = failure(c);
            if (failure != null) {
                throw report(seed, c, failure);
            }
            operations += c.size();
            done++;
        }
        return new Summary(done, operations);
    }

    private Throwable failure(C c) {
        try {
            property.check(c);
            return null;
        } catch (Exception | AssertionError e) {
            return e;
        }
    }

    /** Shrinks greedily: takes the first smaller candidate that still fails, until none does. */
    private AssertionError report(long seed, C original, Throwable originalFailure) {
        C current = original;
        Throwable currentFailure = originalFailure;
        int replays = 0;
        boolean progress = true;
        while (progress && replays < SHRINK_BUDGET) {
            progress = false;
            for (C candidate : current.smaller()) {
                if (replays++ >= SHRINK_BUDGET) {
                    break;
                }
                Throwable f = failure(candidate);
                if (f != null) {
                    current = candidate;
                    currentFailure = f;
                    progress = true;
                    break;
                }
            }
        }
        String text = String.format("%s failed: seed 0x%016x (replay with -D%s=0x%016x)%n"
                        + "  shrunk from %d to %d operations in %d replays:%n%s"
                        + "  failure of the shrunk case: %s%n  original failure: %s",
                name, seed, SEED_PROPERTY, seed, original.size(), current.size(), replays, current,
                currentFailure, originalFailure);
        AssertionError e = new AssertionError(text, currentFailure);
        e.addSuppressed(originalFailure);
        return e;
    }

    /**
     * The usual smaller candidates of a list of operations: drop a half, then each quarter, ...,
     * then each single operation (delta debugging's chunk removal).
     */
    static <E> List<List<E>> dropChunks(List<E> ops) {
        List<List<E>> out = new ArrayList<>();
        for (int chunk = Math.max(1, ops.size() / 2); ; chunk = Math.max(1, chunk / 2)) {
            for (int from = 0; from < ops.size(); from += chunk) {
                List<E> smaller = new ArrayList<>(ops.subList(0, from));
                smaller.addAll(ops.subList(Math.min(ops.size(), from + chunk), ops.size()));
                out.add(smaller);
            }
            if (chunk == 1) {
                return out;
            }
        }
    }
}
