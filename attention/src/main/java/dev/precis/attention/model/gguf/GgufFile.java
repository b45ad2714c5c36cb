package dev.precis.attention.model.gguf;

import dev.precis.kernels.quant.GgmlType;
import dev.precis.kernels.quant.QuantFormats;
import dev.precis.kernels.quant.QuantMatrix;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GGUF file (version 2 or 3): metadata and tensor index read eagerly, tensor data memory-mapped on
 * request in pieces under 2 GB. Every malformed input ends in a {@link GgufException} that names the key
 * or tensor and the byte position; sizes are checked against the file length before anything is allocated,
 * so a corrupt count can neither exhaust memory nor make the reader loop.
 */
public final class GgufFile implements AutoCloseable {
    public static final int MAGIC = 0x46554747; // "GGUF" little-endian
    public static final int DEFAULT_ALIGNMENT = 32;
    /** Largest mapping: a ByteBuffer is indexed by int. */
    static final long MAX_MAP = Integer.MAX_VALUE;

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final int version;
    private final Map<String, GgufValue> metadata;
    private final Map<String, GgufTensorInfo> tensors;
    private final long dataStart;
    private final int alignment;

    private GgufFile(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.fileSize = channel.size();
        Reader in = new Reader(channel, fileSize);
        if (fileSize < 24) {
            throw new GgufException(path + ": not a GGUF file (" + fileSize + " bytes, shorter than a GGUF header)");
        }
        int magic = in.i32("magic");
        if (magic != MAGIC) {
            throw new GgufException(String.format("%s: not a GGUF file: magic 0x%08X, expected 0x%08X (\"GGUF\")",
                    path, magic, MAGIC));
        }
        version = in.i32("version");
        if (version != 2 && version != 3) {
            throw new GgufException(path + ": GGUF version " + version + " is not supported (Precis reads 2 and 3)");
        }
        long tensorCount = in.i64("tensor_count");
        long kvCount = in.i64("kv_count");
        // every kv pair takes at least 8 (key length) + 4 (type) bytes, every tensor info at least 8 + 4 + 4 + 8
        if (kvCount < 0 || kvCount > fileSize / 12) {
            throw new GgufException(path + ": kv_count " + kvCount + " is impossible for a file of " + fileSize + " bytes");
        }
        if (tensorCount < 0 || tensorCount > fileSize / 24) {
            throw new GgufException(path + ": tensor_count " + tensorCount + " is impossible for a file of "
                    + fileSize + " bytes");
        }
        Map<String, GgufValue> md = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = in.string("key of metadata entry " + i);
            int typeId = in.i32("type of key '" + key + "'");
            GgufType type = GgufType.byId(typeId);
            if (type == null) {
                throw new GgufException(path + ": key '" + key + "' has unknown value type " + typeId);
            }
            md.put(key, in.value(type, key));
        }
        metadata = Collections.unmodifiableMap(md);
        alignment = alignmentOf(md);
        Map<String, GgufTensorInfo> ts = new LinkedHashMap<>();
        long[] rel = new long[(int) tensorCount];
        String[] names = new String[(int) tensorCount];
        long[][] dims = new long[(int) tensorCount][];
        int[] types = new int[(int) tensorCount];
        for (int i = 0; i < tensorCount; i++) {
            names[i] = in.string("name of tensor " + i);
            int nd = in.i32("dimension count of tensor '" + names[i] + "'");
            if (nd < 1 || nd > 4) {
                throw new GgufException(path + ": tensor '" + names[i] + "' has " + nd + " dimensions (1 to 4 allowed)");
            }
            dims[i] = new long[nd];
            for (int d = 0; d < nd; d++) {
                dims[i][d] = in.i64("dimension " + d + " of tensor '" + names[i] + "'");
                if (dims[i][d] <= 0 || dims[i][d] > fileSize * 2) {
                    throw new GgufException(path + ": tensor '" + names[i] + "' has impossible dimension " + dims[i][d]);
                }
            }
            types[i] = in.i32("type of tensor '" + names[i] + "'");
            rel[i] = in.i64("offset of tensor '" + names[i] + "'");
        }
        long pos = in.position();
        dataStart = pos + (alignment - pos % alignment) % alignment;
        for (int i = 0; i < tensorCount; i++) {
            GgmlType t = GgmlType.byId(types[i]);
            if (rel[i] < 0 || rel[i] % alignment != 0) {
                throw new GgufException(path + ": tensor '" + names[i] + "' has offset " + rel[i]
                        + ", not a multiple of the alignment " + alignment);
            }
            GgufTensorInfo info = new GgufTensorInfo(names[i], dims[i], types[i], t, dataStart + rel[i]);
            if (t != null) {
                long count;
                try {
                    count = info.count();
                } catch (ArithmeticException e) {
                    throw new GgufException(path + ": tensor '" + names[i] + "' shape " + info.shape() + " overflows");
                }
                if (count % t.blockSize() != 0 || dims[i][0] % t.blockSize() != 0) {
                    throw new GgufException(path + ": tensor '" + names[i] + "' of type " + t + " has shape "
                            + info.shape() + ", whose rows are not whole blocks of " + t.blockSize());
                }
                long end = info.dataOffset() + info.bytes();
                if (end > fileSize) {
                    throw new GgufException(path + ": tensor '" + names[i] + "' data ends at byte " + end
                            + " but the file has " + fileSize + " bytes (truncated file?)");
                }
            }
            if (ts.put(names[i], info) != null) {
                throw new GgufException(path + ": tensor '" + names[i] + "' appears twice");
            }
        }
        tensors = Collections.unmodifiableMap(ts);
    }

    private int alignmentOf(Map<String, GgufValue> md) {
        GgufValue v = md.get("general.alignment");
        if (v == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (!(v.value() instanceof Long || v.value() instanceof Integer)) {
            throw new GgufException(path + ": key 'general.alignment' must be an integer, is " + v.type());
        }
        long a = ((Number) v.value()).longValue();
        if (a <= 0 || a > 1 << 20 || (a & (a - 1)) != 0) {
            throw new GgufException(path + ": key 'general.alignment' is " + a + ", not a power of two");
        }
        return (int) a;
    }

    /** Opens and indexes a GGUF file; the caller closes it. */
    public static GgufFile open(Path path) {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new GgufException("cannot open " + path + ": " + e.getMessage(), e);
        }
        try {
            return new GgufFile(path, ch);
        } catch (IOException | RuntimeException e) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof GgufException) {
                throw (GgufException) e;
            }
            throw new GgufException(path + ": cannot read: " + e, e);
        }
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    public int alignment() {
        return alignment;
    }

    public long fileSize() {
        return fileSize;
    }

    public Map<String, GgufValue> metadata() {
        return metadata;
    }

    public Map<String, GgufTensorInfo> tensors() {
        return tensors;
    }

    // ---- metadata accessors: each names the key when it is missing or of the wrong type

    public GgufValue value(String key) {
        GgufValue v = metadata.get(key);
        if (v == null) {
            throw new GgufException(path + ": required key '" + key + "' is missing");
        }
        return v;
    }

    public boolean has(String key) {
        return metadata.containsKey(key);
    }

    public String getString(String key) {
        GgufValue v = value(key);
        if (v.type() != GgufType.STRING) {
            throw wrongType(key, v, "a string");
        }
        return (String) v.value();
    }

    public String getString(String key, String dflt) {
        return has(key) ? getString(key) : dflt;
    }

    public long getLong(String key) {
        GgufValue v = value(key);
        switch (v.type()) {
            case UINT8: case INT8: case UINT16: case INT16: case UINT32: case INT32: case UINT64: case INT64:
                return ((Number) v.value()).longValue();
            default:
                throw wrongType(key, v, "an integer");
        }
    }

    public int getInt(String key) {
        long v = getLong(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new GgufException(path + ": key '" + key + "' is " + v + ", out of range");
        }
        return (int) v;
    }

    public int getInt(String key, int dflt) {
        return has(key) ? getInt(key) : dflt;
    }

    public double getDouble(String key) {
        GgufValue v = value(key);
        if (v.type() == GgufType.FLOAT32 || v.type() == GgufType.FLOAT64) {
            return ((Number) v.value()).doubleValue();
        }
        return getLong(key);
    }

    public double getDouble(String key, double dflt) {
        return has(key) ? getDouble(key) : dflt;
    }

    public boolean getBool(String key, boolean dflt) {
        if (!has(key)) {
            return dflt;
        }
        GgufValue v = value(key);
        if (v.type() != GgufType.BOOL) {
            throw wrongType(key, v, "a bool");
        }
        return (Boolean) v.value();
    }

    public String[] getStringArray(String key) {
        GgufValue v = value(key);
        if (v.type() != GgufType.ARRAY || v.elementType() != GgufType.STRING) {
            throw wrongType(key, v, "an array of strings");
        }
        return (String[]) v.value();
    }

    public float[] getFloatArray(String key) {
        GgufValue v = value(key);
        if (v.type() != GgufType.ARRAY || v.elementType() != GgufType.FLOAT32) {
            throw wrongType(key, v, "an array of f32");
        }
        return (float[]) v.value();
    }

    public int[] getIntArray(String key) {
        GgufValue v = value(key);
        if (v.type() != GgufType.ARRAY || (v.elementType() != GgufType.INT32 && v.elementType() != GgufType.UINT32)) {
            throw wrongType(key, v, "an array of i32");
        }
        return (int[]) v.value();
    }

    private GgufException wrongType(String key, GgufValue v, String expected) {
        String actual = v.type() == GgufType.ARRAY ? "an array of " + v.elementType() : v.type().toString();
        return new GgufException(path + ": key '" + key + "' should be " + expected + " but is " + actual);
    }

    // ---- tensors

    public GgufTensorInfo tensor(String name) {
        GgufTensorInfo t = tensors.get(name);
        if (t == null) {
            throw new GgufException(path + ": tensor '" + name + "' is missing");
        }
        if (t.type() == null) {
            throw new GgufException(path + ": tensor '" + name + "' has type id " + t.typeId()
                    + ", which Precis does not support (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K)");
        }
        return t;
    }

    /** Checks a tensor's shape (GGUF order: fastest dimension first) and returns its info. */
    public GgufTensorInfo tensor(String name, long... expectedDims) {
        GgufTensorInfo t = tensor(name);
        if (!java.util.Arrays.equals(t.dims(), expectedDims)) {
            throw new GgufException(path + ": tensor '" + name + "' has shape " + t.shape() + ", expected "
                    + java.util.Arrays.toString(expectedDims));
        }
        return t;
    }

    /**
     * Maps a tensor's data in buffers of whole rows of {@code rowBytes}, each under 2 GB. Little-endian,
     * read-only.
     */
    public ByteBuffer[] map(GgufTensorInfo t, long rowBytes) {
        long total = t.bytes();
        if (rowBytes <= 0 || total % rowBytes != 0 || rowBytes > MAX_MAP) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' of " + total + " bytes cannot be split in rows of "
                    + rowBytes);
        }
        long rowsPerChunk = Math.max(1, MAX_MAP / rowBytes);
        long rows = total / rowBytes;
        int n = (int) ((rows + rowsPerChunk - 1) / rowsPerChunk);
        ByteBuffer[] out = new ByteBuffer[n];
        try {
            for (int i = 0; i < n; i++) {
                long r0 = i * rowsPerChunk;
                long len = Math.min(rowsPerChunk, rows - r0) * rowBytes;
                out[i] = channel.map(FileChannel.MapMode.READ_ONLY, t.dataOffset() + r0 * rowBytes, len)
                        .order(ByteOrder.LITTLE_ENDIAN);
            }
        } catch (IOException e) {
            throw new GgufException(path + ": cannot map tensor '" + t.name() + "': " + e.getMessage(), e);
        }
        return out;
    }

    /** Rows per mapped buffer for rows of {@code rowBytes}, as {@link #map} splits them. */
    public static int rowsPerChunk(long rowBytes, long rows) {
        return (int) Math.min(rows, Math.max(1, MAX_MAP / rowBytes));
    }

    /**
     * A 2-D tensor of {@code rows x cols} as a matrix the kernels compute on. Q4_K and Q6_K are dequantized
     * to F32 here (the kernels compute on the other types directly).
     */
    public QuantMatrix matrix(String name, int rows, int cols) {
        GgufTensorInfo t = tensor(name, cols, rows);
        GgmlType type = t.type();
        long rowBytes = type.bytesFor(cols);
        ByteBuffer[] chunks = map(t, rowBytes);
        int perChunk = rowsPerChunk(rowBytes, rows);
        if (type.isComputable()) {
            return new QuantMatrix(type, rows, cols, chunks, perChunk);
        }
        int perF32 = rowsPerChunk(4L * cols, rows);
        ByteBuffer[] f32 = new ByteBuffer[(rows + perF32 - 1) / perF32];
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            if (r % perF32 == 0) {
                f32[r / perF32] = ByteBuffer.allocateDirect(Math.min(perF32, rows - r) * 4 * cols)
                        .order(ByteOrder.LITTLE_ENDIAN);
            }
            QuantFormats.dequantize(type, chunks[r / perChunk], (r % perChunk) * rowBytes, row, 0, cols);
            ByteBuffer dst = f32[r / perF32];
            int base = (r % perF32) * 4 * cols;
            for (int i = 0; i < cols; i++) {
                dst.putFloat(base + 4 * i, row[i]);
            }
        }
        return new QuantMatrix(GgmlType.F32, rows, cols, f32, perF32);
    }

    /** A 1-D tensor of {@code n} values (norm weights), as floats. */
    public float[] vector(String name, int n) {
        GgufTensorInfo t = tensor(name, n);
        float[] out = new float[n];
        ByteBuffer[] b = map(t, t.bytes());
        QuantFormats.dequantize(t.type(), b[0], 0, out, 0, n);
        return out;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new GgufException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }

    /** Buffered little-endian reading with the file size as the bound for every length. */
    private final class Reader {
        private final FileChannel ch;
        private final long size;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private long bufStart; // file position of buf[0]

        Reader(FileChannel ch, long size) {
            this.ch = ch;
            this.size = size;
            buf.limit(0);
        }

        long position() {
            return bufStart + buf.position();
        }

        private void need(int n, String what) throws IOException {
            if (buf.remaining() >= n) {
                return;
            }
            if (position() + n > size) {
                throw new GgufException(path + ": file truncated at byte " + position() + " while reading " + what
                        + " (file has " + size + " bytes)");
            }
            bufStart = position();
            buf.compact();
            while (buf.position() < n) {
                if (ch.read(buf, bufStart + buf.position()) < 0) {
                    throw new EOFException();
                }
            }
            buf.flip();
        }

        int i32(String what) throws IOException {
            need(4, what);
            return buf.getInt();
        }

        long i64(String what) throws IOException {
            need(8, what);
            return buf.getLong();
        }

        String string(String what) throws IOException {
            long len = i64(what);
            if (len < 0 || len > size - position()) {
                throw new GgufException(path + ": string length " + len + " at byte " + (position() - 8)
                        + " runs past the end of the file while reading " + what);
            }
            byte[] b = new byte[(int) len];
            int done = 0;
            while (done < len) {
                need(Math.min(buf.capacity(), (int) len - done), what);
                int k = Math.min(buf.remaining(), (int) len - done);
                buf.get(b, done, k);
                done += k;
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw new GgufException(path + ": " + what + " is not valid UTF-8");
            }
        }

        GgufValue value(GgufType type, String key) throws IOException {
            String what = "the value of key '" + key + "'";
            switch (type) {
                case UINT8: need(1, what); return GgufValue.of(type, buf.get() & 0xFF);
                case INT8: need(1, what); return GgufValue.of(type, (int) buf.get());
                case UINT16: need(2, what); return GgufValue.of(type, buf.getShort() & 0xFFFF);
                case INT16: need(2, what); return GgufValue.of(type, (int) buf.getShort());
                case UINT32: need(4, what); return GgufValue.of(type, buf.getInt() & 0xFFFFFFFFL);
                case INT32: need(4, what); return GgufValue.of(type, buf.getInt());
                case FLOAT32: need(4, what); return GgufValue.of(type, buf.getFloat());
                case BOOL: {
                    need(1, what);
                    int b = buf.get();
                    if (b != 0 && b != 1) {
                        throw new GgufException(path + ": key '" + key + "' is a bool with byte value " + b);
                    }
                    return GgufValue.of(type, b == 1);
                }
                case STRING: return GgufValue.string(string(what));
                case UINT64: case INT64: need(8, what); return GgufValue.of(type, buf.getLong());
                case FLOAT64: need(8, what); return GgufValue.of(type, buf.getDouble());
                case ARRAY: return array(key, what);
                default: throw new IllegalStateException(type.toString());
            }
        }

        private GgufValue array(String key, String what) throws IOException {
            int et = i32(what);
            GgufType elem = GgufType.byId(et);
            if (elem == null) {
                throw new GgufException(path + ": key '" + key + "' is an array of unknown type " + et);
            }
            long count = i64(what);
            if (count < 0 || count > (size - position()) / elem.minBytes()) {
                throw new GgufException(path + ": key '" + key + "' claims " + count + " elements, more than the "
                        + (size - position()) + " bytes left in the file");
            }
            int n = (int) count;
            switch (elem) {
                case UINT8: case INT8: {
                    byte[] a = new byte[n];
                    for (int i = 0; i < n; i++) { need(1, what); a[i] = buf.get(); }
                    return GgufValue.array(elem, a);
                }
                case UINT16: case INT16: {
                    short[] a = new short[n];
                    for (int i = 0; i < n; i++) { need(2, what); a[i] = buf.getShort(); }
                    return GgufValue.array(elem, a);
                }
                case UINT32: case INT32: {
                    int[] a = new int[n];
                    for (int i = 0; i < n; i++) { need(4, what); a[i] = buf.getInt(); }
                    return GgufValue.array(elem, a);
                }
                case UINT64: case INT64: {
                    long[] a = new long[n];
                    for (int i = 0; i < n; i++) { need(8, what); a[i] = buf.getLong(); }
                    return GgufValue.array(elem, a);
                }
                case FLOAT32: {
                    float[] a = new float[n];
                    for (int i = 0; i < n; i++) { need(4, what); a[i] = buf.getFloat(); }
                    return GgufValue.array(elem, a);
                }
                case FLOAT64: {
                    double[] a = new double[n];
                    for (int i = 0; i < n; i++) { need(8, what); a[i] = buf.getDouble(); }
                    return GgufValue.array(elem, a);
                }
                case BOOL: {
                    boolean[] a = new boolean[n];
                    for (int i = 0; i < n; i++) { need(1, what); a[i] = buf.get() != 0; }
                    return GgufValue.array(elem, a);
                }
                case STRING: {
                    String[] a = new String[n];
                    for (int i = 0; i < n; i++) { a[i] = string(what + " element " + i); }
                    return GgufValue.array(elem, a);
                }
                case ARRAY: {
                    GgufValue[] a = new GgufValue[n];
                    for (int i = 0; i < n; i++) { a[i] = array(key, what); }
                    return GgufValue.array(elem, a);
                }
                default:
                    throw new IllegalStateException(elem.toString());
            }
        }
    }
}
