package dev.precis.kernels;

/**
 * The tensor-operation backend every Precis model runs on.
 *
 * <p>One backend is chosen per process ({@link #get()}): {@code cpu} (the Vector API kernels) unless the
 * system property {@code precis.backend} says {@code scalar} (the plain reference loops) or {@code cuda}
 * (loaded by class name, so that the CPU path never needs a GPU driver; when it cannot load, the reason
 * is logged and {@code cpu} runs instead).
 *
 * <p>Operations come in small groups, each its own interface ({@link AttentionKernels},
 * {@link VectorKernels}); a new group (matmul, normalisation, RoPE) is a new sub-interface added to the
 * {@code extends} list, implemented by each backend.
 */
public interface Kernels extends AttentionKernels, VectorKernels {

    /** System property naming the backend: scalar, cpu or cuda. */
    String BACKEND_PROPERTY = "precis.backend";

    /** The backend's name as {@code precis.backend} spells it. */
    String name();

    /** The process-wide backend, chosen on first use. */
    static Kernels get() {
        return Backends.SELECTED;
    }

    /**
     * A backend by name (scalar, cpu, cuda), for tests and benchmarks that compare backends; the same
     * fallbacks as {@link #get()} apply.
     */
    static Kernels named(String name) {
        return Backends.load(name);
    }
}
