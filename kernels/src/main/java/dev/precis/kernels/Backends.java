package dev.precis.kernels;

import java.lang.System.Logger.Level;
import java.util.Locale;

/** Chooses and loads backends; the fallbacks say what went wrong and how to enable the faster path. */
final class Backends {
    private static final System.Logger LOG = System.getLogger(Backends.class.getName());
    static final String CUDA_CLASS = "dev.precis.kernels.cuda.CudaKernels";
    static final Kernels SELECTED = load(System.getProperty(Kernels.BACKEND_PROPERTY, "cpu"));

    private Backends() {
    }

    static Kernels load(String name) {
        String n = name == null ? "cpu" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "scalar":
                return ScalarKernels.INSTANCE;
            case "cpu":
                return cpuOrScalar();
            case "cuda":
                return cudaOrCpu();
            default:
                throw new IllegalArgumentException("unknown kernel backend '" + name + "' (property "
                        + Kernels.BACKEND_PROPERTY + "): use scalar, cpu or cuda");
        }
    }

    private static Kernels cpuOrScalar() {
        try {
            return CpuKernels.create();
        } catch (LinkageError e) {
            // The Vector API is an incubator module: without the flag its classes do not resolve.
            LOG.log(Level.WARNING, "Vector API kernels unavailable (" + e + "); running the scalar backend. "
                    + "Start the JVM with --add-modules=jdk.incubator.vector to enable them.");
            return ScalarKernels.INSTANCE;
        }
    }

    private static Kernels cudaOrCpu() {
        try {
            Class<?> c = Class.forName(CUDA_CLASS);
            return (Kernels) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.log(Level.WARNING, "CUDA backend " + CUDA_CLASS + " could not start (" + cause
                    + "); using the cpu backend.");
            return cpuOrScalar();
        }
    }
}
