/**
 * Reliability tests, each an abstract suite run once per backend by a {@code Java...Test} and a
 * {@code Native...Test} subclass: concurrency (8 threads against a closer/resizer, 1,000 rounds),
 * truncation by another process, durability across SIGKILL of a child JVM, descriptor and mapping
 * leaks over 100,000 open/close cycles per kind (Linux), bad input, and named-map security (a
 * second uid, where the tests run as root). The model-based properties live beside the conformance
 * suite ({@code io.github.jmmap.conformance.ModelProperties}); interop with other processes and
 * languages in {@code io.github.jmmap.interop}.
 *
 * <p>All of it runs in {@code mvn -B verify}. The soak, one command:
 * <pre>{@code
 * mvn -B verify -Djmmap.soak=true -Dtest='*ModelProperties' -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 * runs 20,000 model tries per backend (about 1.5 million operations each; 85 s for NATIVE here) instead of CI's 200.
 * Other knobs: {@code -Djmmap.concurrency.rounds=N}, {@code -Djmmap.leak.cycles=N},
 * {@code -Djmmap.python=/path/to/python3}, {@code -Djmmap.cmake=/path/to/cmake}.
 */
package io.github.jmmap.reliability;
