package dev.precis.kernels;

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
 * The int8 dot product of two vectors as the search index scores its 7-bit quantized embeddings (384
 * dimensions: all-MiniLM-L6-v2), Vector API against the plain loop (which is also what Lucene 9.12 runs on
 * Java 17). Both are exact; the vectors stay in the L1 cache, so this measures the arithmetic alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ByteDotJmh {
    @Param({"384", "768"})
    public int dims;

    private byte[] a;
    private byte[] b;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(1);
        a = new byte[dims];
        b = new byte[dims];
        for (int i = 0; i < dims; i++) {
            a[i] = (byte) rnd.nextInt(128);
            b[i] = (byte) rnd.nextInt(128);
        }
    }

    @Benchmark
    public int vector() {
        return VectorMath.dotBytes(a, 0, b, 0, dims);
    }

    @Benchmark
    public int scalar() {
        return VectorMath.dotBytesScalar(a, 0, b, 0, dims);
    }
}
