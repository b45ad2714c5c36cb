package dev.precis.index.vectors;

import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99FlatVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsReader;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99ScalarQuantizedVectorsReader;
import org.apache.lucene.codecs.lucene99.Lucene99ScalarQuantizedVectorsWriter;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's int8 HNSW vectors ({@link Lucene99HnswScalarQuantizedVectorsFormat} with its defaults: 16
 * connections, beam 100, 7 bits, float vectors kept for merges) with the {@link Int8VectorScorer}: the
 * files are Lucene's, byte for byte; only the scoring of quantized vectors, in searches and in graph
 * builds, runs on the Vector API. Segments record this format's name, so reading them needs this class
 * (registered as a service); segments written by Lucene's format stay readable by it.
 */
public final class Int8HnswVectorsFormat extends KnnVectorsFormat {
    public static final String NAME = "PrecisInt8Hnsw";
    private static final int MAX_CONN = 16;
    private static final int BEAM_WIDTH = 100;
    private static final byte BITS = 7;

    private final FlatVectorsFormat raw = new Lucene99FlatVectorsFormat(FlatVectorScorerUtil.getLucene99FlatVectorsScorer());
    private final Int8VectorScorer scorer = new Int8VectorScorer();

    public Int8HnswVectorsFormat() {
        super(NAME);
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        Lucene99ScalarQuantizedVectorsWriter flat = new Lucene99ScalarQuantizedVectorsWriter(state, null, BITS, false,
                raw.fieldsWriter(state), scorer);
        return new Lucene99HnswVectorsWriter(state, MAX_CONN, BEAM_WIDTH, flat, 1, null);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return new Lucene99HnswVectorsReader(state, new Lucene99ScalarQuantizedVectorsReader(state, raw.fieldsReader(state), scorer));
    }

    @Override
    public String toString() {
        return NAME + "(maxConn=" + MAX_CONN + ", beamWidth=" + BEAM_WIDTH + ", bits=" + BITS + ", scorer=Vector API int8)";
    }
}
