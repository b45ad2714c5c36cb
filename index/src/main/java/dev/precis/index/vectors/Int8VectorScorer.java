package dev.precis.index.vectors;

import dev.precis.kernels.VectorMath;
import java.io.IOException;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.apache.lucene.codecs.hnsw.ScalarQuantizedVectorScorer;
import org.apache.lucene.codecs.lucene99.Lucene99ScalarQuantizedVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;
import org.apache.lucene.util.quantization.RandomAccessQuantizedByteVectorValues;
import org.apache.lucene.util.quantization.ScalarQuantizer;

/**
 * Scores int8 (7-bit scalar-quantized) vectors under dot-product similarity with the project's Vector API
 * byte dot product ({@link VectorMath#dotBytes}), where Lucene 9.12 on Java 17 runs a scalar loop: nearly
 * half of a kNN graph search's time and half of a vector merge's went there. The score is Lucene's, term for term
 * (the quantized dot product is an exact integer either way, and the corrections are applied in the same
 * order), so searches and graph builds find exactly what {@link Lucene99ScalarQuantizedVectorScorer}
 * finds ({@code Int8HnswVectorsFormatTest}). Other similarities, other bit widths and float vectors go to
 * Lucene's scorer, as does everything when the JVM runs without the Vector API module.
 */
final class Int8VectorScorer implements FlatVectorsScorer {
    /** Whether {@code jdk.incubator.vector} is present (every Precis process adds it). */
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private final FlatVectorsScorer lucene = new Lucene99ScalarQuantizedVectorScorer(FlatVectorScorerUtil.getLucene99FlatVectorsScorer());

    @Override
    public RandomVectorScorerSupplier getRandomVectorScorerSupplier(VectorSimilarityFunction similarity,
            RandomAccessVectorValues values) throws IOException {
        if (values instanceof RandomAccessQuantizedByteVectorValues quantized && handles(similarity, quantized)) {
            return new Supplier(quantized);
        }
        return lucene.getRandomVectorScorerSupplier(similarity, values);
    }

    @Override
    public RandomVectorScorer getRandomVectorScorer(VectorSimilarityFunction similarity, RandomAccessVectorValues values,
            float[] target) throws IOException {
        if (values instanceof RandomAccessQuantizedByteVectorValues quantized && handles(similarity, quantized)) {
            ScalarQuantizer quantizer = quantized.getScalarQuantizer();
            byte[] query = new byte[target.length];
            float queryOffset = ScalarQuantizedVectorScorer.quantizeQuery(target, query, similarity, quantizer);
            return new Scorer(quantized, query, queryOffset);
        }
        return lucene.getRandomVectorScorer(similarity, values, target);
    }

    @Override
    public RandomVectorScorer getRandomVectorScorer(VectorSimilarityFunction similarity, RandomAccessVectorValues values,
            byte[] target) throws IOException {
        return lucene.getRandomVectorScorer(similarity, values, target);
    }

    /** Dot product over one byte per dimension (more than 4 bits: 4-bit vectors may be packed two to a byte). */
    private static boolean handles(VectorSimilarityFunction similarity, RandomAccessQuantizedByteVectorValues values) {
        return VECTOR_API && similarity == VectorSimilarityFunction.DOT_PRODUCT
                && values.getScalarQuantizer().getBits() > 4 && values.getVectorByteLength() == values.dimension();
    }

    /**
     * Lucene's quantized dot-product score: the integer dot product scaled by the quantizer's constant,
     * plus both vectors' offset corrections, mapped from [-1, 1] to [0, 1].
     */
    static float score(int dot, float constMultiplier, float queryOffset, float vectorOffset) {
        float adjusted = dot * constMultiplier + queryOffset + vectorOffset;
        return Math.max((1 + adjusted) / 2, 0);
    }

    /** Scores the stored vectors against one quantized query. */
    private static final class Scorer extends RandomVectorScorer.AbstractRandomVectorScorer {
        private final RandomAccessQuantizedByteVectorValues values;
        private final byte[] query;
        private final float queryOffset;
        private final float constMultiplier;

        Scorer(RandomAccessQuantizedByteVectorValues values, byte[] query, float queryOffset) {
            super(values);
            this.values = values;
            this.query = query;
            this.queryOffset = queryOffset;
            this.constMultiplier = values.getScalarQuantizer().getConstantMultiplier();
        }

        @Override
        public float score(int node) throws IOException {
            byte[] v = values.vectorValue(node);
            float vectorOffset = values.getScoreCorrectionConstant(node);
            return Int8VectorScorer.score(VectorMath.dotBytes(v, 0, query, 0, query.length), constMultiplier, queryOffset, vectorOffset);
        }
    }

    /**
     * Scorers of stored vectors against one of them, as a graph build (flush or merge) asks for. As in
     * Lucene's supplier, the scorers of one supplier read the stored vectors through one copy of the values
     * (a build thread uses its own supplier copy) and each query vector is taken out of a second one.
     */
    private static final class Supplier implements RandomVectorScorerSupplier {
        private final RandomAccessQuantizedByteVectorValues values;
        private final RandomAccessQuantizedByteVectorValues queries;
        private final RandomAccessQuantizedByteVectorValues targets;

        Supplier(RandomAccessQuantizedByteVectorValues values) throws IOException {
            this.values = values;
            this.queries = values.copy();
            this.targets = values.copy();
        }

        @Override
        public RandomVectorScorer scorer(int ord) throws IOException {
            // cloned: the values hand out one buffer, and a build may hold several scorers at once
            byte[] query = queries.vectorValue(ord).clone();
            return new Scorer(targets, query, queries.getScoreCorrectionConstant(ord));
        }

        @Override
        public RandomVectorScorerSupplier copy() throws IOException {
            return new Supplier(values.copy());
        }
    }
}
