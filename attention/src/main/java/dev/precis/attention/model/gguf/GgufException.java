package dev.precis.attention.model.gguf;

/** A GGUF file that Precis cannot use, with what was wrong (the key or tensor) and where. */
public class GgufException extends RuntimeException {
    public GgufException(String message) {
        super(message);
    }

    public GgufException(String message, Throwable cause) {
        super(message, cause);
    }
}
