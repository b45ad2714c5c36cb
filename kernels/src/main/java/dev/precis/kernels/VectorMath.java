package dev.precis.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** Lane-wise math the Vector API of Java 17 lacks or may not compile to vector code on every machine. */
public final class VectorMath {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float below 2^22 in magnitude to an integer in the low mantissa bits. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = 0x4B400000;
    /** ln(smallest normal f32): below it exp returns 0 (the scores it serves are masked or negligible). */
    private static final float MIN_ARG = -87.33654f;
    private static final float MAX_ARG = 88.0f;

    /** The machine's widest float vector: the one float shape of every kernel in the process. */
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    /** Shorts in the machine's widest vector, and the bytes that widen into them. */
    private static final VectorSpecies<Short> DOT_SHORTS = ShortVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> DOT_BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(DOT_SHORTS.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> DOT_INTS = VectorSpecies.of(int.class, DOT_SHORTS.vectorShape());

    private VectorMath() {
    }

    /**
     * The dot product of {@code n} floats of {@code a} (from {@code ao}) and {@code b} (from {@code bo}), f32,
     * at the machine's widest vectors with four independent accumulators (one FMA chain would wait on the FMA
     * latency at every step).
     */
    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int l = FLOATS.length();
        FloatVector s0 = FloatVector.zero(FLOATS);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (; i + 4 * l <= n; i += 4 * l) {
            s0 = FloatVector.fromArray(FLOATS, a, ao + i).fma(FloatVector.fromArray(FLOATS, b, bo + i), s0);
            s1 = FloatVector.fromArray(FLOATS, a, ao + i + l).fma(FloatVector.fromArray(FLOATS, b, bo + i + l), s1);
            s2 = FloatVector.fromArray(FLOATS, a, ao + i + 2 * l).fma(FloatVector.fromArray(FLOATS, b, bo + i + 2 * l), s2);
            s3 = FloatVector.fromArray(FLOATS, a, ao + i + 3 * l).fma(FloatVector.fromArray(FLOATS, b, bo + i + 3 * l), s3);
        }
        for (; i + l <= n; i += l) {
            s0 = FloatVector.fromArray(FLOATS, a, ao + i).fma(FloatVector.fromArray(FLOATS, b, bo + i), s0);
        }
        float sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    /**
     * The dot product of {@code n} signed bytes of {@code a} (from {@code ao}) and {@code b} (from
     * {@code bo}), exact: bytes widen to 16-bit lanes, whose products (at most 128 * 128) fit; adjacent
     * pairs add in 32-bit lanes, which accumulate. Equal to {@link #dotBytesScalar} for every input whose
     * sum fits an int (any n up to 131,072).
     */
    public static int dotBytes(byte[] a, int ao, byte[] b, int bo, int n) {
        IntVector acc = IntVector.zero(DOT_INTS);
        int step = DOT_BYTES.length();
        int i = 0;
        for (; i + step <= n; i += step) {
            ShortVector x = (ShortVector) ByteVector.fromArray(DOT_BYTES, a, ao + i).convertShape(VectorOperators.B2S, DOT_SHORTS, 0);
            ShortVector y = (ShortVector) ByteVector.fromArray(DOT_BYTES, b, bo + i).convertShape(VectorOperators.B2S, DOT_SHORTS, 0);
            acc = acc.add(pairSums(x.mul(y)));
        }
        int sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    /**
     * The sums of adjacent pairs of 16-bit lanes, exact, in 32-bit lanes: lane j holds p[2j] + p[2j + 1], for
     * any shorts ({@link #dotBytes}, whose pairs of -128 * -128 reach 32,768).
     */
    private static IntVector pairSums(ShortVector p) {
        IntVector x = p.reinterpretAsInts(); // pair j: low half = short 2j, high half = short 2j + 1
        IntVector low = x.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16);
        return low.add(x.lanewise(VectorOperators.ASHR, 16));
    }

    /**
     * {@link #pairSums} in three operations instead of four, for products whose adjacent pairs sum within a
     * short ({@code |p[2j] + p[2j + 1]| <= 32767}, e.g. products of an 8-bit code and an activation in
     * [-127, 127]). Lane j as an int is {@code hi * 65536 + lo_u} (lo_u: the low short read unsigned);
     * adding {@code lo * 65536} (the lane shifted left) makes its high half {@code hi + lo}, with the
     * wrap-around of the low half's sign absorbed because lo_u stays below 65536; shifting back right,
     * arithmetically, gives {@code hi + lo} exactly.
     */
    public static IntVector smallPairSums(ShortVector p) {
        IntVector x = p.reinterpretAsInts();
        return x.add(x.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
    }

    /** The plain reference of {@link #dotBytes}: one product at a time. */
    public static int dotBytesScalar(byte[] a, int ao, byte[] b, int bo, int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    /**
     * e^x, relative error about 2 ulp (Cephes' expf polynomial on [-ln2/2, ln2/2], scaled by 2^n built in
     * the exponent bits); 0 below ln(FLT_MIN) including -infinity, arguments above 88 clamp to e^88.
     */
    public static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(MIN_ARG).min(MAX_ARG);
        FloatVector k = xc.mul(LOG2E).add(ROUND);
        IntVector n = k.reinterpretAsInts().sub(ROUND_BITS);
        FloatVector fn = k.sub(ROUND);
        VectorSpecies<Float> sp = x.species();
        FloatVector r = fn.fma(FloatVector.broadcast(sp, -LN2_HI), xc);
        r = fn.fma(FloatVector.broadcast(sp, -LN2_LO), r);
        FloatVector p = r.fma(1.9875691500E-4f, 1.3981999507E-3f);
        p = p.fma(r, FloatVector.broadcast(sp, 8.3334519073E-3f));
        p = p.fma(r, FloatVector.broadcast(sp, 4.1665795894E-2f));
        p = p.fma(r, FloatVector.broadcast(sp, 1.6666665459E-1f));
        p = p.fma(r, FloatVector.broadcast(sp, 5.0000001201E-1f));
        FloatVector r2 = r.mul(r);
        p = p.fma(r2, r).add(1f);
        FloatVector scale = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale).blend(0f, x.lt(MIN_ARG));
    }
}
