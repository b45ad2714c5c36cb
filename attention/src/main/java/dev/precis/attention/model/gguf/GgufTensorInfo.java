package dev.precis.attention.model.gguf;

import dev.precis.kernels.quant.GgmlType;
import java.util.Arrays;

/**
 * A tensor's entry in the GGUF index. {@code dims[0]} varies fastest: a matrix of {@code rows} outputs by
 * {@code cols} inputs has {@code dims = [cols, rows]}. {@code type} is null for a type id Precis does not
 * know ({@code typeId} keeps it for the error message); {@code dataOffset} is absolute in the file.
 */
public record GgufTensorInfo(String name, long[] dims, int typeId, GgmlType type, long dataOffset) {

    /** Number of values. */
    public long count() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes of data; only for known types. */
    public long bytes() {
        return type.bytesFor(count());
    }

    public String shape() {
        return Arrays.toString(dims);
    }
}
