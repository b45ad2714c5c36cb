package dev.precis.attention.model.sample;

/**
 * How the next token is chosen. {@code temperature == 0} is greedy (the most likely allowed token); otherwise
 * the logits are divided by the temperature, cut to the {@code topK} most likely (0 = no cut), then to the
 * smallest set whose probability reaches {@code topP} (1 = no cut), and sampled with a generator seeded by
 * {@code seed}.
 */
public record SamplerConfig(double temperature, int topK, double topP, long seed) {
    public SamplerConfig {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be >= 0 (0 = off), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        }
    }

    public static SamplerConfig greedy() {
        return new SamplerConfig(0, 0, 1, 0);
    }
}
