package dev.precis.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class SpinTeamTest {
    /**
     * Runs the steps on a daemon thread: a lost wake-up shows as a step that never ends, and this fails the
     * test after 30 s instead of hanging the build.
     */
    private static void within30s(Runnable steps) throws Exception {
        FutureTask<Void> task = new FutureTask<>(steps, null);
        Thread t = new Thread(task, "steps");
        t.setDaemon(true);
        t.start();
        try {
            task.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fail("a step did not end within 30 s (a helper that was never woken?)");
        }
    }


    @Test
    void everyPieceRunsExactlyOnceStepAfterStep() throws Exception {
        SpinTeam team = new SpinTeam(2);
        within30s(() -> {
            for (int step = 0; step < 300; step++) {
                int pieces = new int[] {1, 2, 3, 17, 1000}[step % 5];
                AtomicIntegerArray runs = new AtomicIntegerArray(pieces);
                assertTrue(team.tryRun(pieces, runs::incrementAndGet));
                for (int p = 0; p < pieces; p++) {
                    assertEquals(1, runs.get(p), "piece " + p + " of " + pieces + " in step " + step);
                }
            }
        });
    }

    @Test
    void helpersTakePiecesAlsoAfterTheyParked() throws Exception {
        SpinTeam team = new SpinTeam(1);
        within30s(() -> {
            for (int round = 0; round < 3; round++) {
                // Each of the two pieces waits for the other: the step ends only if the helper took one.
                CountDownLatch both = new CountDownLatch(2);
                AtomicBoolean met = new AtomicBoolean(true);
                assertTrue(team.tryRun(2, p -> {
                    both.countDown();
                    met.compareAndSet(true, awaitQuietly(both));
                }));
                assertTrue(met.get(), "the helper ran a piece in round " + round);
                // Idle far longer than the spin, so that the helper parks and must be woken for the next step.
                LockSupport.parkNanos(20 * SpinTeam.SPIN_NANOS);
            }
        });
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void anExceptionOfTheBodyReachesTheCallerAndTheTeamGoesOn() throws Exception {
        SpinTeam team = new SpinTeam(1);
        within30s(() -> {
            IllegalArgumentException boom = new IllegalArgumentException("piece 5 is bad");
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                    () -> team.tryRun(64, p -> {
                        if (p == 5) {
                            throw boom;
                        }
                    }));
            assertSame(boom, thrown);
            AtomicIntegerArray runs = new AtomicIntegerArray(64);
            assertTrue(team.tryRun(64, runs::incrementAndGet));
            for (int p = 0; p < 64; p++) {
                assertEquals(1, runs.get(p));
            }
        });
    }

    @Test
    void aStepAskedForInsideAStepIsRefusedAndRunsNothing() throws Exception {
        SpinTeam team = new SpinTeam(1);
        AtomicIntegerArray inner = new AtomicIntegerArray(1);
        AtomicBoolean refused = new AtomicBoolean(true);
        within30s(() -> assertTrue(team.tryRun(4,
                p -> refused.compareAndSet(true, !team.tryRun(3, i -> inner.incrementAndGet(0))))));
        assertTrue(refused.get());
        assertEquals(0, inner.get(0));
    }

    @Test
    void parallelLoopsFromSeveralThreadsAllComplete() throws Exception {
        // The shared team takes one caller at a time; the others fall back to the pool.
        ExecutorService callers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "caller");
            t.setDaemon(true); // a caller stuck in a step must not keep the test JVM alive
            return t;
        });
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                results.add(callers.submit(() -> {
                    for (int step = 0; step < 200; step++) {
                        int n = 1 + step % 40;
                        AtomicIntegerArray runs = new AtomicIntegerArray(n);
                        Parallel.forEach(n, runs::incrementAndGet);
                        for (int i = 0; i < n; i++) {
                            if (runs.get(i) != 1) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(60, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void noPiecesIsDoneAtOnceAndATeamWithoutHelpersRunsEverythingItself() {
        assertTrue(new SpinTeam(1).tryRun(0, p -> {
            throw new AssertionError("no piece to run");
        }));
        SpinTeam alone = new SpinTeam(0);
        assertEquals(1, alone.size());
        AtomicIntegerArray runs = new AtomicIntegerArray(5);
        assertTrue(alone.tryRun(5, runs::incrementAndGet));
        for (int p = 0; p < 5; p++) {
            assertEquals(1, runs.get(p));
        }
    }
}
