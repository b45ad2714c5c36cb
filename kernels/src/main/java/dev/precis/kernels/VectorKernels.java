package dev.precis.kernels;

/** Small dense helpers over float arrays. */
public interface VectorKernels {

    /** {@code sum a[aOffset + i] * b[bOffset + i]} for i below n. */
    float dot(float[] a, int aOffset, float[] b, int bOffset, int n);

    /** {@code y[yOffset + i] += alpha * x[xOffset + i]} for i below n. */
    void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n);
}
