package dev.precis.attention.model;

import dev.precis.attention.model.constrain.JsonMatcher;
import dev.precis.attention.model.constrain.JsonSchemaConstraint;
import dev.precis.attention.model.constrain.TokenMask;
import dev.precis.attention.model.sample.Sampler;
import dev.precis.attention.model.sample.SamplerConfig;
import dev.precis.attention.model.tokenizer.GemmaTokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * Text generation: prefill the prompt, then decode token by token until a stop token, the token budget, or
 * (with a schema) the end of the JSON document.
 */
public final class Generator {
    private final GemmaModel model;
    private final GemmaTokenizer tokenizer;
    private final int[] stops;

    /** Why generation ended. */
    public enum Stop { STOP_TOKEN, MAX_TOKENS, CONTEXT_FULL }

    public record Result(String text, int[] tokens, int promptTokens, Stop stop, double prefillSeconds,
            double decodeSeconds) {
    }

    public Generator(GemmaModel model, GemmaTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
        if (tokenizer.vocabularySize() != model.config().vocab()) {
            throw new IllegalArgumentException("tokenizer has " + tokenizer.vocabularySize() + " tokens, model "
                    + model.config().vocab());
        }
        int eot = tokenizer.id("<end_of_turn>");
        this.stops = eot >= 0 ? new int[] {tokenizer.eos(), eot} : new int[] {tokenizer.eos()};
    }

    /** The tokens that end a generation ({@code <eos>}, {@code <end_of_turn>}). */
    public int[] stopTokens() {
        return stops.clone();
    }

    /** A mask over this tokenizer for constrained decoding (build once, reuse for many generations). */
    public TokenMask newMask() {
        return new TokenMask(tokenizer, stops);
    }

    /**
     * Generates after {@code prompt} (already formatted, e.g. with {@link GemmaTokenizer#chatPrompt}).
     *
     * @param schema null for free text; otherwise the output is a JSON document valid under it
     * @param mask the mask for {@code schema} (from {@link #newMask()}), or null to build one
     * @param onText receives decoded text as it is produced (may be null)
     */
    public Result generate(String prompt, int maxTokens, int maxContext, SamplerConfig sampling,
            JsonSchemaConstraint schema, TokenMask mask, Consumer<String> onText) {
        int[] promptIds = tokenizer.encode(prompt);
        if (promptIds.length >= maxContext) {
            throw new IllegalArgumentException("prompt of " + promptIds.length + " tokens does not fit a context of "
                    + maxContext);
        }
        if (schema != null && mask == null) {
            mask = newMask();
        }
        GemmaModel.Session session = model.newSession(maxContext, 256);
        Sampler sampler = new Sampler(sampling);
        long t0 = System.nanoTime();
        float[] logits = session.forward(promptIds, false);
        long t1 = System.nanoTime();
        JsonMatcher matcher = schema == null ? null : schema.start();
        List<Integer> out = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int emitted = 0;
        Stop stop = Stop.MAX_TOKENS;
        while (out.size() < maxTokens) {
            BitSet allowed = matcher == null ? null : mask.allowed(matcher);
            int next = sampler.sample(logits, allowed);
            if (isStop(next)) {
                stop = Stop.STOP_TOKEN;
                break;
            }
            out.add(next);
            if (matcher != null) {
                matcher = matcher.feed(tokenizer.token(next).replace('\u2581', ' '));
            }
            tokenizer.appendPiece(next, bytes);
            if (onText != null) {
                String all = bytes.toString(StandardCharsets.UTF_8);
                // hold back a trailing partial UTF-8 character (shown as U+FFFD) until its bytes are complete
                int end = all.endsWith("\uFFFD") ? all.length() - 1 : all.length();
                if (end > emitted) {
                    onText.accept(all.substring(emitted, end));
                    emitted = end;
                }
            }
            if (matcher != null && matcher.isClosed()) {
                stop = Stop.STOP_TOKEN;
                break;
            }
            if (session.position() >= maxContext) {
                stop = Stop.CONTEXT_FULL;
                break;
            }
            logits = session.next(next);
        }
        long t2 = System.nanoTime();
        int[] ids = out.stream().mapToInt(Integer::intValue).toArray();
        return new Result(tokenizer.decode(ids), ids, promptIds.length, stop, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    private boolean isStop(int id) {
        for (int s : stops) {
            if (s == id) {
                return true;
            }
        }
        return false;
    }
}
