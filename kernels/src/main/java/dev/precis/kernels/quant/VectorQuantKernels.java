package dev.precis.kernels.quant;

import dev.precis.kernels.VectorMath;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels. Quantized block dot products are exact integer sums (as in the scalar reference);
 * every accumulation of scaled or float products runs per lane, so results differ from the reference by
 * f32 rounding only.
 */
public final class VectorQuantKernels implements QuantKernels {
    public static final VectorQuantKernels INSTANCE = new VectorQuantKernels();

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /**
     * The one float shape of every kernel here: the machine's widest (8 lanes with AVX2, 16 with AVX-512), as
     * in the attention kernels. Float vectors of two shapes in one process leave the Vector API's shared call
     * sites (inside {@code fma}, {@code add}, ...) with two receiver types in their profiles; the compiler
     * then fails to keep vectors in registers in some kernels of the other shape, which run on boxed vectors
     * instead (the engine's attention prefill: 7x slower, gigabytes of garbage; docs/PERFORMANCE.md, run 11).
     */
    private static final VectorSpecies<Float> FV = FloatVector.SPECIES_PREFERRED;
    private static final int LV = FV.length();
    /** Bytes converted to LV floats at a time (at least 8: there is no narrower byte vector), in parts of LV. */
    private static final VectorSpecies<Byte> BF = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, LV * 8)));
    private static final int BF_PARTS = BF.length() / LV;
    /** A Q4_0 block's 16 code bytes; their nibbles become floats in 16 / LV parts. */
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    /** Vector dequantization needs 32 codes to be whole byte vectors and a 16-byte block to fill whole float vectors. */
    private static final boolean VECTOR_DEQUANT = 32 % BF.length() == 0 && LV <= 16;
    /** LV halves or bf16 values, as shorts, widened to LV ints. */
    private static final VectorSpecies<Short> SH = VectorSpecies.of(short.class, VectorShape.forBitSize(LV * 16));
    /** Twice as many bytes and shorts: a Q8_0 block is read in loads of 2 LV codes (one load per block with AVX-512). */
    private static final VectorSpecies<Byte> BV2 = VectorSpecies.of(byte.class, VectorShape.forBitSize(LV * 16));
    private static final VectorSpecies<Short> SV2 = VectorSpecies.of(short.class, VectorShape.forBitSize(LV * 32));
    /** Q4_0 blocks per step of {@link #dotQ4}: 4 LV bytes of codes, 16 a block (0: vectors too short, none). */
    static final int Q4_GROUP = LV / 4;
    /**
     * LV ints: the pair sums of one step of {@link #dotQ4}, whose 4 LV code bytes are read straight as 2 LV
     * shorts (a byte vector of a third shape beside the 8-bit kernels' two left {@code ByteVector.fromArray}'s
     * shared call site megamorphic, and the kernel on boxed vectors after other kernels ran; VectorShapesTest).
     */
    private static final VectorSpecies<Integer> IV = VectorSpecies.of(int.class, VectorShape.forBitSize(LV * 32));
    /** Spreads a step's block scales over their lanes: int lane i belongs to block i / 4 of the step. */
    private static final VectorShuffle<Float> Q4_SCALES = VectorShuffle.fromOp(FV, i -> i / 4);
    /** Weight rows dequantized together in a matrix–matrix product (they stay in L2 while tokens stream by). */
    private static final int ROW_BLOCK = 15;

    private VectorQuantKernels() {
    }

    @Override
    public String name() {
        return "vector";
    }

    /**
     * {@code 0.5 x (1 + tanh(y))} with {@code y = sqrt(2/pi) (x + 0.044715 x³)} is {@code x (e / (e + 1))} with
     * {@code e = exp(2y)}. That form has no cancellation for negative x (where {@code x - x / (e + 1)} would
     * subtract two nearly equal values); e / (e + 1) comes first because x e overflows f32 for x near 10; and
     * e clamped at exp(88) still gives x. Relative error a few f32 ulp against the double-precision
     * reference {@link ModelOps#gelu(float)}.
     */
    @Override
    public void geluGate(float[] gate, int go, float[] up, int uo, int n) {
        int i = 0;
        for (; i + LV <= n; i += LV) {
            FloatVector x = FloatVector.fromArray(FV, gate, go + i);
            FloatVector twoY = x.mul(x).mul(x).mul(0.044715f).add(x).mul(2 * 0.7978845608028654f);
            FloatVector e = VectorMath.exp(twoY);
            e.div(e.add(1f)).mul(x).mul(FloatVector.fromArray(FV, up, uo + i)).intoArray(gate, go + i);
        }
        for (; i < n; i++) {
            gate[go + i] = ModelOps.gelu(gate[go + i]) * up[uo + i];
        }
    }

    @Override
    public void matvec(QuantMatrix w, float[] x, Q8Activations xq, float[] out, int r0, int r1) {
        int cols = w.cols();
        GgmlType type = w.type();
        if (type == GgmlType.Q8_0 || type == GgmlType.Q4_0) {
            boolean q8 = type == GgmlType.Q8_0;
            QuantMatrix.Split split = w.split();
            if (split != null) {
                // Weights resident in the heap, codes and f32 scales apart: the kernels read them where they are.
                Q4Activations a4 = q8 ? null : Q4Activations.of(xq, cols);
                for (int r = r0; r < r1; r++) {
                    int c = w.chunkIndex(r);
                    int i = w.rowInChunk(r);
                    byte[] codes = split.codes()[c];
                    float[] scales = split.scales()[c];
                    out[r] = q8 ? dotQ8(codes, i * split.codesPerRow(), 32, scales, i * split.blocksPerRow(), xq, cols)
                            : dotQ4(codes, i * split.codesPerRow(), scales, i * split.blocksPerRow(), a4);
                }
                return;
            }
            // Mapped weights: each row is copied (one bulk copy) into a heap array first, since vector loads from a
            // byte[] cost far less than from a mapped ByteBuffer, whose every load re-checks bounds and scope. The
            // Q8_0 kernel reads its codes in place, block by block (a stride of 34 bytes); Q4_0 codes are gathered
            // back to back (16 bytes a block), as its kernel reads several blocks at once. The block scales are
            // converted, into an array, first.
            int blocks = cols / 32;
            int blockBytes = q8 ? 34 : 18;
            byte[] row = new byte[(int) w.rowBytes()];
            byte[] q4codes = q8 ? null : new byte[blocks * 16];
            float[] scales = new float[blocks + LV];
            Q4Activations a4 = q8 ? null : Q4Activations.of(xq, cols);
            for (int r = r0; r < r1; r++) {
                w.chunkOf(r).get(w.offsetOf(r), row, 0, row.length);
                for (int b = 0; b < blocks; b++) {
                    int at = b * blockBytes;
                    scales[b] = Float16.toFloat((short) ((row[at] & 0xFF) | (row[at + 1] << 8)));
                    if (!q8) {
                        System.arraycopy(row, at + 2, q4codes, b * 16, 16);
                    }
                }
                out[r] = q8 ? dotQ8(row, 2, blockBytes, scales, 0, xq, cols) : dotQ4(q4codes, 0, scales, 0, a4);
            }
            return;
        }
        for (int r = r0; r < r1; r++) {
            ByteBuffer b = w.chunkOf(r);
            int off = w.offsetOf(r);
            switch (type) {
                case F32:
                    out[r] = dotF32(b, off, x, cols);
                    break;
                case F16:
                    out[r] = dotF16(b, off, x, cols);
                    break;
                case BF16:
                    out[r] = dotBf16(b, off, x, cols);
                    break;
                default:
                    throw new IllegalArgumentException("no kernel for " + type);
            }
        }
    }

    /*
     * Quantized dot products in 16-bit integer lanes, at the machine's vector width (LV float lanes). Q8_0: the
     * 32 codes of a block are widened to shorts (one load with AVX-512), multiplied by the activation codes
     * (|product| <= 128 * 127 fits a short; the activation quantizer rounds to [-127, 127]) and adjacent pairs
     * summed in 32-bit lanes. Q4_0: codes lie in [-8, 7], so the low- and high-nibble products add in the same
     * 16-bit lane. Each lane's integer sum is exact and converts to f32 exactly; it is scaled by the two block
     * scales into a per-lane accumulator, so results differ from the scalar reference only in the order of the
     * scaled f32 accumulation. Per block this takes about half the instructions of widening every code to f32.
     * Both read the codes of block b from {@code co + b * stride} (back to back in the split layout of
     * {@link QuantMatrix#resident()}, between the f16 scales in a row of the file) and its scale as f32 from
     * {@code scales[so + b]}.
     */
    private static float dotQ8(byte[] codes, int co, int stride, float[] scales, int so, Q8Activations xq, int cols) {
        FloatVector acc = FloatVector.zero(FV);
        short[] xs = xq.qs16;
        float[] xd = xq.d;
        for (int blk = 0; blk < cols / 32; blk++) {
            int base = co + blk * stride;
            int xo = blk * 32;
            FloatVector scale = FloatVector.broadcast(FV, scales[so + blk] * xd[blk]);
            for (int c = 0; c < 32; c += 2 * LV) {
                ShortVector w = (ShortVector) ByteVector.fromArray(BV2, codes, base + c)
                        .convertShape(VectorOperators.B2S, SV2, 0);
                acc = pairSums(w.mul(ShortVector.fromArray(SV2, xs, xo + c))).fma(scale, acc);
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /**
     * Q4_0, {@link #Q4_GROUP} blocks a step (four with AVX-512, two with AVX2). Their 16 code bytes each, back to
     * back, are read as 2 LV shorts of two bytes; short k holds four codes, the nibbles of bytes 2k and 2k + 1,
     * which are masked and shifted out as their stored values 0..15 (code + 8) and multiplied by the activation
     * codes that {@link Q4Activations#ordered} puts in the same lanes; the four products of a lane add up (at
     * most 4 * 15 * 127) and adjacent lanes pair up into LV int lanes, four per block. Adding
     * {@link Q4Activations#laneBias} (-8 times the activation codes of the lane's codes) makes each int the exact
     * sum over real codes; it is scaled by its block's weight scale times activation scale. Integer sums exact,
     * so results differ from the scalar reference in the order of the f32 accumulation only. Blocks after the
     * last whole group go one at a time. Per block this takes about 60% of the instructions of a kernel that
     * widens one block's bytes to shorts and splits their nibbles there.
     */
    private static float dotQ4(byte[] codes, int co, float[] scales, int so, Q4Activations a) {
        int nb = a.blocks;
        int grouped = Q4_GROUP == 0 ? 0 : nb - nb % Q4_GROUP;
        short[] xs = a.ordered;
        FloatVector acc = FloatVector.zero(FV);
        for (int blk = 0; blk < grouped; blk += Q4_GROUP) {
            ShortVector s = ShortVector.fromByteArray(SV2, codes, co + blk * 16, LE);
            int xo = blk * 32;
            ShortVector p = s.and((short) 15).mul(ShortVector.fromArray(SV2, xs, xo))
                    .add(s.lanewise(VectorOperators.LSHR, 8).and((short) 15).mul(ShortVector.fromArray(SV2, xs, xo + 2 * LV)))
                    .add(s.lanewise(VectorOperators.LSHR, 4).and((short) 15).mul(ShortVector.fromArray(SV2, xs, xo + 4 * LV)))
                    .add(s.lanewise(VectorOperators.LSHR, 12).mul(ShortVector.fromArray(SV2, xs, xo + 6 * LV)));
            IntVector sums = VectorMath.smallPairSums(p).add(IntVector.fromArray(IV, a.laneBias, blk * 4));
            FloatVector scale = FloatVector.fromArray(FV, scales, so + blk).rearrange(Q4_SCALES)
                    .mul(FloatVector.fromArray(FV, a.laneScales, blk * 4));
            acc = ((FloatVector) sums.convert(VectorOperators.I2F, 0)).fma(scale, acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        short[] x = a.q8.qs16;
        for (int blk = grouped; blk < nb; blk++) {
            int at = co + blk * 16;
            int s = 0;
            for (int j = 0; j < 16; j++) {
                s += ((codes[at + j] & 15) - 8) * x[blk * 32 + j] + (((codes[at + j] >> 4) & 15) - 8) * x[blk * 32 + 16 + j];
            }
            sum += s * (scales[so + blk] * a.q8.d[blk]);
        }
        return sum;
    }

    @Override
    public void prepare(QuantMatrix w, Q8Activations xq) {
        if (w.type() == GgmlType.Q4_0) {
            xq.prepared = new Q4Activations(xq, w.cols());
        }
    }

    /** The activations as {@link #dotQ4} reads them: made once per product by {@link #prepare}, else per call. */
    private static final class Q4Activations {
        static Q4Activations of(Q8Activations xq, int cols) {
            return xq.prepared instanceof Q4Activations a && a.blocks == cols / 32 ? a : new Q4Activations(xq, cols);
        }

        final Q8Activations q8;
        final int blocks;
        /**
         * Per group of {@link #Q4_GROUP} blocks, four runs of 2 LV activation codes; run t, lane k holds the code
         * that meets the low nibble of byte 2k (t = 0), of byte 2k + 1 (t = 1), the high nibble of byte 2k
         * (t = 2) or of byte 2k + 1 (t = 3), byte i of the group being byte i % 16 of block i / 16, whose low
         * nibble is code i % 16 and high nibble code i % 16 + 16.
         */
        final short[] ordered;
        /** Per group, LV ints: -8 times the sum of the activation codes that int lane j of the step meets. */
        final int[] laneBias;
        /** The activation block scales, each repeated over the four int lanes of its block. */
        final float[] laneScales;

        Q4Activations(Q8Activations q8, int cols) {
            this.q8 = q8;
            blocks = cols / 32;
            ordered = q8.qs16.clone();
            laneBias = new int[blocks * 4];
            laneScales = new float[blocks * 4];
            short[] x = q8.qs16;
            int grouped = Q4_GROUP == 0 ? 0 : blocks - blocks % Q4_GROUP;
            for (int g = 0; g < grouped; g += Q4_GROUP) {
                for (int k = 0; k < 2 * LV; k++) {
                    for (int t = 0; t < 4; t++) {
                        int i = 2 * k + (t & 1); // byte of the group
                        int code = i % 16 + (t < 2 ? 0 : 16);
                        ordered[g * 32 + t * 2 * LV + k] = x[(g + i / 16) * 32 + code];
                    }
                }
                for (int j = 0; j < LV; j++) {
                    int s = 0;
                    for (int t = 0; t < 4; t++) {
                        s += ordered[g * 32 + t * 2 * LV + 2 * j] + ordered[g * 32 + t * 2 * LV + 2 * j + 1];
                    }
                    laneBias[g * 4 + j] = -8 * s;
                }
            }
            for (int b = 0; b < blocks; b++) {
                Arrays.fill(laneScales, b * 4, b * 4 + 4, q8.d[b]);
            }
        }
    }

    /** The sums of adjacent pairs of 2 LV shorts (pairs that sum within a short) as LV floats. */
    private static FloatVector pairSums(ShortVector p) {
        return (FloatVector) VectorMath.smallPairSums(p).convert(VectorOperators.I2F, 0);
    }

    private static float dotF32(ByteBuffer b, int off, float[] x, int cols) {
        FloatVector acc = FloatVector.zero(FV);
        int i = 0;
        for (; i + LV <= cols; i += LV) {
            acc = FloatVector.fromByteBuffer(FV, b, off + 4 * i, LE).fma(FloatVector.fromArray(FV, x, i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < cols; i++) {
            s += b.getFloat(off + 4 * i) * x[i];
        }
        return s;
    }

    private static float dotF16(ByteBuffer b, int off, float[] x, int cols) {
        FloatVector acc = FloatVector.zero(FV);
        int i = 0;
        for (; i + LV <= cols; i += LV) {
            acc = halfToFloat(b, off + 2 * i).fma(FloatVector.fromArray(FV, x, i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < cols; i++) {
            s += Float16.toFloat(b.getShort(off + 2 * i)) * x[i];
        }
        return s;
    }

    private static float dotBf16(ByteBuffer b, int off, float[] x, int cols) {
        FloatVector acc = FloatVector.zero(FV);
        int i = 0;
        for (; i + LV <= cols; i += LV) {
            acc = bf16ToFloat(b, off + 2 * i).fma(FloatVector.fromArray(FV, x, i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < cols; i++) {
            s += Float16.bf16ToFloat(b.getShort(off + 2 * i)) * x[i];
        }
        return s;
    }

    /**
     * LV halves to floats: shift the exponent and mantissa into float position and multiply by 2^112 to
     * re-bias the exponent, which also handles subnormals exactly. Weights hold no Inf/NaN (a finite model),
     * which is the one case this shortcut does not reproduce.
     */
    private static FloatVector halfToFloat(ByteBuffer b, int off) {
        IntVector h = (IntVector) ShortVector.fromByteBuffer(SH, b, off, LE).convertShape(VectorOperators.S2I, IV, 0);
        IntVector sign = h.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        FloatVector mag = h.and(0x7FFF).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(0x1p112f);
        return mag.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    private static FloatVector bf16ToFloat(ByteBuffer b, int off) {
        IntVector h = (IntVector) ShortVector.fromByteBuffer(SH, b, off, LE).convertShape(VectorOperators.S2I, IV, 0);
        return h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    @Override
    public void matmul(QuantMatrix w, float[] x, int n, float[] out, int r0, int r1) {
        int cols = w.cols();
        int rows = w.rows();
        float[] block = new float[ROW_BLOCK * cols]; // [ROW_BLOCK, cols] dequantized weight rows
        for (int rb = r0; rb < r1; rb += ROW_BLOCK) {
            int nr = Math.min(ROW_BLOCK, r1 - rb);
            for (int i = 0; i < nr; i++) {
                dequantizeRow(w, rb + i, block, i * cols);
            }
            int t = 0;
            for (; t + 3 <= n; t += 3) {
                int i = 0;
                for (; i + 3 <= nr; i += 3) {
                    micro3x3(block, i * cols, x, t * cols, cols, out, t * rows + rb + i, rows);
                }
                for (; i < nr; i++) {
                    for (int u = 0; u < 3; u++) {
                        out[(t + u) * rows + rb + i] = VectorMath.dot(block, i * cols, x, (t + u) * cols, cols);
                    }
                }
            }
            for (; t < n; t++) {
                for (int i = 0; i < nr; i++) {
                    out[t * rows + rb + i] = VectorMath.dot(block, i * cols, x, t * cols, cols);
                }
            }
        }
    }

    /** Row {@code r} to floats; Q8_0 and Q4_0 with vector conversions (same values as the scalar decoder). */
    private static void dequantizeRow(QuantMatrix w, int r, float[] dst, int off) {
        if (!VECTOR_DEQUANT || (w.type() != GgmlType.Q8_0 && w.type() != GgmlType.Q4_0)) {
            w.row(r, dst, off);
            return;
        }
        QuantMatrix.Split split = w.split();
        int blocks = w.cols() / 32;
        if (split != null) {
            byte[] codes = split.codes()[w.chunkIndex(r)];
            float[] scales = split.scales()[w.chunkIndex(r)];
            int co = w.rowInChunk(r) * split.codesPerRow();
            int so = w.rowInChunk(r) * split.blocksPerRow();
            for (int blk = 0; blk < blocks; blk++) {
                if (w.type() == GgmlType.Q8_0) {
                    q8Block(codes, co + blk * 32, scales[so + blk], dst, off + blk * 32);
                } else {
                    q4Block(codes, co + blk * 16, scales[so + blk], dst, off + blk * 32);
                }
            }
            return;
        }
        ByteBuffer b = w.chunkOf(r);
        int base = w.offsetOf(r);
        boolean q8 = w.type() == GgmlType.Q8_0;
        byte[] row = new byte[q8 ? 32 : 16];
        for (int blk = 0; blk < blocks; blk++) {
            int o = base + blk * (q8 ? 34 : 18);
            float d = Float16.toFloat(b.getShort(o));
            b.get(o + 2, row);
            if (q8) {
                q8Block(row, 0, d, dst, off + blk * 32);
            } else {
                q4Block(row, 0, d, dst, off + blk * 32);
            }
        }
    }

    /*
     * Vectors stay inside each method: one passed as an argument to a method the compiler does not inline has
     * to be boxed, an object per call.
     */

    /** The 32 Q8_0 codes at {@code codes[at..]} times {@code d} into {@code dst[p..p+32)}. */
    private static void q8Block(byte[] codes, int at, float d, float[] dst, int p) {
        FloatVector dv = FloatVector.broadcast(FV, d);
        for (int c = 0; c < 32; c += BF.length()) {
            ByteVector q = ByteVector.fromArray(BF, codes, at + c);
            for (int part = 0; part < BF_PARTS; part++) {
                ((FloatVector) q.convertShape(VectorOperators.B2F, FV, part)).mul(dv).intoArray(dst, p + c + part * LV);
            }
        }
    }

    /** The Q4_0 block whose 16 code bytes are at {@code codes[at..]} times {@code d} into {@code dst[p..p+32)}. */
    private static void q4Block(byte[] codes, int at, float d, float[] dst, int p) {
        FloatVector dv = FloatVector.broadcast(FV, d);
        ByteVector q = ByteVector.fromArray(B16, codes, at);
        ByteVector lo = q.and((byte) 15).sub((byte) 8);
        ByteVector hi = q.lanewise(VectorOperators.LSHR, 4).and((byte) 15).sub((byte) 8);
        for (int part = 0; part < 16 / LV; part++) {
            ((FloatVector) lo.convertShape(VectorOperators.B2F, FV, part)).mul(dv).intoArray(dst, p + part * LV);
            ((FloatVector) hi.convertShape(VectorOperators.B2F, FV, part)).mul(dv).intoArray(dst, p + 16 + part * LV);
        }
    }

    /**
     * Three weight rows against three tokens: nine accumulators, six loads per nine FMAs, thirteen vector
     * registers in all (a 4x3 tile would need all sixteen AVX2 registers and spill); LV columns a step.
     */
    private static void micro3x3(float[] w, int wo, float[] x, int xo, int cols, float[] out, int oo, int rows) {
        FloatVector a00 = FloatVector.zero(FV), a01 = FloatVector.zero(FV), a02 = FloatVector.zero(FV);
        FloatVector a10 = FloatVector.zero(FV), a11 = FloatVector.zero(FV), a12 = FloatVector.zero(FV);
        FloatVector a20 = FloatVector.zero(FV), a21 = FloatVector.zero(FV), a22 = FloatVector.zero(FV);
        int w1 = wo + cols;
        int w2 = w1 + cols;
        int x1 = xo + cols;
        int x2 = x1 + cols;
        int i = 0;
        for (; i + LV <= cols; i += LV) {
            FloatVector v0 = FloatVector.fromArray(FV, x, xo + i);
            FloatVector v1 = FloatVector.fromArray(FV, x, x1 + i);
            FloatVector v2 = FloatVector.fromArray(FV, x, x2 + i);
            FloatVector r = FloatVector.fromArray(FV, w, wo + i);
            a00 = r.fma(v0, a00);
            a01 = r.fma(v1, a01);
            a02 = r.fma(v2, a02);
            r = FloatVector.fromArray(FV, w, w1 + i);
            a10 = r.fma(v0, a10);
            a11 = r.fma(v1, a11);
            a12 = r.fma(v2, a12);
            r = FloatVector.fromArray(FV, w, w2 + i);
            a20 = r.fma(v0, a20);
            a21 = r.fma(v1, a21);
            a22 = r.fma(v2, a22);
        }
        // nine sums, written straight out: an array of them here was allocated on every call
        float s00 = a00.reduceLanes(VectorOperators.ADD);
        float s01 = a01.reduceLanes(VectorOperators.ADD);
        float s02 = a02.reduceLanes(VectorOperators.ADD);
        float s10 = a10.reduceLanes(VectorOperators.ADD);
        float s11 = a11.reduceLanes(VectorOperators.ADD);
        float s12 = a12.reduceLanes(VectorOperators.ADD);
        float s20 = a20.reduceLanes(VectorOperators.ADD);
        float s21 = a21.reduceLanes(VectorOperators.ADD);
        float s22 = a22.reduceLanes(VectorOperators.ADD);
        for (; i < cols; i++) {
            float x0 = x[xo + i];
            float xv1 = x[x1 + i];
            float xv2 = x[x2 + i];
            float r0 = w[wo + i];
            float r1 = w[w1 + i];
            float r2 = w[w2 + i];
            s00 += r0 * x0;
            s01 += r0 * xv1;
            s02 += r0 * xv2;
            s10 += r1 * x0;
            s11 += r1 * xv1;
            s12 += r1 * xv2;
            s20 += r2 * x0;
            s21 += r2 * xv1;
            s22 += r2 * xv2;
        }
        out[oo] = s00;
        out[oo + rows] = s01;
        out[oo + 2 * rows] = s02;
        out[oo + 1] = s10;
        out[oo + rows + 1] = s11;
        out[oo + 2 * rows + 1] = s12;
        out[oo + 2] = s20;
        out[oo + rows + 2] = s21;
        out[oo + 2 * rows + 2] = s22;
    }
}
