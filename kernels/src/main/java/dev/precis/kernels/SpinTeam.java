package dev.precis.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Threads for short data-parallel steps that follow each other closely: one decoded token runs 183
 * matrix–vector products on Gemma 3 1B, most of them well under 100 µs. A fork/join pool parks a worker as
 * soon as it runs out of work and wakes it for the next step, and on a virtual machine that wake-up costs
 * about as much as a small product. Here the helpers spin between steps and park only after
 * {@link #SPIN_NANOS} without work, so a step starts on every core at once while steps keep coming.
 *
 * <p>A step is {@code pieces} calls of a body, handed out one at a time to the caller and the helpers that
 * join it; once the caller finds no piece left it closes the step to helpers that have not joined yet, so
 * a step is never longer than the caller alone would take because a helper was slow to wake. One
 * step runs at a time: {@link #tryRun} returns {@code false}, without running anything, when another step
 * is under way (another thread decoding, or a body that itself asks for a step), and the caller then uses
 * its usual pool.
 */
public final class SpinTeam {
    /** How long an idle helper spins before it parks. */
    static final long SPIN_NANOS = 200_000;
    private static final int CLOSED = Integer.MIN_VALUE;

    private static final SpinTeam SHARED = new SpinTeam(Parallel.threads() - 1);

    private final Helper[] helpers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger next = new AtomicInteger();
    /** Helpers that joined the current step, or {@link #CLOSED} once the caller has stopped taking them. */
    private final AtomicInteger joined = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile int generation;
    private volatile IntConsumer body;
    private volatile int pieces;
    private volatile Throwable failure;

    /** The team of the kernels: one thread per core, the caller included. */
    public static SpinTeam shared() {
        return SHARED;
    }

    SpinTeam(int helperCount) {
        helpers = new Helper[Math.max(0, helperCount)];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper("precis-team-" + i);
        }
    }

    /** Threads that run a step: the helpers and the caller. */
    public int size() {
        return helpers.length + 1;
    }

    /**
     * Runs {@code body} for every piece below {@code pieces}, spread over the team, and returns {@code true}
     * when all are done; returns {@code false} at once, having run nothing, if a step is already under way.
     * An exception thrown by the body is rethrown here after every thread has stopped working on the step.
     */
    public boolean tryRun(int pieces, IntConsumer body) {
        if (pieces <= 0) {
            return true;
        }
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            if (helpers.length == 0 || pieces == 1) {
                for (int p = 0; p < pieces; p++) {
                    body.accept(p);
                }
                return true;
            }
            this.body = body;
            this.pieces = pieces;
            failure = null;
            next.set(0);
            finished.set(0);
            joined.set(0); // last: a helper that joins sees all of the above
            generation++;
            for (Helper h : helpers) {
                if (h.parked) {
                    LockSupport.unpark(h.thread);
                }
            }
            work();
            // No piece is left. Helpers that have not joined yet (still waking up) stay out of this step, so a
            // short step never waits for a wake-up; those that joined are waited for.
            int helping = joined.getAndSet(CLOSED);
            while (finished.get() < helping) {
                Thread.onSpinWait();
            }
            this.body = null;
            Throwable t = failure;
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
            return true;
        } finally {
            busy.set(false);
        }
    }

    /** A helper enters the current step unless the caller has already closed it. */
    private boolean join() {
        for (int j = joined.get(); j != CLOSED; j = joined.get()) {
            if (joined.compareAndSet(j, j + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Takes pieces until none is left; the first exception stops this thread's share and is kept. */
    private void work() {
        IntConsumer b = body;
        int n = pieces;
        try {
            for (int p = next.getAndIncrement(); p < n; p = next.getAndIncrement()) {
                b.accept(p);
            }
        } catch (Throwable t) {
            if (failure == null) {
                failure = t;
            }
            next.set(n); // the others stop taking pieces
        }
    }

    private final class Helper implements Runnable {
        final Thread thread;
        volatile boolean parked;

        Helper(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            int seen = 0;
            while (true) {
                long idleSince = System.nanoTime();
                int g;
                while ((g = generation) == seen) {
                    Thread.onSpinWait();
                    if (System.nanoTime() - idleSince > SPIN_NANOS) {
                        // Announce the park before the last look at the generation: a caller that publishes
                        // a step after that look sees the flag and unparks (a permit given early is kept).
                        parked = true;
                        if (generation == seen) {
                            LockSupport.park(this);
                        }
                        parked = false;
                        idleSince = System.nanoTime();
                    }
                }
                seen = g;
                if (join()) {
                    work();
                    finished.incrementAndGet();
                }
            }
        }
    }
}
