package dev.precis.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API backend.
 *
 * <p>Prefill is flash attention over (query tile x key tile) blocks with an online softmax, computed in
 * a transposed layout: a query tile is stored [headDim][BQ] so that every inner step broadcasts one key
 * (or value) component against four query vectors. Scores, the running max and sum, and the output
 * accumulator are then all vectors across queries: the softmax needs no horizontal reductions and any
 * head_dim works at full speed. Key tiles are taken only from the visible range
 * {@code [first query - window + 1, last query]}, so tiles the mask hides on either side of the window
 * are never touched and a local layer's cost grows with the window, not the context.
 *
 * <p>Decode splits the visible keys of each kv head into chunks spread over the pool; each chunk keeps
 * its own max, sum and output, merged at the end with the usual rescaling.
 */
final class CpuKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> SI = S.withLanes(int.class).withShape(S.vectorShape());
    private static final VectorSpecies<Short> SS =
            VectorSpecies.of(short.class, VectorShape.forBitSize(S.length() * Short.SIZE));
    private static final int L = S.length();
    /** Query rows per prefill tile: the four vectors the micro-kernels block over. */
    static final int BQ = 4 * L;
    /** Keys per prefill tile; a multiple of the micro-kernel's four-key blocking. */
    static final int BK = 64;
    /**
     * Keys scored at once in a decode chunk before their values are summed: each block reads 256 KB of keys
     * and then 256 KB of values (head_dim 256, f32), so the two streams change places a quarter as often as
     * with 64 keys; measured about 13% faster at 128K (docs/PERFORMANCE.md).
     */
    private static final int DECODE_BLOCK = 256;
    /** Floats in a value row that {@link #values2} sums in registers: 16 vectors. */
    private static final int VALUE_ROW = 16 * L;
    /** Fewest keys worth a decode task of their own. */
    private static final int DECODE_MIN_CHUNK = 256;
    private static final float[] IOTA = new float[L];

    static {
        for (int i = 0; i < L; i++) {
            IOTA[i] = i;
        }
    }

    private CpuKernels() {
    }

    static CpuKernels create() {
        return new CpuKernels();
    }

    @Override
    public String name() {
        return "cpu";
    }

    // ---------------------------------------------------------------- prefill

    @Override
    public void attentionPrefill(AttentionShape shape, float[] q, int qOffset, int rows, int firstPos, KvBuffer kv,
                                 int window, float scale, float[] out, int outOffset) {
        AttentionChecks.check(shape, q, qOffset, rows, firstPos, kv, window, scale, out, outOffset);
        int w = AttentionChecks.effectiveWindow(window, firstPos, rows);
        int tiles = (rows + BQ - 1) / BQ;
        // Query heads that share a kv head go through each key tile together, so that the tile is read
        // from memory once for both; pairs keep the per-task scratch inside a core's L2.
        int batch = shape.groupSize() % 2 == 0 ? 2 : 1;
        int batches = shape.heads() / batch;
        Parallel.forEach(batches * tiles, t -> {
            // Later tiles see more keys under a causal mask: hand them out first to balance the pool.
            int tile = tiles - 1 - t / batches;
            int firstHead = (t % batches) * batch;
            prefillTile(shape, q, qOffset, rows, firstPos, kv, firstHead, batch, tile, w, scale, out, outOffset);
        });
    }

    /** Query tile {@code tile} of heads [h0, h0 + nh), all reading kv head h0 / groupSize. */
    private static void prefillTile(AttentionShape shape, float[] q, int qOffset, int rows, int firstPos,
                                    KvBuffer kv, int h0, int nh, int tile, int w, float scale, float[] out,
                                    int outOffset) {
        int d = shape.headDim();
        int g = h0 / shape.groupSize();
        int i0 = tile * BQ;
        int mt = Math.min(BQ, rows - i0);
        int qa = firstPos + i0;
        int qLast = qa + mt - 1;
        int block = d * BQ;
        float[] qt = new float[nh * block];  // [nh][headDim][BQ] scaled queries; padding rows stay 0
        for (int r = 0; r < nh; r++) {
            for (int i = 0; i < mt; i++) {
                int src = qOffset + (i0 + i) * shape.rowWidth() + (h0 + r) * d;
                for (int c = 0; c < d; c++) {
                    qt[r * block + c * BQ + i] = q[src + c] * scale;
                }
            }
        }
        float[] ot = new float[nh * block];  // [nh][headDim][BQ] output, not yet divided by the sum
        float[] s = new float[BK * BQ];      // [BK][BQ] scores, then probabilities, of one head
        float[] m = new float[nh * BQ];      // [nh][BQ] running max
        float[] l = new float[nh * BQ];      // [nh][BQ] running sum of exp(score - max)
        float[] alpha = new float[BQ];       // [BQ] rescale of the old output when the max grows
        Arrays.fill(m, Float.NEGATIVE_INFINITY);
        int[] koff = new int[BK];            // start of each tile key's row in karr
        int[] voff = new int[BK];
        boolean bf16 = kv.precision() == KvPrecision.BF16;
        float[] karr = bf16 ? new float[BK * d] : kv.keysF32();     // bf16: [BK][headDim] widened tile
        float[] varr = bf16 ? new float[BK * d] : kv.valuesF32();
        int kLo = Math.max(0, qa - w + 1);
        for (int ks = kLo; ks <= qLast; ks += BK) {
            int nk = Math.min(BK, qLast - ks + 1);
            int nk4 = (nk + 3) & ~3;
            for (int j = 0; j < nk; j++) {
                int o = kv.offset(g, ks + j);
                if (bf16) {
                    widen(kv.keysBf16(), o, karr, j * d, d);
                    widen(kv.valuesBf16(), o, varr, j * d, d);
                    koff[j] = j * d;
                    voff[j] = j * d;
                } else {
                    koff[j] = o;
                    voff[j] = o;
                }
            }
            // Padding keys read a real row; the mask gives them probability 0.
            for (int j = nk; j < nk4; j++) {
                koff[j] = koff[0];
                voff[j] = voff[0];
            }
            boolean full = nk == nk4 && ks + nk - 1 <= qa && ks >= qLast - w + 1;
            for (int r = 0; r < nh; r++) {
                scores(qt, r * block, karr, koff, nk4, d, s);
                if (!full) {
                    mask(s, ks, nk, nk4, qa, w);
                }
                softmaxUpdate(s, nk4, m, l, r * BQ, alpha);
                accumulate(s, varr, voff, nk4, d, ot, r * block, alpha);
            }
        }
        for (int r = 0; r < nh; r++) {
            for (int i = 0; i < mt; i++) {
                float inv = 1f / l[r * BQ + i];
                int dst = outOffset + (i0 + i) * shape.rowWidth() + (h0 + r) * d;
                for (int c = 0; c < d; c++) {
                    out[dst + c] = ot[r * block + c * BQ + i] * inv;
                }
            }
        }
    }

    /** s[j][i] = sum_c qt[c][i] * k[koff[j] + c] for j below nk4 (a multiple of 4), all BQ queries. */
    private static void scores(float[] qt, int qtOff, float[] k, int[] koff, int nk4, int d, float[] s) {
        for (int j = 0; j < nk4; j += 4) {
            int o0 = koff[j];
            int o1 = koff[j + 1];
            int o2 = koff[j + 2];
            int o3 = koff[j + 3];
            FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
            FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
            FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
            FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
            for (int c = 0; c < d; c++) {
                int qi = qtOff + c * BQ;
                FloatVector q0 = FloatVector.fromArray(S, qt, qi);
                FloatVector q1 = FloatVector.fromArray(S, qt, qi + L);
                FloatVector q2 = FloatVector.fromArray(S, qt, qi + 2 * L);
                FloatVector q3 = FloatVector.fromArray(S, qt, qi + 3 * L);
                FloatVector k0 = FloatVector.broadcast(S, k[o0 + c]);
                FloatVector k1 = FloatVector.broadcast(S, k[o1 + c]);
                FloatVector k2 = FloatVector.broadcast(S, k[o2 + c]);
                FloatVector k3 = FloatVector.broadcast(S, k[o3 + c]);
                a00 = q0.fma(k0, a00);
                a01 = q1.fma(k0, a01);
                a02 = q2.fma(k0, a02);
                a03 = q3.fma(k0, a03);
                a10 = q0.fma(k1, a10);
                a11 = q1.fma(k1, a11);
                a12 = q2.fma(k1, a12);
                a13 = q3.fma(k1, a13);
                a20 = q0.fma(k2, a20);
                a21 = q1.fma(k2, a21);
                a22 = q2.fma(k2, a22);
                a23 = q3.fma(k2, a23);
                a30 = q0.fma(k3, a30);
                a31 = q1.fma(k3, a31);
                a32 = q2.fma(k3, a32);
                a33 = q3.fma(k3, a33);
            }
            int si = j * BQ;
            a00.intoArray(s, si);
            a01.intoArray(s, si + L);
            a02.intoArray(s, si + 2 * L);
            a03.intoArray(s, si + 3 * L);
            a10.intoArray(s, si + BQ);
            a11.intoArray(s, si + BQ + L);
            a12.intoArray(s, si + BQ + 2 * L);
            a13.intoArray(s, si + BQ + 3 * L);
            a20.intoArray(s, si + 2 * BQ);
            a21.intoArray(s, si + 2 * BQ + L);
            a22.intoArray(s, si + 2 * BQ + 2 * L);
            a23.intoArray(s, si + 2 * BQ + 3 * L);
            a30.intoArray(s, si + 3 * BQ);
            a31.intoArray(s, si + 3 * BQ + L);
            a32.intoArray(s, si + 3 * BQ + 2 * L);
            a33.intoArray(s, si + 3 * BQ + 3 * L);
        }
    }

    /** Sets s[j][i] to -infinity where key ks + j is hidden from query qa + i (padding keys: always). */
    private static void mask(float[] s, int ks, int nk, int nk4, int qa, int w) {
        FloatVector iota = FloatVector.fromArray(S, IOTA, 0);
        for (int v = 0; v < 4; v++) {
            FloatVector qpos = iota.add((float) (qa + v * L));
            for (int j = 0; j < nk4; j++) {
                float kp = j < nk ? ks + j : Float.POSITIVE_INFINITY;
                VectorMask<Float> hidden = qpos.lt(kp).or(qpos.compare(VectorOperators.GE, kp + w));
                int si = j * BQ + v * L;
                FloatVector.fromArray(S, s, si).blend(Float.NEGATIVE_INFINITY, hidden).intoArray(s, si);
            }
        }
    }

    /**
     * Online softmax step: folds a tile of scores into the running max m and sum l, turns the scores
     * into probabilities relative to the new max, and leaves in alpha the factor that rescales the
     * output accumulated so far.
     */
    private static void softmaxUpdate(float[] s, int nk4, float[] m, float[] l, int mlOff, float[] alpha) {
        for (int v = 0; v < 4; v++) {
            int col = v * L;
            int mi = mlOff + col;
            FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int j = 0; j < nk4; j++) {
                mx = mx.max(FloatVector.fromArray(S, s, j * BQ + col));
            }
            FloatVector mOld = FloatVector.fromArray(S, m, mi);
            FloatVector mNew = mOld.max(mx);
            // A query that has seen only hidden keys keeps max -inf; measuring from 0 then gives
            // exp(-inf) = 0 for everything instead of NaN.
            FloatVector ref = mNew.blend(0f, mNew.eq(Float.NEGATIVE_INFINITY));
            FloatVector sum = FloatVector.zero(S);
            for (int j = 0; j < nk4; j++) {
                int si = j * BQ + col;
                FloatVector p = VectorMath.exp(FloatVector.fromArray(S, s, si).sub(ref));
                p.intoArray(s, si);
                sum = sum.add(p);
            }
            FloatVector a = VectorMath.exp(mOld.sub(ref));
            FloatVector.fromArray(S, l, mi).fma(a, sum).intoArray(l, mi);
            mNew.intoArray(m, mi);
            a.intoArray(alpha, col);
        }
    }

    /** ot[c][i] = alpha[i] * ot[c][i] + sum_j p[j][i] * v[voff[j] + c]. */
    private static void accumulate(float[] p, float[] v, int[] voff, int nk4, int d, float[] ot, int otOff,
                                   float[] alpha) {
        FloatVector al0 = FloatVector.fromArray(S, alpha, 0);
        FloatVector al1 = FloatVector.fromArray(S, alpha, L);
        FloatVector al2 = FloatVector.fromArray(S, alpha, 2 * L);
        FloatVector al3 = FloatVector.fromArray(S, alpha, 3 * L);
        int c = 0;
        for (; c + 4 <= d; c += 4) {
            int r0 = otOff + c * BQ;
            int r1 = r0 + BQ;
            int r2 = r1 + BQ;
            int r3 = r2 + BQ;
            FloatVector a00 = FloatVector.fromArray(S, ot, r0).mul(al0);
            FloatVector a01 = FloatVector.fromArray(S, ot, r0 + L).mul(al1);
            FloatVector a02 = FloatVector.fromArray(S, ot, r0 + 2 * L).mul(al2);
            FloatVector a03 = FloatVector.fromArray(S, ot, r0 + 3 * L).mul(al3);
            FloatVector a10 = FloatVector.fromArray(S, ot, r1).mul(al0);
            FloatVector a11 = FloatVector.fromArray(S, ot, r1 + L).mul(al1);
            FloatVector a12 = FloatVector.fromArray(S, ot, r1 + 2 * L).mul(al2);
            FloatVector a13 = FloatVector.fromArray(S, ot, r1 + 3 * L).mul(al3);
            FloatVector a20 = FloatVector.fromArray(S, ot, r2).mul(al0);
            FloatVector a21 = FloatVector.fromArray(S, ot, r2 + L).mul(al1);
            FloatVector a22 = FloatVector.fromArray(S, ot, r2 + 2 * L).mul(al2);
            FloatVector a23 = FloatVector.fromArray(S, ot, r2 + 3 * L).mul(al3);
            FloatVector a30 = FloatVector.fromArray(S, ot, r3).mul(al0);
            FloatVector a31 = FloatVector.fromArray(S, ot, r3 + L).mul(al1);
            FloatVector a32 = FloatVector.fromArray(S, ot, r3 + 2 * L).mul(al2);
            FloatVector a33 = FloatVector.fromArray(S, ot, r3 + 3 * L).mul(al3);
            for (int j = 0; j < nk4; j++) {
                int pi = j * BQ;
                FloatVector p0 = FloatVector.fromArray(S, p, pi);
                FloatVector p1 = FloatVector.fromArray(S, p, pi + L);
                FloatVector p2 = FloatVector.fromArray(S, p, pi + 2 * L);
                FloatVector p3 = FloatVector.fromArray(S, p, pi + 3 * L);
                int vo = voff[j] + c;
                FloatVector b0 = FloatVector.broadcast(S, v[vo]);
                FloatVector b1 = FloatVector.broadcast(S, v[vo + 1]);
                FloatVector b2 = FloatVector.broadcast(S, v[vo + 2]);
                FloatVector b3 = FloatVector.broadcast(S, v[vo + 3]);
                a00 = p0.fma(b0, a00);
                a01 = p1.fma(b0, a01);
                a02 = p2.fma(b0, a02);
                a03 = p3.fma(b0, a03);
                a10 = p0.fma(b1, a10);
                a11 = p1.fma(b1, a11);
                a12 = p2.fma(b1, a12);
                a13 = p3.fma(b1, a13);
                a20 = p0.fma(b2, a20);
                a21 = p1.fma(b2, a21);
                a22 = p2.fma(b2, a22);
                a23 = p3.fma(b2, a23);
                a30 = p0.fma(b3, a30);
                a31 = p1.fma(b3, a31);
                a32 = p2.fma(b3, a32);
                a33 = p3.fma(b3, a33);
            }
            a00.intoArray(ot, r0);
            a01.intoArray(ot, r0 + L);
            a02.intoArray(ot, r0 + 2 * L);
            a03.intoArray(ot, r0 + 3 * L);
            a10.intoArray(ot, r1);
            a11.intoArray(ot, r1 + L);
            a12.intoArray(ot, r1 + 2 * L);
            a13.intoArray(ot, r1 + 3 * L);
            a20.intoArray(ot, r2);
            a21.intoArray(ot, r2 + L);
            a22.intoArray(ot, r2 + 2 * L);
            a23.intoArray(ot, r2 + 3 * L);
            a30.intoArray(ot, r3);
            a31.intoArray(ot, r3 + L);
            a32.intoArray(ot, r3 + 2 * L);
            a33.intoArray(ot, r3 + 3 * L);
        }
        for (; c < d; c++) {
            int r0 = otOff + c * BQ;
            FloatVector a0 = FloatVector.fromArray(S, ot, r0).mul(al0);
            FloatVector a1 = FloatVector.fromArray(S, ot, r0 + L).mul(al1);
            FloatVector a2 = FloatVector.fromArray(S, ot, r0 + 2 * L).mul(al2);
            FloatVector a3 = FloatVector.fromArray(S, ot, r0 + 3 * L).mul(al3);
            for (int j = 0; j < nk4; j++) {
                int pi = j * BQ;
                FloatVector b = FloatVector.broadcast(S, v[voff[j] + c]);
                a0 = FloatVector.fromArray(S, p, pi).fma(b, a0);
                a1 = FloatVector.fromArray(S, p, pi + L).fma(b, a1);
                a2 = FloatVector.fromArray(S, p, pi + 2 * L).fma(b, a2);
                a3 = FloatVector.fromArray(S, p, pi + 3 * L).fma(b, a3);
            }
            a0.intoArray(ot, r0);
            a1.intoArray(ot, r0 + L);
            a2.intoArray(ot, r0 + 2 * L);
            a3.intoArray(ot, r0 + 3 * L);
        }
    }

    /** dst[dstOffset + i] = f32 of the bf16 src[srcOffset + i] for i below n. */
    static void widen(short[] src, int srcOffset, float[] dst, int dstOffset, int n) {
        int i = 0;
        int bound = n - L;
        for (; i <= bound; i += L) {
            ShortVector h = ShortVector.fromArray(SS, src, srcOffset + i);
            // Sign extension fills the upper half; the shift pushes it out and puts the bf16 bits on top.
            IntVector bits = (IntVector) h.convertShape(VectorOperators.S2I, SI, 0);
            bits.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, dstOffset + i);
        }
        for (; i < n; i++) {
            dst[dstOffset + i] = Bf16.toFloat(src[srcOffset + i]);
        }
    }

    // ---------------------------------------------------------------- decode

    @Override
    public void attentionDecode(AttentionShape shape, float[] q, int qOffset, int pos, KvBuffer kv, int window,
                                float scale, float[] out, int outOffset) {
        AttentionChecks.check(shape, q, qOffset, 1, pos, kv, window, scale, out, outOffset);
        int w = AttentionChecks.effectiveWindow(window, pos, 1);
        int lo = Math.max(0, pos - w + 1);
        int n = pos - lo + 1;
        int kvHeads = shape.kvHeads();
        int gs = shape.groupSize();
        int d = shape.headDim();
        // Enough chunks that every thread gets several (a thread that is held up by other work on the
        // machine then delays only a small share), none smaller than a useful run.
        int wanted = (8 * Parallel.threads() + kvHeads - 1) / kvHeads;
        int chunks = Math.max(1, Math.min(wanted, (n + DECODE_MIN_CHUNK - 1) / DECODE_MIN_CHUNK));
        int chunkLen = (n + chunks - 1) / chunks;
        float[] pm = new float[kvHeads * chunks * gs];      // [kvHeads][chunks][gs] partial max
        float[] pl = new float[kvHeads * chunks * gs];      // [kvHeads][chunks][gs] partial sum
        float[] po = new float[kvHeads * chunks * gs * d];  // [kvHeads][chunks][gs][headDim] partial output
        Parallel.forEach(kvHeads * chunks, t -> {
            int g = t / chunks;
            int from = lo + (t % chunks) * chunkLen;
            int to = Math.min(pos + 1, from + chunkLen);
            decodeChunk(shape, q, qOffset, kv, g, from, to, scale, pm, pl, po, t * gs);
        });
        for (int h = 0; h < shape.heads(); h++) {
            int g = h / gs;
            int r = h % gs;
            float max = Float.NEGATIVE_INFINITY;
            for (int ch = 0; ch < chunks; ch++) {
                max = Math.max(max, pm[(g * chunks + ch) * gs + r]);
            }
            int oi = outOffset + h * d;
            Arrays.fill(out, oi, oi + d, 0f);
            float sum = 0;
            for (int ch = 0; ch < chunks; ch++) {
                int idx = (g * chunks + ch) * gs + r;
                if (pl[idx] == 0f) {
                    continue;
                }
                float f = (float) Math.exp(pm[idx] - max);
                sum += pl[idx] * f;
                axpyVec(f, po, idx * d, out, oi, d);
            }
            float inv = 1f / sum;
            for (int c = 0; c < d; c++) {
                out[oi + c] *= inv;
            }
        }
    }

    /** One kv head's keys [from, to) for all query heads of its group; writes partial max, sum, output. */
    private static void decodeChunk(AttentionShape shape, float[] q, int qOffset, KvBuffer kv, int g, int from,
                                    int to, float scale, float[] pm, float[] pl, float[] po, int slot) {
        int d = shape.headDim();
        int gs = shape.groupSize();
        float[] qs = new float[gs * d];               // [gs][headDim] scaled queries of the group
        for (int r = 0; r < gs; r++) {
            int src = qOffset + (g * gs + r) * d;
            for (int c = 0; c < d; c++) {
                qs[r * d + c] = q[src + c] * scale;
            }
        }
        float[] sc = new float[gs * DECODE_BLOCK];    // [gs][DECODE_BLOCK] scores, then probabilities
        int[] off = new int[DECODE_BLOCK];
        boolean bf16 = kv.precision() == KvPrecision.BF16;
        // bf16 rows are widened in registers as they are loaded when the heads go in pairs and a row is whole
        // vectors (every Gemma shape); otherwise each row is widened into a one-row buffer right before use.
        boolean direct = bf16 && gs % 2 == 0 && d % L == 0;
        float[] row = bf16 && !direct ? new float[d] : null;
        // f32 values of 16-vector rows in heads pairs go through values2 when there are 32 vector registers.
        boolean registerValues = !bf16 && gs % 2 == 0 && d == VALUE_ROW && S.vectorBitSize() >= 512;
        float[] tmp = registerValues ? new float[2 * VALUE_ROW] : null;
        float[] karr = bf16 ? row : kv.keysF32();
        float[] varr = bf16 ? row : kv.valuesF32();
        for (int r = 0; r < gs; r++) {
            pm[slot + r] = Float.NEGATIVE_INFINITY;
        }
        for (int b = from; b < to; b += DECODE_BLOCK) {
            int nb = Math.min(DECODE_BLOCK, to - b);
            for (int j = 0; j < nb; j++) {
                off[j] = kv.offset(g, b + j);
            }
            // Each key row is read from memory once for all heads of the group: heads go in pairs.
            for (int j = 0; j < nb; j++) {
                if (direct) {
                    for (int r = 0; r < gs; r += 2) {
                        dot2Bf16(qs, r * d, (r + 1) * d, kv.keysBf16(), off[j], d, sc, r * DECODE_BLOCK + j,
                                (r + 1) * DECODE_BLOCK + j);
                    }
                    continue;
                }
                if (bf16) {
                    widen(kv.keysBf16(), off[j], row, 0, d);
                }
                int ko = bf16 ? 0 : off[j];
                int r = 0;
                for (; r + 2 <= gs; r += 2) {
                    dot2(qs, r * d, (r + 1) * d, karr, ko, d, sc, r * DECODE_BLOCK + j,
                            (r + 1) * DECODE_BLOCK + j);
                }
                if (r < gs) {
                    sc[r * DECODE_BLOCK + j] = VectorMath.dot(qs, r * d, karr, ko, d);
                }
            }
            for (int r = 0; r < gs; r++) {
                int si = r * DECODE_BLOCK;
                Arrays.fill(sc, si + nb, si + DECODE_BLOCK, Float.NEGATIVE_INFINITY);
                FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                for (int j = 0; j < DECODE_BLOCK; j += L) {
                    mx = mx.max(FloatVector.fromArray(S, sc, si + j));
                }
                float mOld = pm[slot + r];
                float mNew = Math.max(mOld, mx.reduceLanes(VectorOperators.MAX));
                if (mNew > mOld && mOld != Float.NEGATIVE_INFINITY) {
                    float f = (float) Math.exp(mOld - mNew);
                    pl[slot + r] *= f;
                    scaleVec(f, po, (slot + r) * d, d);
                }
                FloatVector sum = FloatVector.zero(S);
                for (int j = 0; j < DECODE_BLOCK; j += L) {
                    FloatVector p = VectorMath.exp(FloatVector.fromArray(S, sc, si + j).sub(mNew));
                    p.intoArray(sc, si + j);
                    sum = sum.add(p);
                }
                pl[slot + r] += sum.reduceLanes(VectorOperators.ADD);
                pm[slot + r] = mNew;
            }
            if (registerValues) {
                for (int r = 0; r < gs; r += 2) {
                    values2(sc, r * DECODE_BLOCK, (r + 1) * DECODE_BLOCK, varr, off, nb, po, (slot + r) * d,
                            (slot + r + 1) * d, tmp);
                }
                continue;
            }
            for (int j = 0; j < nb; j++) {
                if (direct) {
                    for (int r = 0; r < gs; r += 2) {
                        axpy2Bf16(sc[r * DECODE_BLOCK + j], sc[(r + 1) * DECODE_BLOCK + j], kv.valuesBf16(), off[j],
                                po, (slot + r) * d, (slot + r + 1) * d, d);
                    }
                    continue;
                }
                if (bf16) {
                    widen(kv.valuesBf16(), off[j], row, 0, d);
                }
                int vo = bf16 ? 0 : off[j];
                int r = 0;
                for (; r + 2 <= gs; r += 2) {
                    axpy2(sc[r * DECODE_BLOCK + j], sc[(r + 1) * DECODE_BLOCK + j], varr, vo, po,
                            (slot + r) * d, (slot + r + 1) * d, d);
                }
                if (r < gs) {
                    axpyVec(sc[r * DECODE_BLOCK + j], varr, vo, po, (slot + r) * d, d);
                }
            }
        }
    }

    /** The f32 values of the L bf16 values at src[o..o+L). */
    private static FloatVector bf16At(short[] src, int o) {
        return ((IntVector) ShortVector.fromArray(SS, src, o).convertShape(VectorOperators.S2I, SI, 0))
                .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /**
     * {@link #dot2} over a bf16 row b; n is a multiple of L. A copy of dot2's loop with the other load rather
     * than one loop over a loader: a loader would hand vectors across a call, which boxes them wherever the
     * compiler does not inline it (docs/PERFORMANCE.md, run 11), and the inner loop stays one straight run of
     * vector operations.
     */
    private static void dot2Bf16(float[] a, int a0, int a1, short[] b, int bo, int n, float[] out, int i0, int i1) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector t0 = s0;
        FloatVector t1 = s0;
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            FloatVector b0 = bf16At(b, bo + i);
            FloatVector b1 = bf16At(b, bo + i + L);
            s0 = FloatVector.fromArray(S, a, a0 + i).fma(b0, s0);
            s1 = FloatVector.fromArray(S, a, a0 + i + L).fma(b1, s1);
            t0 = FloatVector.fromArray(S, a, a1 + i).fma(b0, t0);
            t1 = FloatVector.fromArray(S, a, a1 + i + L).fma(b1, t1);
        }
        for (; i < n; i += L) {
            FloatVector b0 = bf16At(b, bo + i);
            s0 = FloatVector.fromArray(S, a, a0 + i).fma(b0, s0);
            t0 = FloatVector.fromArray(S, a, a1 + i).fma(b0, t0);
        }
        out[i0] = s0.add(s1).reduceLanes(VectorOperators.ADD);
        out[i1] = t0.add(t1).reduceLanes(VectorOperators.ADD);
    }

    /** {@link #axpy2} over a bf16 row x; n is a multiple of L. */
    private static void axpy2Bf16(float p0, float p1, short[] x, int xo, float[] y, int y0, int y1, int n) {
        FloatVector a0 = FloatVector.broadcast(S, p0);
        FloatVector a1 = FloatVector.broadcast(S, p1);
        for (int i = 0; i < n; i += L) {
            FloatVector v = bf16At(x, xo + i);
            v.fma(a0, FloatVector.fromArray(S, y, y0 + i)).intoArray(y, y0 + i);
            v.fma(a1, FloatVector.fromArray(S, y, y1 + i)).intoArray(y, y1 + i);
        }
    }

    /**
     * The values of one block for a pair of query heads whose rows are exactly {@link #VALUE_ROW} floats:
     * y[y0..] += sum_j p[i0 + j] * x[off[j]..] and the same with p[i1 + j] into y[y1..]. Each value row is
     * read once, front to back, and both heads' sums stay in 32 registers for the whole block. {@link #axpy2}
     * per key instead loads and stores both heads' sums for every key (64 memory operations per 16 loads of
     * values): the store port, not memory, then set decode's speed, about 30 GB/s over a 128K f32 layer on
     * both cores where the memory streams 55-60 GB/s; 41-49 GB/s this way (docs/PERFORMANCE.md).
     *
     * <p>Tried and not kept: one head at a time in 16 registers, the second reading the block again from
     * the cache (slower than axpy2); column passes over pieces of rows (far slower: the hardware prefetcher
     * follows one sequential stream, not strided pieces of many rows). The sums leave through {@code tmp}
     * rather than each being added to y in place: with those 96 more vector operations C1 runs out of
     * virtual registers, and a method C1 cannot compile can stay in its slow, boxed form for good.
     */
    private static void values2(float[] p, int i0, int i1, float[] x, int[] off, int nb, float[] y, int y0, int y1,
                                float[] tmp) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        FloatVector a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
        FloatVector b8 = a0, b9 = a0, b10 = a0, b11 = a0, b12 = a0, b13 = a0, b14 = a0, b15 = a0;
        for (int j = 0; j < nb; j++) {
            int o = off[j];
            FloatVector s = FloatVector.broadcast(S, p[i0 + j]);
            FloatVector t = FloatVector.broadcast(S, p[i1 + j]);
            FloatVector v;
            v = FloatVector.fromArray(S, x, o);
            a0 = s.lanewise(VectorOperators.FMA, v, a0);
            b0 = t.lanewise(VectorOperators.FMA, v, b0);
            v = FloatVector.fromArray(S, x, o + L);
            a1 = s.lanewise(VectorOperators.FMA, v, a1);
            b1 = t.lanewise(VectorOperators.FMA, v, b1);
            v = FloatVector.fromArray(S, x, o + 2 * L);
            a2 = s.lanewise(VectorOperators.FMA, v, a2);
            b2 = t.lanewise(VectorOperators.FMA, v, b2);
            v = FloatVector.fromArray(S, x, o + 3 * L);
            a3 = s.lanewise(VectorOperators.FMA, v, a3);
            b3 = t.lanewise(VectorOperators.FMA, v, b3);
            v = FloatVector.fromArray(S, x, o + 4 * L);
            a4 = s.lanewise(VectorOperators.FMA, v, a4);
            b4 = t.lanewise(VectorOperators.FMA, v, b4);
            v = FloatVector.fromArray(S, x, o + 5 * L);
            a5 = s.lanewise(VectorOperators.FMA, v, a5);
            b5 = t.lanewise(VectorOperators.FMA, v, b5);
            v = FloatVector.fromArray(S, x, o + 6 * L);
            a6 = s.lanewise(VectorOperators.FMA, v, a6);
            b6 = t.lanewise(VectorOperators.FMA, v, b6);
            v = FloatVector.fromArray(S, x, o + 7 * L);
            a7 = s.lanewise(VectorOperators.FMA, v, a7);
            b7 = t.lanewise(VectorOperators.FMA, v, b7);
            v = FloatVector.fromArray(S, x, o + 8 * L);
            a8 = s.lanewise(VectorOperators.FMA, v, a8);
            b8 = t.lanewise(VectorOperators.FMA, v, b8);
            v = FloatVector.fromArray(S, x, o + 9 * L);
            a9 = s.lanewise(VectorOperators.FMA, v, a9);
            b9 = t.lanewise(VectorOperators.FMA, v, b9);
            v = FloatVector.fromArray(S, x, o + 10 * L);
            a10 = s.lanewise(VectorOperators.FMA, v, a10);
            b10 = t.lanewise(VectorOperators.FMA, v, b10);
            v = FloatVector.fromArray(S, x, o + 11 * L);
            a11 = s.lanewise(VectorOperators.FMA, v, a11);
            b11 = t.lanewise(VectorOperators.FMA, v, b11);
            v = FloatVector.fromArray(S, x, o + 12 * L);
            a12 = s.lanewise(VectorOperators.FMA, v, a12);
            b12 = t.lanewise(VectorOperators.FMA, v, b12);
            v = FloatVector.fromArray(S, x, o + 13 * L);
            a13 = s.lanewise(VectorOperators.FMA, v, a13);
            b13 = t.lanewise(VectorOperators.FMA, v, b13);
            v = FloatVector.fromArray(S, x, o + 14 * L);
            a14 = s.lanewise(VectorOperators.FMA, v, a14);
            b14 = t.lanewise(VectorOperators.FMA, v, b14);
            v = FloatVector.fromArray(S, x, o + 15 * L);
            a15 = s.lanewise(VectorOperators.FMA, v, a15);
            b15 = t.lanewise(VectorOperators.FMA, v, b15);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        a5.intoArray(tmp, 5 * L);
        a6.intoArray(tmp, 6 * L);
        a7.intoArray(tmp, 7 * L);
        a8.intoArray(tmp, 8 * L);
        a9.intoArray(tmp, 9 * L);
        a10.intoArray(tmp, 10 * L);
        a11.intoArray(tmp, 11 * L);
        a12.intoArray(tmp, 12 * L);
        a13.intoArray(tmp, 13 * L);
        a14.intoArray(tmp, 14 * L);
        a15.intoArray(tmp, 15 * L);
        b0.intoArray(tmp, VALUE_ROW);
        b1.intoArray(tmp, VALUE_ROW + L);
        b2.intoArray(tmp, VALUE_ROW + 2 * L);
        b3.intoArray(tmp, VALUE_ROW + 3 * L);
        b4.intoArray(tmp, VALUE_ROW + 4 * L);
        b5.intoArray(tmp, VALUE_ROW + 5 * L);
        b6.intoArray(tmp, VALUE_ROW + 6 * L);
        b7.intoArray(tmp, VALUE_ROW + 7 * L);
        b8.intoArray(tmp, VALUE_ROW + 8 * L);
        b9.intoArray(tmp, VALUE_ROW + 9 * L);
        b10.intoArray(tmp, VALUE_ROW + 10 * L);
        b11.intoArray(tmp, VALUE_ROW + 11 * L);
        b12.intoArray(tmp, VALUE_ROW + 12 * L);
        b13.intoArray(tmp, VALUE_ROW + 13 * L);
        b14.intoArray(tmp, VALUE_ROW + 14 * L);
        b15.intoArray(tmp, VALUE_ROW + 15 * L);
        for (int i = 0; i < VALUE_ROW; i += L) {
            FloatVector.fromArray(S, tmp, i).add(FloatVector.fromArray(S, y, y0 + i)).intoArray(y, y0 + i);
            FloatVector.fromArray(S, tmp, VALUE_ROW + i).add(FloatVector.fromArray(S, y, y1 + i)).intoArray(y, y1 + i);
        }
    }

    /** Two dot products sharing one row b: out[i0] = a[a0..] . b[bo..], out[i1] = a[a1..] . b[bo..]. */
    private static void dot2(float[] a, int a0, int a1, float[] b, int bo, int n, float[] out, int i0, int i1) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector t0 = s0;
        FloatVector t1 = s0;
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo + i);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + i + L);
            s0 = FloatVector.fromArray(S, a, a0 + i).fma(b0, s0);
            s1 = FloatVector.fromArray(S, a, a0 + i + L).fma(b1, s1);
            t0 = FloatVector.fromArray(S, a, a1 + i).fma(b0, t0);
            t1 = FloatVector.fromArray(S, a, a1 + i + L).fma(b1, t1);
        }
        for (; i + L <= n; i += L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo + i);
            s0 = FloatVector.fromArray(S, a, a0 + i).fma(b0, s0);
            t0 = FloatVector.fromArray(S, a, a1 + i).fma(b0, t0);
        }
        float x = s0.add(s1).reduceLanes(VectorOperators.ADD);
        float y = t0.add(t1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            x += a[a0 + i] * b[bo + i];
            y += a[a1 + i] * b[bo + i];
        }
        out[i0] = x;
        out[i1] = y;
    }

    /**
     * y[y0..] += p0 * x[xo..] and y[y1..] += p1 * x[xo..], reading x once.
     *
     * <p>Written as {@code a0.lanewise(FMA, v, y)}, a call site of its own. As {@code v.fma(a0, y)}, whose
     * {@code lanewise} call inside the Vector API is shared with every other caller, the compiled method lost
     * the exact vector type in the Gemma engine (where {@code decodeChunk} is too large to take it inline)
     * while the quantized kernels also used float vectors of another shape, and fell back to boxed vectors:
     * about 6 KB of garbage per key and layer, decode 1.4x / 2.4x slower at 4K / 32K positions
     * (docs/PERFORMANCE.md, runs 10 and 11). Same operation, same results.
     */
    private static void axpy2(float p0, float p1, float[] x, int xo, float[] y, int y0, int y1, int n) {
        FloatVector a0 = FloatVector.broadcast(S, p0);
        FloatVector a1 = FloatVector.broadcast(S, p1);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            a0.lanewise(VectorOperators.FMA, v, FloatVector.fromArray(S, y, y0 + i)).intoArray(y, y0 + i);
            a1.lanewise(VectorOperators.FMA, v, FloatVector.fromArray(S, y, y1 + i)).intoArray(y, y1 + i);
        }
        for (; i < n; i++) {
            y[y0 + i] += p0 * x[xo + i];
            y[y1 + i] += p1 * x[xo + i];
        }
    }

    private static void axpyVec(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, x, xo + i).fma(a, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    private static void scaleVec(float f, float[] y, int yo, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, y, yo + i).mul(f).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] *= f;
        }
    }

    // ---------------------------------------------------------------- vector helpers

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        AttentionChecks.checkVectors("a", a, aOffset, "b", b, bOffset, n);
        return VectorMath.dot(a, aOffset, b, bOffset, n);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
        AttentionChecks.checkVectors("x", x, xOffset, "y", y, yOffset, n);
        axpyVec(alpha, x, xOffset, y, yOffset, n);
    }
}
