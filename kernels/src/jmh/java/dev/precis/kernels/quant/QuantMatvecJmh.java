package dev.precis.kernels.quant;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One thread's Q8_0 / Q4_0 matrix–vector product over a Gemma-3-1B-wide matrix (16,384 rows of 1,152, 19 MB
 * in Q8_0: more than the last-level cache, so the weights stream from memory as in decode), with the weights
 * as a mapped file holds them ({@code file}: each row copied out of the buffer, f16 block scales) against the
 * heap layout the model loads them into ({@code heap}: codes apart from f32 scales, {@link QuantMatrix#resident()}).
 * Bytes per call: {@code rows x rowBytes} of the file layout in both cases.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g", "-XX:+UseTransparentHugePages"})
public class QuantMatvecJmh {
    private static final int ROWS = 16_384;
    private static final int COLS = 1_152;

    @Param({"Q8_0", "Q4_0"})
    public String type;

    @Param({"file", "heap"})
    public String layout;

    private QuantKernels kernels;
    private QuantMatrix w;
    private float[] x;
    private Q8Activations xq;
    private float[] out;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(1);
        float[] values = new float[ROWS * COLS];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) rnd.nextGaussian();
        }
        QuantMatrix file = QuantMatrix.quantize(GgmlType.valueOf(type), values, ROWS, COLS);
        w = layout.equals("heap") ? file.resident() : file;
        x = new float[COLS];
        for (int i = 0; i < COLS; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        xq = new Q8Activations(COLS).quantize(x, 0, COLS);
        out = new float[ROWS];
        kernels = QuantKernels.vector();
    }

    @Benchmark
    public float[] matvec() {
        kernels.matvec(w, x, xq, out, 0, ROWS);
        return out;
    }
}
