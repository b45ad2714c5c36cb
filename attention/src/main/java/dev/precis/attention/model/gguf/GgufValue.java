package dev.precis.attention.model.gguf;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Objects;

/**
 * One metadata value. Scalars are boxed Java values ({@code UINT32} as Long, {@code UINT64} as Long with the
 * raw bits, {@code UINT8}/{@code UINT16} as Integer); arrays are primitive Java arrays of the element's Java
 * type ({@code byte[]} for u8/i8, {@code short[]} u16/i16, {@code int[]} u32/i32, {@code long[]} u64/i64,
 * {@code float[]}, {@code double[]}, {@code boolean[]}, {@code String[]}, or {@code GgufValue[]} for arrays
 * of arrays).
 */
public final class GgufValue {
    private final GgufType type;
    private final GgufType elementType; // for ARRAY only
    private final Object value;

    private GgufValue(GgufType type, GgufType elementType, Object value) {
        this.type = type;
        this.elementType = elementType;
        this.value = value;
    }

    public static GgufValue of(GgufType type, Object value) {
        if (type == GgufType.ARRAY) {
            throw new IllegalArgumentException("use GgufValue.array for arrays");
        }
        return new GgufValue(type, null, Objects.requireNonNull(value));
    }

    public static GgufValue array(GgufType elementType, Object array) {
        if (!array.getClass().isArray()) {
            throw new IllegalArgumentException("not an array: " + array.getClass());
        }
        return new GgufValue(GgufType.ARRAY, elementType, array);
    }

    public static GgufValue string(String s) {
        return of(GgufType.STRING, s);
    }

    public static GgufValue u32(long v) {
        return of(GgufType.UINT32, v);
    }

    public static GgufValue i32(int v) {
        return of(GgufType.INT32, v);
    }

    public static GgufValue f32(float v) {
        return of(GgufType.FLOAT32, v);
    }

    public static GgufValue bool(boolean v) {
        return of(GgufType.BOOL, v);
    }

    public GgufType type() {
        return type;
    }

    public GgufType elementType() {
        return elementType;
    }

    public Object value() {
        return value;
    }

    /** Number of elements of an array value. */
    public int length() {
        return Array.getLength(value);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GgufValue)) {
            return false;
        }
        GgufValue v = (GgufValue) o;
        return type == v.type && elementType == v.elementType && Objects.deepEquals(value, v.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, elementType, Arrays.deepHashCode(new Object[] {value}));
    }

    @Override
    public String toString() {
        if (type != GgufType.ARRAY) {
            return type == GgufType.STRING ? '"' + value.toString() + '"' : value.toString();
        }
        return elementType + "[" + length() + "]";
    }
}
