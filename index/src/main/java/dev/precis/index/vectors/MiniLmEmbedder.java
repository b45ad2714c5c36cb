package dev.precis.index.vectors;

import dev.langchain4j.data.embedding.Embedding;
import dev.precis.attention.analysis.OnnxLibraries;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (int8-quantized ONNX, shipped inside its jar, so nothing is downloaded): 384
 * dimensions, about 256 word pieces of context. Loading the model takes a second, so one instance is
 * shared per JVM; the ONNX session is safe to call from several threads.
 */
public final class MiniLmEmbedder implements Embedder {
    public static final int DIMENSION = 384;

    private static volatile MiniLmEmbedder shared;

    private final AllMiniLmL6V2QuantizedEmbeddingModel model;

    private MiniLmEmbedder() {
        OnnxLibraries.useDefaultCache(); // before the model starts onnxruntime
        model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    /** The JVM-wide instance, loaded on first use. */
    public static MiniLmEmbedder shared() {
        MiniLmEmbedder e = shared;
        if (e == null) {
            synchronized (MiniLmEmbedder.class) {
                e = shared;
                if (e == null) {
                    e = new MiniLmEmbedder();
                    shared = e;
                }
            }
        }
        return e;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] embed(String text) {
        return Embedder.normalize(model.embed(text).content().vector());
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String t : texts) {
            segments.add(TextSegment.from(t.isBlank() ? "." : t));
        }
        List<float[]> out = new ArrayList<>(texts.size());
        for (Embedding e : model.embedAll(segments).content()) {
            out.add(Embedder.normalize(e.vector()));
        }
        return out;
    }
}
