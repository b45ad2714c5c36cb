package dev.precis.kernels;

import java.util.concurrent.atomic.AtomicLong;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A plain streaming read of a KV buffer's whole storage, for benchmarks: every stored key and value read
 * once, front to back, in pieces spread over the kernels' threads. On a virtual machine two allocations of
 * one process can stream at different rates (how the host backs a guest's memory is not the guest's
 * choice; docs/PERFORMANCE.md), so a decode kernel's read rate is worth setting against the rate of the very
 * memory it read as well as against the machine's measured bandwidth.
 */
public final class KvStream {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = FLOATS.withLanes(int.class).withShape(FLOATS.vectorShape());
    private static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_PREFERRED;
    /** Keeps the checksums alive so that the reads are not optimised away. */
    private static volatile long sink;

    private KvStream() {
    }

    /** Seconds of the fastest of {@code reps} reads of all of {@code kv}'s storage ({@link KvBuffer#bytes()}). */
    public static double seconds(KvBuffer kv, int reps) {
        if (reps < 1) {
            throw new IllegalArgumentException("reps must be at least 1, got " + reps);
        }
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            long s = checksum(kv);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            sink ^= s;
        }
        return best;
    }

    /**
     * What one read computes: the exclusive or of the bits of every stored value (the f32 bits, or the bf16
     * bits as a 16-bit value).
     */
    static long checksum(KvBuffer kv) {
        return kv.precision() == KvPrecision.F32
                ? read(kv.keysF32()) ^ read(kv.valuesF32())
                : read(kv.keysBf16()) ^ read(kv.valuesBf16());
    }

    /** Reads values [from, to) of one array and returns the exclusive or of their bits. */
    private interface Piece {
        long read(int from, int to);
    }

    /** The exclusive or of {@code piece} over n values cut into pieces spread over the kernels' threads. */
    private static long inPieces(int n, Piece piece) {
        int pieces = Math.max(1, Math.min(4 * Parallel.threads(), n / (1 << 16)));
        AtomicLong total = new AtomicLong();
        Parallel.forEach(pieces, p -> {
            long x = piece.read((int) ((long) n * p / pieces), (int) ((long) n * (p + 1) / pieces));
            total.accumulateAndGet(x, (u, w) -> u ^ w);
        });
        return total.get();
    }

    private static long read(float[] a) {
        return inPieces(a.length, (from, to) -> {
            int l = FLOATS.length();
            IntVector x0 = IntVector.zero(INTS);
            IntVector x1 = x0;
            int i = from;
            for (; i + 2 * l <= to; i += 2 * l) {
                x0 = x0.lanewise(VectorOperators.XOR, FloatVector.fromArray(FLOATS, a, i).reinterpretAsInts());
                x1 = x1.lanewise(VectorOperators.XOR, FloatVector.fromArray(FLOATS, a, i + l).reinterpretAsInts());
            }
            int x = x0.lanewise(VectorOperators.XOR, x1).reduceLanes(VectorOperators.XOR);
            for (; i < to; i++) {
                x ^= Float.floatToRawIntBits(a[i]);
            }
            return x & 0xFFFFFFFFL;
        });
    }

    private static long read(short[] a) {
        return inPieces(a.length, (from, to) -> {
            int l = SHORTS.length();
            ShortVector x0 = ShortVector.zero(SHORTS);
            ShortVector x1 = x0;
            int i = from;
            for (; i + 2 * l <= to; i += 2 * l) {
                x0 = x0.lanewise(VectorOperators.XOR, ShortVector.fromArray(SHORTS, a, i));
                x1 = x1.lanewise(VectorOperators.XOR, ShortVector.fromArray(SHORTS, a, i + l));
            }
            short x = x0.lanewise(VectorOperators.XOR, x1).reduceLanes(VectorOperators.XOR);
            for (; i < to; i++) {
                x ^= a[i];
            }
            return x & 0xFFFFL;
        });
    }
}
