package dev.precis.ingest;

import com.google.common.base.Optional;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Language of a text (ISO 639-1), from the Optimaize n-gram detector's built-in profiles. */
public final class LanguageGuesser {
    private static final int SAMPLE_CHARS = 20_000;
    private static volatile LanguageDetector detector;

    private LanguageGuesser() {}

    /** The language code, or null when the text is too short or mixed to tell. */
    public static String guess(String text) {
        String sample = text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) : text;
        if (sample.isBlank()) {
            return null;
        }
        Optional<LdLocale> locale = detector().detect(sample);
        if (locale.isPresent()) {
            return locale.get().getLanguage();
        }
        // Short CJK texts often fall below the detector's certainty: the script itself decides.
        long han = sample.codePoints().filter(Character::isIdeographic).count();
        return han * 3 > sample.codePoints().filter(Character::isLetter).count() ? "zh" : null;
    }

    private static LanguageDetector detector() {
        LanguageDetector d = detector;
        if (d == null) {
            synchronized (LanguageGuesser.class) {
                d = detector;
                if (d == null) {
                    try {
                        d = LanguageDetectorBuilder.create(NgramExtractors.standard())
                                .withProfiles(new LanguageProfileReader().readAllBuiltIn())
                                .build();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the language profiles from the classpath", e);
                    }
                    detector = d;
                }
            }
        }
        return d;
    }
}
