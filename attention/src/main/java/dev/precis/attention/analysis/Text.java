package dev.precis.attention.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tartarus.snowball.ext.PorterStemmer;

/**
 * Text handling shared by the analyzers and the evaluation: transcript markup and filler removal,
 * readable clean-up of tokenized transcripts, and the content terms that scoring looks at.
 */
public final class Text {

    /**
     * Noise and disfluency markup: QMSum writes {@code {disfmarker}}, {@code {vocalsound}}; ELITR writes
     * {@code <laugh/>}, {@code <other_noise/>}, {@code <unintelligible/>}; others use {@code [laughter]}.
     */
    private static final Pattern MARKUP = Pattern.compile("\\{[a-z_]+}|</?[a-z_]+/?>|\\[(?:[a-z_ ]+)]|\\((?:laughs?|laughter|coughs?|inaudible|crosstalk)\\)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)*");
    /** Hesitations that carry nothing wherever they stand. */
    private static final Pattern HESITATION = Pattern.compile("(?i)(?<![\\p{L}'])(?:u+h+m*|u+m+|e+h*m+|hmm+|mm+-?hmm+|mhm|er+m*|ah+)(?![\\p{L}'])[,.]?");
    /** Words and phrases that start spoken sentences without adding to them. */
    private static final Pattern LEADING_FILLER = Pattern.compile("(?i)^(?:(?:so|and|but|or|yeah|yes|okay|ok|well|right|oh|alright|all right|now|like|actually|basically|anyway|you know|i mean|i guess|i think that|i think|sort of|kind of|then)(?![\\p{L}'])[\\s,.;:-]*)+");
    /** Discourse fillers inside a sentence; "kind of" and "sort of" stay where they mean "type of". */
    private static final Pattern INNER_FILLER = Pattern.compile("(?i)(?:,\\s*)?(?<![\\p{L}'])(?:you know|i mean|you see|basically|actually"
            + "|(?<!(?:what|this|that|the|a|some|any|which|same|one|these|those) )(?:sort|kind) of)(?![\\p{L}'])(?:\\s*,)?|,\\s*like\\s*,");
    /** A word said twice in a row ("the the"), a false start. */
    private static final Pattern REPEAT = Pattern.compile("(?i)\\b(\\p{L}+)(?:[\\s,]+\\1\\b)+");
    private static final Pattern SPACE_BEFORE_PUNCT = Pattern.compile("\\s+([,.;:!?%)]|n't|'s|'re|'ve|'ll|'d|'m)(?![\\p{L}])");

    /** Turns that are only back-channel or fillers; such sentences are never chosen. */
    public static final Set<String> FILLERS = Set.of(
            "yeah", "yes", "yep", "yup", "okay", "ok", "right", "uh", "um", "uhm", "hmm", "mm", "mhm", "hm",
            "mm-hmm", "uh-huh", "huh", "oh", "ah", "so", "well", "sure", "alright", "cool", "great", "good", "fine",
            "no", "nope", "and", "but", "or", "ehm", "eh", "erm", "er", "like", "true", "exactly", "thanks", "thank",
            "you", "wow", "really", "indeed", "actually", "anyway", "mmm", "hmmm", "yeah-yeah", "sorry", "know",
            "mean", "i");

    /** Common English function words plus spoken fillers: left out of every content score. */
    public static final Set<String> STOPWORDS = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
            "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
            "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
            "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
            "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor",
            "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out",
            "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs",
            "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
            "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
            "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "also", "'s", "s", "t",
            "don", "didn", "doesn", "isn", "wasn", "aren", "won", "wouldn", "couldn", "shouldn", "ll", "re", "ve",
            "d", "m", "let", "lets", "get", "got", "go", "going", "gonna", "wanna", "gotta", "thing", "things",
            "stuff", "something", "anything", "everything", "nothing", "one", "ones", "way", "lot", "lots", "bit",
            "kind", "sort", "really", "actually", "basically", "probably", "maybe", "like", "well", "yeah", "yes",
            "okay", "ok", "right", "uh", "um", "uhm", "hmm", "mm", "mhm", "oh", "ah", "eh", "ehm", "erm", "er",
            "know", "mean", "think", "guess", "say", "said", "says", "see", "sure", "pretty", "quite", "still",
            "even", "much", "many", "make", "made", "want", "need", "put", "take", "come", "came", "use", "used",
            "look", "looks", "good", "great", "fine", "cool", "alright", "course", "anyway", "whatever", "whether",
            "yet", "though", "although", "since", "may", "might", "must", "shall", "us", "hm", "huh", "uh-huh",
            "mm-hmm", "gon", "na", "wan", "ta", "cause", "cos", "'cause", "e", "g", "etcetera", "etc", "sorta",
            "kinda", "else", "another", "every", "around", "back", "first", "two", "three", "time", "times",
            "people", "person", "someone", "somebody", "anybody", "anyone", "everybody", "everyone", "nobody",
            "work", "works", "working", "talk", "talking", "thank", "thanks", "hi", "hello", "bye");

    private Text() {}

    /** Removes noise markup and hesitations, joins tokenized punctuation, trims leading fillers and repeats. */
    public static String clean(String raw) {
        String s = MARKUP.matcher(raw).replaceAll(" ");
        s = HESITATION.matcher(s).replaceAll(" ");
        s = INNER_FILLER.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\s+", " ").strip();
        s = SPACE_BEFORE_PUNCT.matcher(s).replaceAll("$1");
        s = s.replaceAll("(?<=\\p{L})- (?=\\p{L})", " ").replaceAll("\\s*-\\s*$", "");
        s = REPEAT.matcher(s).replaceAll("$1");
        s = s.replaceAll("^[\\s,.;:!?-]+", "").replaceAll("\\s*,\\s*(?=[,.!?])", "").replaceAll("[,;]\\s*$", "");
        s = LEADING_FILLER.matcher(s).replaceAll("");
        s = s.replaceAll("^[\\s,.;:!?-]+", "");
        if (!s.isEmpty() && Character.isLowerCase(s.codePointAt(0))) {
            s = s.substring(0, Character.charCount(s.codePointAt(0))).toUpperCase(Locale.ROOT)
                    + s.substring(Character.charCount(s.codePointAt(0)));
        }
        return s.strip();
    }

    /** Removes only the noise markup, keeping the words as spoken. */
    public static String stripMarkup(String raw) {
        return MARKUP.matcher(raw).replaceAll(" ").replaceAll("\\s+", " ").strip();
    }

    /** Lower-cased words of the text, punctuation dropped. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Chinese and Japanese characters per English-equivalent word (the usual ratio in translation). */
    public static final double CJK_CHARS_PER_WORD = 1.5;

    /**
     * Word count as a reader sees it: runs of letters and digits between spaces; Chinese and Japanese,
     * which put no spaces between words, count {@value #CJK_CHARS_PER_WORD} characters a word.
     */
    public static int wordCount(String text) {
        int n = 0;
        int cjk = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isCjk(cp)) {
                cjk++;
                inWord = false;
            } else if (!Character.isLetterOrDigit(cp)) {
                inWord = inWord && !Character.isWhitespace(cp);
            } else if (!inWord) {
                n++;
                inWord = true;
            }
            i += Character.charCount(cp);
        }
        return n + (int) Math.ceil(cjk / CJK_CHARS_PER_WORD);
    }

    /** True when the sentence is only fillers and back-channel ("yeah", "okay", "mm-hmm"). */
    public static boolean isFiller(String cleaned) {
        for (String w : words(cleaned)) {
            if (!FILLERS.contains(w)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Content terms for scoring: stems of non-stopwords for alphabetic scripts; for Chinese and Japanese,
     * which have no spaces, the characters and character bigrams of each run of ideographs.
     */
    public static List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        PorterStemmer stemmer = new PorterStemmer();
        for (String w : words(text)) {
            if (w.codePoints().anyMatch(Text::isCjk)) {
                int[] cps = w.codePoints().toArray();
                for (int i = 0; i < cps.length; i++) {
                    out.add(new String(cps, i, 1));
                    if (i + 1 < cps.length) {
                        out.add(new String(cps, i, 2));
                    }
                }
                continue;
            }
            String base = w.replace('’', '\'');
            if (STOPWORDS.contains(base) || base.length() < 2 || base.chars().allMatch(Character::isDigit) && base.length() < 2) {
                continue;
            }
            int apostrophe = base.indexOf('\'');
            if (apostrophe > 0) {
                base = base.substring(0, apostrophe);
                if (STOPWORDS.contains(base)) {
                    continue;
                }
            }
            stemmer.setCurrent(base);
            stemmer.stem();
            out.add(stemmer.getCurrent());
        }
        return out;
    }

    /** Han, Hiragana, Katakana: scripts written without spaces between words. */
    public static boolean isCjk(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA;
    }
}
