package dev.precis.kernels.quant;

/**
 * Matrix kernels over GGML types. Two implementations: {@link ScalarQuantKernels} (the plain reference)
 * and {@code VectorQuantKernels} (the Vector API fast path). The choice is made once, overridable with
 * {@code -Dprecis.quant.backend=scalar|vector}.
 *
 * <p>Quantized weights (Q8_0, Q4_0) in matrix–vector products use activations quantized to 8 bits per
 * block of 32 and integer block dot products, as llama.cpp does; both implementations compute the same
 * exact integer block sums and differ only in the f32 accumulation of the scaled sums.
 * Matrix–matrix products (prefill) dequantize a block of weight rows to f32 once and reuse it for every
 * token of the tile.
 */
public interface QuantKernels {

    /** {@code out[r] = row_r(w) · x} for {@code r} in {@code [r0, r1)}; {@code xq} is x quantized (Q8_0/Q4_0). */
    void matvec(QuantMatrix w, float[] x, Q8Activations xq, float[] out, int r0, int r1);

    /**
     * Work on {@code xq} that every row range of a product of {@code w} would otherwise repeat (the Q4_0
     * kernel's reordered activations), done once before the ranges run in parallel; it is kept in {@code xq}
     * until its next {@link Q8Activations#quantize}. Optional: {@link #matvec} is right without it.
     */
    default void prepare(QuantMatrix w, Q8Activations xq) {
    }

    /** {@code out[t * rows + r] = row_r(w) · x_t} for {@code t < n}, {@code r} in {@code [r0, r1)}. */
    void matmul(QuantMatrix w, float[] x, int n, float[] out, int r0, int r1);

    /** {@code gate[i] = gelu_tanh(gate[i]) * up[i]} for {@code i < n} (the FFN's gated activation). */
    void geluGate(float[] gate, int go, float[] up, int uo, int n);

    /** A short name for reports. */
    String name();

    /** The kernels chosen for this JVM. */
    static QuantKernels get() {
        return Holder.INSTANCE;
    }

    /** The plain reference. */
    static QuantKernels scalar() {
        return ScalarQuantKernels.INSTANCE;
    }

    /** The Vector API kernels, or null when the {@code jdk.incubator.vector} module is not present. */
    static QuantKernels vector() {
        return Holder.VECTOR;
    }

    /** Lazily chosen once. */
    final class Holder {
        static final QuantKernels VECTOR = loadVector();
        static final QuantKernels INSTANCE = choose();

        private Holder() {
        }

        private static QuantKernels loadVector() {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return null;
            }
            try {
                return (QuantKernels) Class.forName("dev.precis.kernels.quant.VectorQuantKernels")
                        .getDeclaredField("INSTANCE").get(null);
            } catch (ReflectiveOperationException | LinkageError e) {
                System.err.println("precis: Vector API kernels unavailable (" + e + "); using the scalar kernels");
                return null;
            }
        }

        private static QuantKernels choose() {
            String want = System.getProperty("precis.quant.backend", "vector");
            if (want.equals("scalar")) {
                return ScalarQuantKernels.INSTANCE;
            }
            if (!want.equals("vector")) {
                throw new IllegalArgumentException("precis.quant.backend must be scalar or vector, got '" + want + "'");
            }
            if (VECTOR == null) {
                System.err.println("precis: the Vector API is not enabled; run java with "
                        + "--add-modules jdk.incubator.vector for the fast kernels. Using the scalar kernels.");
                return ScalarQuantKernels.INSTANCE;
            }
            return VECTOR;
        }
    }
}
