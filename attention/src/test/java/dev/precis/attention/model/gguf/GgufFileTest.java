package dev.precis.attention.model.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.kernels.quant.GgmlType;
import dev.precis.kernels.quant.QuantMatrix;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufFileTest {
    @TempDir
    Path dir;

    private static GgufWriter sample() {
        GgufWriter w = new GgufWriter();
        w.put("u8", GgufValue.of(GgufType.UINT8, 200));
        w.put("i8", GgufValue.of(GgufType.INT8, -5));
        w.put("u16", GgufValue.of(GgufType.UINT16, 60000));
        w.put("i16", GgufValue.of(GgufType.INT16, -300));
        w.put("u32", GgufValue.u32(4_000_000_000L));
        w.put("i32", GgufValue.i32(-7));
        w.put("f32", GgufValue.f32(1.5f));
        w.put("bool", GgufValue.bool(true));
        w.put("str", GgufValue.string("héllo ▁ 世界"));
        w.put("u64", GgufValue.of(GgufType.UINT64, -1L));
        w.put("i64", GgufValue.of(GgufType.INT64, Long.MIN_VALUE));
        w.put("f64", GgufValue.of(GgufType.FLOAT64, Math.PI));
        w.put("a.u8", GgufValue.array(GgufType.UINT8, new byte[] {1, (byte) 255}));
        w.put("a.i16", GgufValue.array(GgufType.INT16, new short[] {-1, 2}));
        w.put("a.i32", GgufValue.array(GgufType.INT32, new int[] {1, 2, 3}));
        w.put("a.u64", GgufValue.array(GgufType.UINT64, new long[] {5, 6}));
        w.put("a.f32", GgufValue.array(GgufType.FLOAT32, new float[] {0.25f, -1f}));
        w.put("a.f64", GgufValue.array(GgufType.FLOAT64, new double[] {2.5}));
        w.put("a.bool", GgufValue.array(GgufType.BOOL, new boolean[] {true, false}));
        w.put("a.str", GgufValue.array(GgufType.STRING, new String[] {"a", "", "<0x0A>"}));
        w.put("a.arr", GgufValue.array(GgufType.ARRAY, new GgufValue[] {
            GgufValue.array(GgufType.INT32, new int[] {9}), GgufValue.array(GgufType.STRING, new String[] {"x"})}));
        float[] m = new float[64 * 3];
        for (int i = 0; i < m.length; i++) {
            m[i] = i * 0.5f - 40;
        }
        w.addTensor("m.f32", GgmlType.F32, new long[] {64, 3}, m);
        w.addTensor("m.q8", GgmlType.Q8_0, new long[] {64, 3}, m);
        w.addTensor("v", GgmlType.F32, new long[] {5}, new float[] {1, 2, 3, 4, 5});
        return w;
    }

    @Test
    void everyValueTypeRoundTrips() throws IOException {
        GgufWriter w = sample();
        Path p = dir.resolve("a.gguf");
        w.write(p);
        try (GgufFile f = GgufFile.open(p)) {
            assertEquals(3, f.version());
            Map<String, GgufValue> md = f.metadata();
            assertEquals(21, md.size());
            assertEquals(GgufValue.of(GgufType.UINT8, 200), md.get("u8"));
            assertEquals(GgufValue.of(GgufType.INT8, -5), md.get("i8"));
            assertEquals(GgufValue.of(GgufType.UINT16, 60000), md.get("u16"));
            assertEquals(GgufValue.of(GgufType.INT16, -300), md.get("i16"));
            assertEquals(4_000_000_000L, f.getLong("u32"));
            assertEquals(-7, f.getInt("i32"));
            assertEquals(1.5, f.getDouble("f32"));
            assertTrue(f.getBool("bool", false));
            assertEquals("héllo ▁ 世界", f.getString("str"));
            assertEquals(-1L, f.getLong("u64"));
            assertEquals(Long.MIN_VALUE, f.getLong("i64"));
            assertEquals(Math.PI, f.getDouble("f64"));
            assertArrayEquals(new byte[] {1, (byte) 255}, (byte[]) md.get("a.u8").value());
            assertArrayEquals(new short[] {-1, 2}, (short[]) md.get("a.i16").value());
            assertArrayEquals(new int[] {1, 2, 3}, f.getIntArray("a.i32"));
            assertArrayEquals(new long[] {5, 6}, (long[]) md.get("a.u64").value());
            assertArrayEquals(new float[] {0.25f, -1f}, f.getFloatArray("a.f32"));
            assertArrayEquals(new double[] {2.5}, (double[]) md.get("a.f64").value());
            assertArrayEquals(new boolean[] {true, false}, (boolean[]) md.get("a.bool").value());
            assertArrayEquals(new String[] {"a", "", "<0x0A>"}, f.getStringArray("a.str"));
            GgufValue[] nested = (GgufValue[]) md.get("a.arr").value();
            assertArrayEquals(new int[] {9}, (int[]) nested[0].value());
            assertArrayEquals(new String[] {"x"}, (String[]) nested[1].value());

            assertEquals(3, f.tensors().size());
            GgufTensorInfo t = f.tensor("m.f32", 64, 3);
            assertEquals(0, t.dataOffset() % 32);
            QuantMatrix m = f.matrix("m.f32", 3, 64);
            float[] row = new float[64];
            m.row(2, row, 0);
            assertEquals(2 * 64 * 0.5f - 40, row[0]);
            QuantMatrix q = f.matrix("m.q8", 3, 64);
            assertEquals(GgmlType.Q8_0, q.type());
            q.row(1, row, 0);
            assertEquals(64 * 0.5f - 40, row[0], 0.1);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5}, f.vector("v", 5));
        }
    }

    @Test
    void customAlignmentIsHonoured() throws IOException {
        GgufWriter w = sample();
        w.putU32("general.alignment", 256);
        Path p = dir.resolve("b.gguf");
        w.write(p);
        try (GgufFile f = GgufFile.open(p)) {
            assertEquals(256, f.alignment());
            for (GgufTensorInfo t : f.tensors().values()) {
                assertEquals(0, t.dataOffset() % 256, t.name());
            }
            assertArrayEquals(new float[] {1, 2, 3, 4, 5}, f.vector("v", 5));
        }
    }

    @Test
    void truncatedAtAnyByteIsAClearError() throws IOException {
        Path p = dir.resolve("full.gguf");
        sample().write(p);
        byte[] all = Files.readAllBytes(p);
        long dataEnd;
        try (GgufFile f = GgufFile.open(p)) {
            // bytes after the last tensor's data are padding: cutting them leaves a complete file
            dataEnd = f.tensors().values().stream().mapToLong(t -> t.dataOffset() + t.bytes()).max().getAsLong();
        }
        Path cut = dir.resolve("cut.gguf");
        for (int len = 0; len < dataEnd; len += (len < 1200 ? 1 : 7)) {
            Files.write(cut, Arrays.copyOf(all, len));
            GgufException e = assertThrows(GgufException.class, () -> GgufFile.open(cut).close(), "length " + len);
            String msg = e.getMessage();
            assertTrue(msg.contains("truncated") || msg.contains("past the end") || msg.contains("not a GGUF")
                    || msg.contains("impossible") || msg.contains("more than"), "length " + len + ": " + msg);
        }
    }

    @Test
    void wrongMagicAndVersion() throws IOException {
        Path p = dir.resolve("m.gguf");
        sample().write(p);
        byte[] all = Files.readAllBytes(p);
        all[0] = 'X';
        Files.write(p, all);
        GgufException e = assertThrows(GgufException.class, () -> GgufFile.open(p));
        assertTrue(e.getMessage().contains("not a GGUF file: magic"), e.getMessage());
        all[0] = 'G';
        all[4] = 9;
        Files.write(p, all);
        e = assertThrows(GgufException.class, () -> GgufFile.open(p));
        assertTrue(e.getMessage().contains("GGUF version 9"), e.getMessage());
    }

    @Test
    void unsupportedTypeMissingTensorAndWrongShapeNameTheTensor() throws IOException {
        Path p = dir.resolve("t.gguf");
        sample().write(p);
        byte[] all = Files.readAllBytes(p);
        // the tensor index entry of "v": name, n_dims (1), dim 5, then the type id (0 = F32) → 3 (Q4_1)
        byte[] name = "v".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(all, new byte[] {1, 0, 0, 0, 0, 0, 0, 0, name[0], 1, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0});
        assertTrue(at > 0);
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putInt(at + 21, 3);
        Files.write(p, all);
        try (GgufFile f = GgufFile.open(p)) {
            GgufException e = assertThrows(GgufException.class, () -> f.vector("v", 5));
            assertTrue(e.getMessage().contains("tensor 'v' has type id 3"), e.getMessage());
            e = assertThrows(GgufException.class, () -> f.tensor("blk.0.attn_q.weight"));
            assertTrue(e.getMessage().contains("tensor 'blk.0.attn_q.weight' is missing"), e.getMessage());
            e = assertThrows(GgufException.class, () -> f.matrix("m.f32", 64, 3));
            assertTrue(e.getMessage().contains("tensor 'm.f32' has shape [64, 3], expected [3, 64]"), e.getMessage());
            e = assertThrows(GgufException.class, () -> f.getString("general.architecture"));
            assertTrue(e.getMessage().contains("required key 'general.architecture' is missing"), e.getMessage());
            e = assertThrows(GgufException.class, () -> f.getInt("str"));
            assertTrue(e.getMessage().contains("key 'str' should be an integer"), e.getMessage());
        }
    }

    @Test
    void hugeCountsAreRejectedWithoutAllocating() throws IOException {
        Path p = dir.resolve("h.gguf");
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(GgufFile.MAGIC).putInt(3).putLong(0).putLong(1);
        b.putLong(3).put("key".getBytes(StandardCharsets.UTF_8)).putInt(9).putInt(8).putLong(Long.MAX_VALUE / 2);
        Files.write(p, Arrays.copyOf(b.array(), b.position()));
        GgufException e = assertThrows(GgufException.class, () -> GgufFile.open(p));
        assertTrue(e.getMessage().contains("key 'key' claims"), e.getMessage());
    }

    /** A sparse file over 2 GB with a tensor over 2 GB that starts past the 2 GB mark: read in pieces. */
    @Test
    void tensorsOver2GbAreMappedInPieces() throws IOException {
        Path p = dir.resolve("big.gguf");
        int cols = 1024;
        long rows = 600_000; // 600000 * 4096 bytes = 2.46 GB
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(GgufFile.MAGIC).putInt(3).putLong(2).putLong(0);
        b.putLong(5).put("first".getBytes(StandardCharsets.UTF_8)).putInt(1).putLong(rows * cols).putInt(0).putLong(0);
        long secondOffset = rows * cols * 4;
        b.putLong(3).put("big".getBytes(StandardCharsets.UTF_8)).putInt(2).putLong(cols).putLong(rows).putInt(0)
                .putLong(secondOffset);
        long dataStart = (b.position() + 31) / 32 * 32;
        long end = dataStart + 2 * secondOffset;
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            raf.write(b.array(), 0, b.position());
            raf.setLength(end);
            // the last row of "big": values 0..1023 as f32
            ByteBuffer last = ByteBuffer.allocate(cols * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < cols; i++) {
                last.putFloat(i);
            }
            raf.seek(end - cols * 4L);
            raf.write(last.array());
        }
        try (GgufFile f = GgufFile.open(p)) {
            GgufTensorInfo t = f.tensor("big", cols, rows);
            assertTrue(t.dataOffset() > Integer.MAX_VALUE);
            assertEquals(2, f.map(t, cols * 4L).length);
            QuantMatrix m = f.matrix("big", (int) rows, cols);
            float[] row = new float[cols];
            m.row((int) rows - 1, row, 0);
            for (int i = 0; i < cols; i++) {
                assertEquals(i, row[i]);
            }
            m.row(0, row, 0);
            assertEquals(0f, row[5]);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
