package dev.precis.attention.analysis;

/** Small dense-vector helpers for the analyzers. */
final class Vectors {
    private Vectors() {}

    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Divides by {@code count} (mean pooling) and scales to unit length; a zero vector stays zero. */
    static void normalize(float[] v, int count) {
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] /= count;
            norm += (double) v[i] * v[i];
        }
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
    }
}
