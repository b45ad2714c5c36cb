package dev.precis.attention.model.gguf;

import dev.precis.kernels.quant.GgmlType;
import dev.precis.kernels.quant.QuantFormats;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes GGUF version 3 files: metadata in insertion order, then the tensor index, then the aligned data.
 * Tensor data is produced by a callback when the file is written, so multi-GB files stream without being
 * held in memory.
 */
public final class GgufWriter {

    /** Produces a tensor's bytes; must write exactly the size the type and shape call for. */
    @FunctionalInterface
    public interface TensorData {
        void write(OutputStream out) throws IOException;
    }

    private record Entry(String name, GgmlType type, long[] dims, long bytes, TensorData data) {
    }

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<Entry> tensors = new ArrayList<>();

    public GgufWriter put(String key, GgufValue value) {
        metadata.put(key, value);
        return this;
    }

    public GgufWriter putString(String key, String v) {
        return put(key, GgufValue.string(v));
    }

    public GgufWriter putU32(String key, long v) {
        return put(key, GgufValue.u32(v));
    }

    public GgufWriter putF32(String key, float v) {
        return put(key, GgufValue.f32(v));
    }

    public GgufWriter putBool(String key, boolean v) {
        return put(key, GgufValue.bool(v));
    }

    /** Adds a tensor whose bytes the callback writes ({@code dims[0]} fastest). */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, TensorData data) {
        long count = 1;
        for (long d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has dimension " + d);
            }
            count = Math.multiplyExact(count, d);
        }
        if (dims[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "': rows of " + dims[0] + " are not whole "
                    + type + " blocks of " + type.blockSize());
        }
        for (Entry e : tensors) {
            if (e.name.equals(name)) {
                throw new IllegalArgumentException("tensor '" + name + "' added twice");
            }
        }
        tensors.add(new Entry(name, type, dims.clone(), type.bytesFor(count), data));
        return this;
    }

    /** Adds a tensor from floats (row-major with {@code dims[0]} fastest), encoding it as {@code type}. */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, float[] values) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + values.length + " values for shape "
                    + java.util.Arrays.toString(dims));
        }
        int rowLen = (int) dims[0];
        return addTensor(name, type, dims, out -> {
            int rowBytes = (int) type.bytesFor(rowLen);
            ByteBuffer row = ByteBuffer.allocate(rowBytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < values.length / rowLen; r++) {
                QuantFormats.quantize(type, values, r * rowLen, rowLen, row, 0);
                out.write(row.array(), 0, rowBytes);
            }
        });
    }

    public void write(Path path) throws IOException {
        int alignment = GgufFile.DEFAULT_ALIGNMENT;
        GgufValue a = metadata.get("general.alignment");
        if (a != null) {
            alignment = (int) ((Number) a.value()).longValue();
        }
        try (CountingStream out = new CountingStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 20))) {
            out.i32(GgufFile.MAGIC);
            out.i32(3);
            out.i64(tensors.size());
            out.i64(metadata.size());
            for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
                out.string(e.getKey());
                out.i32(e.getValue().type().id());
                writeValue(out, e.getValue());
            }
            long offset = 0;
            long[] offsets = new long[tensors.size()];
            for (int i = 0; i < tensors.size(); i++) {
                Entry t = tensors.get(i);
                out.string(t.name);
                out.i32(t.dims.length);
                for (long d : t.dims) {
                    out.i64(d);
                }
                out.i32(t.type.id());
                offsets[i] = offset;
                out.i64(offset);
                offset += t.bytes;
                offset += (alignment - offset % alignment) % alignment;
            }
            out.pad(alignment);
            long dataStart = out.count;
            for (int i = 0; i < tensors.size(); i++) {
                Entry t = tensors.get(i);
                long before = out.count;
                t.data.write(out);
                if (out.count - before != t.bytes) {
                    throw new IllegalStateException("tensor '" + t.name + "' wrote " + (out.count - before)
                            + " bytes, its type and shape need " + t.bytes);
                }
                out.pad(alignment);
                if (i + 1 < tensors.size() && out.count - dataStart != offsets[i + 1]) {
                    throw new IllegalStateException("tensor layout mismatch at '" + t.name + "'");
                }
            }
        }
    }

    private static void writeValue(CountingStream out, GgufValue v) throws IOException {
        Object o = v.value();
        switch (v.type()) {
            case UINT8: case INT8: out.write(((Number) o).intValue()); break;
            case UINT16: case INT16: out.i16(((Number) o).intValue()); break;
            case UINT32: case INT32: out.i32(((Number) o).intValue()); break;
            case FLOAT32: out.i32(Float.floatToRawIntBits(((Number) o).floatValue())); break;
            case BOOL: out.write((Boolean) o ? 1 : 0); break;
            case STRING: out.string((String) o); break;
            case UINT64: case INT64: out.i64(((Number) o).longValue()); break;
            case FLOAT64: out.i64(Double.doubleToRawLongBits(((Number) o).doubleValue())); break;
            case ARRAY: writeArray(out, v); break;
            default: throw new IllegalStateException(v.type().toString());
        }
    }

    private static void writeArray(CountingStream out, GgufValue v) throws IOException {
        GgufType et = v.elementType();
        out.i32(et.id());
        int n = v.length();
        out.i64(n);
        Object o = v.value();
        for (int i = 0; i < n; i++) {
            switch (et) {
                case UINT8: case INT8: out.write(((byte[]) o)[i]); break;
                case UINT16: case INT16: out.i16(((short[]) o)[i]); break;
                case UINT32: case INT32: out.i32(((int[]) o)[i]); break;
                case FLOAT32: out.i32(Float.floatToRawIntBits(((float[]) o)[i])); break;
                case BOOL: out.write(((boolean[]) o)[i] ? 1 : 0); break;
                case STRING: out.string(((String[]) o)[i]); break;
                case UINT64: case INT64: out.i64(((long[]) o)[i]); break;
                case FLOAT64: out.i64(Double.doubleToRawLongBits(((double[]) o)[i])); break;
                case ARRAY: writeArray(out, ((GgufValue[]) o)[i]); break;
                default: throw new IllegalStateException(et.toString());
            }
        }
    }

    /** Little-endian output that counts its bytes (for offsets and padding). */
    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        void i16(int v) throws IOException {
            write(v & 0xFF);
            write((v >>> 8) & 0xFF);
        }

        void i32(int v) throws IOException {
            i16(v);
            i16(v >>> 16);
        }

        void i64(long v) throws IOException {
            i32((int) v);
            i32((int) (v >>> 32));
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            write(b, 0, b.length);
        }

        void pad(int alignment) throws IOException {
            while (count % alignment != 0) {
                write(0);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
