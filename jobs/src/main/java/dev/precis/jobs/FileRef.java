package dev.precis.jobs;

import java.util.Objects;

/**
 * A file found in the inbox: where it is, how big, when it was last modified. The content is opened
 * downstream through Flink's FileSystem, so the source never holds file bytes in its splits or state.
 * A Flink POJO (public fields, no-arg constructor) so that it is serialized without Kryo.
 */
public class FileRef {
    public String path;
    public long sizeBytes;
    public long modifiedMillis;

    public FileRef() {}

    public FileRef(String path, long sizeBytes, long modifiedMillis) {
        this.path = path;
        this.sizeBytes = sizeBytes;
        this.modifiedMillis = modifiedMillis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileRef f && f.path.equals(path) && f.sizeBytes == sizeBytes && f.modifiedMillis == modifiedMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, sizeBytes, modifiedMillis);
    }

    @Override
    public String toString() {
        return path + " (" + sizeBytes + " bytes)";
    }
}
