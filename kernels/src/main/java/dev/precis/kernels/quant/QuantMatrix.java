package dev.precis.kernels.quant;

import dev.precis.kernels.SpinTeam;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * A weight matrix in one of the computable GGML types: {@code rows} output rows of {@code cols} inputs each,
 * each row stored contiguously (GGUF {@code dims = [cols, rows]}).
 *
 * <p>The bytes may exceed 2 GB, so they live in several buffers (typically memory-mapped); each buffer holds
 * {@code rowsPerChunk} whole rows. Products run on {@link QuantKernels#get()} split across a fork–join pool.
 */
public final class QuantMatrix {
    private final GgmlType type;
    private final int rows;
    private final int cols;
    private final long rowBytes;
    private final ByteBuffer[] chunks; // each holds rowsPerChunk rows (the last may hold fewer), little-endian
    private final int rowsPerChunk;
    /** Q8_0 and Q4_0 in the heap: block codes and block scales apart (see {@link #resident()}); else null. */
    private final Split split;

    /**
     * Q8_0 or Q4_0 weights held as two heap arrays per chunk of rows: the codes of every block back to back
     * ({@code codesPerRow} bytes a row: 32 a block for Q8_0, 16 for Q4_0, in the GGUF order) and the block
     * scales widened to f32 ({@code cols / 32} a row, then {@link #SCALE_PAD} unused). The f32 scale is the f16
     * one exactly.
     */
    record Split(byte[][] codes, float[][] scales, int codesPerRow, int blocksPerRow) {
    }

    /**
     * Floats of room after the scales of each chunk of a {@link Split}: vector kernels may load a whole vector
     * of scales where the last row needs only a few (64: the widest vector of f32 lanes, 2048 bits).
     */
    static final int SCALE_PAD = 64;

    public QuantMatrix(GgmlType type, int rows, int cols, ByteBuffer[] chunks, int rowsPerChunk) {
        if (!type.isComputable()) {
            throw new IllegalArgumentException(type + " must be dequantized before use as a matrix");
        }
        if (rows <= 0 || cols <= 0 || cols % type.blockSize() != 0) {
            throw new IllegalArgumentException("bad " + type + " matrix shape " + rows + "x" + cols
                    + " (cols must be a multiple of " + type.blockSize() + ")");
        }
        this.type = type;
        this.rows = rows;
        this.cols = cols;
        this.rowBytes = type.bytesFor(cols);
        if (rowsPerChunk <= 0 || (long) rowsPerChunk * rowBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rowsPerChunk " + rowsPerChunk + " does not fit a buffer");
        }
        int needed = (rows + rowsPerChunk - 1) / rowsPerChunk;
        if (chunks.length != needed) {
            throw new IllegalArgumentException(rows + " rows in chunks of " + rowsPerChunk + " need " + needed
                    + " buffers, got " + chunks.length);
        }
        this.chunks = new ByteBuffer[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            long expect = (long) Math.min(rowsPerChunk, rows - i * rowsPerChunk) * rowBytes;
            if (chunks[i].remaining() < expect) {
                throw new IllegalArgumentException("buffer " + i + " holds " + chunks[i].remaining()
                        + " bytes, rows need " + expect);
            }
            this.chunks[i] = chunks[i].slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        this.rowsPerChunk = rowsPerChunk;
        this.split = null;
    }

    private QuantMatrix(GgmlType type, int rows, int cols, int rowsPerChunk, Split split) {
        this.type = type;
        this.rows = rows;
        this.cols = cols;
        this.rowBytes = type.bytesFor(cols);
        this.chunks = null;
        this.rowsPerChunk = rowsPerChunk;
        this.split = split;
    }

    /** A matrix over one heap or direct buffer holding all rows (under 2 GB). */
    public static QuantMatrix of(GgmlType type, int rows, int cols, ByteBuffer data) {
        return new QuantMatrix(type, rows, cols, new ByteBuffer[] {data}, rows);
    }

    /**
     * This matrix with its bytes copied into the Java heap. Products then read the weights where they lie
     * (no per-row copy out of a mapped buffer), and on huge pages where the JVM uses them: the weights are
     * streamed once per token, and with 4 KB mapped pages every stream pays TLB misses.
     *
     * <p>Q8_0 and Q4_0 are laid out anew on the way ({@link Split}): codes apart from scales, and the scales
     * widened to f32 once here instead of converted from f16 in every product (that conversion cost more than
     * the block's integer dot product). The copy holds 2 more bytes per 32 weights than the file.
     */
    public QuantMatrix resident() {
        if (split != null) {
            return this;
        }
        if (needsQ8()) {
            boolean q8 = type == GgmlType.Q8_0;
            int blocks = cols / 32;
            int codesPerRow = q8 ? cols : cols / 2;
            int blockBytes = q8 ? 34 : 18;
            byte[][] codes = new byte[chunks.length][];
            float[][] scales = new float[chunks.length][];
            for (int i = 0; i < chunks.length; i++) {
                int n = Math.min(rowsPerChunk, rows - i * rowsPerChunk);
                codes[i] = new byte[n * codesPerRow];
                scales[i] = new float[n * blocks + SCALE_PAD];
                // rows are whole blocks back to back, so the chunk is one run of n * blocks blocks
                splitBlocks(chunks[i], 0, n * blocks, blockBytes - 2, codes[i], 0, scales[i], 0);
            }
            return new QuantMatrix(type, rows, cols, rowsPerChunk, new Split(codes, scales, codesPerRow, blocks));
        }
        ByteBuffer[] copies = new ByteBuffer[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            byte[] a = new byte[chunks[i].remaining()];
            chunks[i].duplicate().get(a);
            copies[i] = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
        }
        return new QuantMatrix(type, rows, cols, copies, rowsPerChunk);
    }

    /**
     * Copies {@code blocks} Q8_0 or Q4_0 blocks (an f16 scale, then {@code codesPerBlock} code bytes each) from
     * {@code src} at {@code srcOff} into the split layout: codes back to back from {@code codesOff}, scales as
     * f32 from {@code scalesOff}.
     */
    static void splitBlocks(ByteBuffer src, int srcOff, int blocks, int codesPerBlock, byte[] codes, int codesOff,
            float[] scales, int scalesOff) {
        int blockBytes = codesPerBlock + 2;
        for (int b = 0; b < blocks; b++) {
            int at = srcOff + b * blockBytes;
            scales[scalesOff + b] = Float16.toFloat(src.getShort(at));
            src.get(at + 2, codes, codesOff + b * codesPerBlock, codesPerBlock);
        }
    }

    /** Whether the bytes live in the Java heap ({@link #resident()}) rather than in mapped or direct buffers. */
    public boolean isResident() {
        return split != null || chunks[0].hasArray();
    }

    /** The split heap layout of Q8_0 and Q4_0 weights ({@link #resident()}), or null. */
    Split split() {
        return split;
    }

    /** The index of the chunk (of {@link #split()}'s arrays or of the buffers) holding row {@code r}. */
    int chunkIndex(int r) {
        return r / rowsPerChunk;
    }

    /** Row {@code r}'s position among the rows of its chunk. */
    int rowInChunk(int r) {
        return r % rowsPerChunk;
    }

    /** Quantizes a row-major {@code rows x cols} float matrix. */
    public static QuantMatrix quantize(GgmlType type, float[] values, int rows, int cols) {
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException(values.length + " values for a " + rows + "x" + cols + " matrix");
        }
        long bytes = type.bytesFor(cols) * rows;
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
        int rb = (int) type.bytesFor(cols);
        for (int r = 0; r < rows; r++) {
            QuantFormats.quantize(type, values, r * cols, cols, buf, r * rb);
        }
        return of(type, rows, cols, buf);
    }

    public GgmlType type() {
        return type;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Bytes of one row. */
    public long rowBytes() {
        return rowBytes;
    }

    /** Total bytes of the weights (what one matrix–vector product reads). */
    public long bytes() {
        return rowBytes * rows;
    }

    /**
     * The buffer holding row {@code r} in the GGUF layout. For a split matrix ({@link #split()}) this is a new
     * buffer with that one row put back together, at offset 0 ({@link #offsetOf(int)}).
     */
    ByteBuffer chunkOf(int r) {
        return split == null ? chunks[r / rowsPerChunk] : joinedRow(r);
    }

    /** Byte offset of row {@code r} inside {@link #chunkOf(int)}. */
    int offsetOf(int r) {
        return split == null ? (int) ((r % rowsPerChunk) * rowBytes) : 0;
    }

    /** Row {@code r} of a split matrix in the GGUF layout again: f16 scale, then the block's codes. */
    private ByteBuffer joinedRow(int r) {
        int c = chunkIndex(r);
        int i = rowInChunk(r);
        int codesPerBlock = split.codesPerRow() / split.blocksPerRow();
        ByteBuffer row = ByteBuffer.allocate((int) rowBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int b = 0; b < split.blocksPerRow(); b++) {
            row.putShort(Float16.fromFloat(split.scales()[c][i * split.blocksPerRow() + b]));
            row.put(split.codes()[c], i * split.codesPerRow() + b * codesPerBlock, codesPerBlock);
        }
        return row.flip();
    }

    /** Decodes row {@code r} into {@code dst[off..off+cols)} (the embedding lookup). */
    public void row(int r, float[] dst, int off) {
        checkIndex(r, rows, "row");
        QuantFormats.dequantize(type, chunkOf(r), offsetOf(r), dst, off, cols);
    }

    /** {@code out[r] = row_r · x} for every row, with the default kernels and all cores. */
    public void matvec(float[] x, float[] out) {
        matvec(QuantKernels.get(), x, out);
    }

    /** {@code out[r] = row_r · x} with the given kernels. */
    public void matvec(QuantKernels k, float[] x, float[] out) {
        if (x.length < cols || out.length < rows) {
            throw new IllegalArgumentException("matvec " + rows + "x" + cols + " with x[" + x.length + "] out["
                    + out.length + "]");
        }
        Q8Activations xq = needsQ8() ? new Q8Activations(cols).quantize(x, 0, cols) : null;
        if (xq != null) {
            k.prepare(this, xq);
        }
        // Decode runs these back to back, most in well under 100 µs: on the spinning team when it is free.
        SpinTeam team = SpinTeam.shared();
        int pieces = Math.max(1, Math.min(team.size() * 4, rows / 64));
        if (!team.tryRun(pieces, p -> k.matvec(this, x, xq, out, (int) ((long) rows * p / pieces),
                (int) ((long) rows * (p + 1) / pieces)))) {
            split(rows, 64, (r0, r1) -> k.matvec(this, x, xq, out, r0, r1));
        }
    }

    /**
     * Matrix–matrix product for a tile of tokens: {@code x} holds {@code n} rows of {@code cols} values,
     * {@code out} gets {@code n} rows of {@code rows} values ({@code out[t * rows + r] = row_r · x_t}).
     */
    public void matmul(float[] x, int n, float[] out) {
        matmul(QuantKernels.get(), x, n, out);
    }

    public void matmul(QuantKernels k, float[] x, int n, float[] out) {
        if (n <= 0 || x.length < (long) n * cols || out.length < (long) n * rows) {
            throw new IllegalArgumentException("matmul " + rows + "x" + cols + " by " + n + " tokens with x["
                    + x.length + "] out[" + out.length + "]");
        }
        split(rows, 16, (r0, r1) -> k.matmul(this, x, n, out, r0, r1));
    }

    boolean needsQ8() {
        return type == GgmlType.Q8_0 || type == GgmlType.Q4_0;
    }

    /** A range of rows handed to one worker. */
    @FunctionalInterface
    interface RowRange {
        void run(int r0, int r1);
    }

    /** Splits {@code [0, n)} into pieces of at least {@code grain} rows across the common pool. */
    static void split(int n, int grain, RowRange body) {
        int workers = ForkJoinPool.getCommonPoolParallelism() + 1;
        if (n <= grain || workers <= 1) {
            body.run(0, n);
            return;
        }
        int pieces = Math.min(workers * 4, (n + grain - 1) / grain);
        ForkJoinPool.commonPool().invoke(new Piece(body, n, pieces, 0, pieces));
    }

    private static final class Piece extends RecursiveAction {
        private final RowRange body;
        private final int n;
        private final int pieces;
        private final int lo;
        private final int hi;

        Piece(RowRange body, int n, int pieces, int lo, int hi) {
            this.body = body;
            this.n = n;
            this.pieces = pieces;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                int r0 = (int) ((long) n * lo / pieces);
                int r1 = (int) ((long) n * hi / pieces);
                if (r1 > r0) {
                    body.run(r0, r1);
                }
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Piece(body, n, pieces, lo, mid), new Piece(body, n, pieces, mid, hi));
        }
    }

    static void checkIndex(int i, int n, String what) {
        if (i < 0 || i >= n) {
            throw new IllegalArgumentException(what + " " + i + " out of range [0, " + n + ")");
        }
    }
}
