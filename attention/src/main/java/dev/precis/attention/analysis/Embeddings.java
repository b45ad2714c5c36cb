package dev.precis.attention.analysis;

/**
 * The process-wide sentence encoder: loaded once on first use (the model is 23 MB and onnxruntime
 * sessions are thread-safe), shared by every analyzer in the JVM. When it cannot start, analyzers fall
 * back to lexical vectors and say so in their version string.
 */
final class Embeddings {
    private static final System.Logger LOG = System.getLogger(Embeddings.class.getName());
    private static volatile SentenceEncoder shared;
    private static volatile String failure;

    private Embeddings() {}

    /** The shared encoder, or null when it could not be loaded (the reason is logged once). */
    static SentenceEncoder get() {
        if (shared == null && failure == null) {
            synchronized (Embeddings.class) {
                if (shared == null && failure == null) {
                    try {
                        // One thread by default: a batch job runs one analyzer per core already, and
                        // onnxruntime threads competing with them are slower than none.
                        int threads = Integer.getInteger("precis.embed.threads", 1);
                        shared = OnnxSentenceEncoder.load(threads, 200_000);
                    } catch (RuntimeException | LinkageError e) {
                        // Native libraries (onnxruntime, the tokenizer) can fail to load in odd class
                        // loaders or on unusual platforms: summaries then use term vectors only.
                        failure = e.getMessage();
                        LOG.log(System.Logger.Level.WARNING, "sentence embeddings unavailable, using lexical vectors only: " + failure);
                    }
                }
            }
        }
        return shared;
    }
}
