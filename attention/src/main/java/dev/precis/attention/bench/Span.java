package dev.precis.attention.bench;

import java.lang.management.ManagementFactory;

/**
 * Wall-clock and process CPU seconds of a measured span. On a machine shared with other work the wall
 * clock counts the time the process waited for a core; the CPU time does not, so rates per CPU second
 * (times the thread count: the "CPU basis") stay comparable between runs and with the peaks.
 */
public record Span(double wall, double cpu) {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public static final Span ZERO = new Span(0, 0);

    /** Runs the action and measures it. */
    public static Span of(Runnable action) {
        long c0 = cpuNanos();
        long w0 = System.nanoTime();
        action.run();
        long w1 = System.nanoTime();
        long c1 = cpuNanos();
        return new Span((w1 - w0) / 1e9, (c1 - c0) / 1e9);
    }

    /**
     * CPU time of all live threads of the process: per-thread clocks are exact, where the process
     * clock advances in scheduler ticks. Kernel pool threads live for the whole process.
     */
    private static long cpuNanos() {
        long sum = 0;
        for (long t : THREADS.getThreadCpuTime(THREADS.getAllThreadIds())) {
            sum += Math.max(0, t);
        }
        return sum;
    }

    public Span plus(Span o) {
        return new Span(wall + o.wall, cpu + o.cpu);
    }

    /** The shorter wall time and the shorter CPU time of two measurements of the same work. */
    public Span best(Span o) {
        return new Span(Math.min(wall, o.wall), Math.min(cpu, o.cpu));
    }

    public Span times(double f) {
        return new Span(wall * f, cpu * f);
    }

    /** Seconds the work would take with {@code threads} cores to itself: CPU time spread over them. */
    public double cpuBasis(int threads) {
        return cpu / threads;
    }
}
