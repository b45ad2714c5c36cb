package dev.precis.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The kernels' worker pool: one thread per core. The common pool is not used because it has one
 * worker fewer than there are cores and is shared with unrelated work. Loops go to the {@link SpinTeam}
 * first and to this pool when the team is busy.
 */
public final class Parallel {
    private static final int THREADS = Math.max(1, Integer.getInteger("precis.threads",
            Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = new ForkJoinPool(THREADS, pool -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("precis-kernels-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }, null, false);

    private Parallel() {
    }

    /** Worker threads (property {@code precis.threads}, default: available processors). */
    public static int threads() {
        return THREADS;
    }

    /** Runs {@code body} for every index below n, spread over the pool; returns when all are done. */
    public static void forEach(int n, IntConsumer body) {
        if (n <= 0) {
            return;
        }
        if (n == 1 || THREADS == 1) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        // The spinning team when it is free (a decode step's attention follows its products closely), else
        // the pool: another thread's step is under way, or this body runs inside one.
        if (!SpinTeam.shared().tryRun(n, body)) {
            POOL.invoke(new Range(0, n, body));
        }
    }

    private static final class Range extends RecursiveAction {
        private final int from;
        private final int to;
        private final IntConsumer body;

        Range(int from, int to, IntConsumer body) {
            this.from = from;
            this.to = to;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                body.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Range(from, mid, body), new Range(mid, to, body));
        }
    }
}
