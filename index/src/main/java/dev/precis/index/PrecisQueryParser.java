package dev.precis.index;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermQuery;

/**
 * The query language: words and "phrases" over the text fields (BM25 with per-field boosts), AND/OR/NOT,
 * exact filters on {@code owner:}, {@code speaker:}, {@code type:}, {@code lang:}, {@code collection:},
 * and dates: {@code date:[2024-01-01 TO 2024-03-31]}, {@code due:2024-05-31}, {@code due:overdue},
 * {@code due:this-week}, with {@code today} and {@code *} allowed as range ends. A filter clause next to
 * words narrows the words' results instead of adding to them ({@code budget owner:alice} is budget
 * documents that Alice owes something in). Regular expressions are refused: they can be made arbitrarily
 * expensive.
 */
final class PrecisQueryParser extends MultiFieldQueryParser {
    static final Set<String> KEYWORD_FIELDS = Set.of(IndexFields.TYPE, IndexFields.LANGUAGE, IndexFields.COLLECTION,
            IndexFields.OWNER, IndexFields.SPEAKER);
    static final Set<String> DATE_FIELDS = Set.of(IndexFields.DATE, IndexFields.DUE);
    private static final Map<String, String> ALIASES = Map.of("lang", IndexFields.LANGUAGE, "kind", IndexFields.TYPE,
            "items", IndexFields.ACTION_ITEMS, "keypoints", IndexFields.KEY_POINTS);
    private static final Pattern FIELDED = Pattern.compile("(\\p{L}[\\p{L}_]*):(\"[^\"]*\"|\\[[^\\]]*\\]|\\{[^}]*\\}|\\S+)");

    private static final Pattern TRAILING_QUESTION = Pattern.compile("(?<=[\\p{L}\\p{N}])\\?+(\\s|$)");

    private final LocalDate today;

    PrecisQueryParser(Analyzer analyzer, LocalDate today) {
        super(IndexFields.SEARCH_BOOSTS.keySet().toArray(String[]::new), analyzer, IndexFields.SEARCH_BOOSTS);
        this.today = today;
        setDefaultOperator(QueryParser.Operator.OR);
        setSplitOnWhitespace(true);
    }

    /** A question mark ending a word is punctuation ("what did Alice promise?"), not a wildcard. */
    @Override
    public Query parse(String query) throws ParseException {
        return super.parse(TRAILING_QUESTION.matcher(query).replaceAll("$1"));
    }

    /** Names a user may put before a colon. */
    static String fieldList() {
        return "title, summary, key_points, action_items, text, owner, speaker, type, lang, collection, date, due";
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, boolean quoted) throws ParseException {
        if (field == null) {
            return super.getFieldQuery(null, queryText, quoted);
        }
        String f = canonical(field);
        if (KEYWORD_FIELDS.contains(f)) {
            String value = f.equals(IndexFields.OWNER) || f.equals(IndexFields.SPEAKER) ? queryText.toLowerCase(Locale.ROOT) : queryText;
            return new TermQuery(new Term(f, value));
        }
        if (DATE_FIELDS.contains(f)) {
            String v = queryText.strip().toLowerCase(Locale.ROOT);
            if (f.equals(IndexFields.DUE) && v.equals("overdue")) {
                return LongPoint.newRangeQuery(f, Long.MIN_VALUE, today.toEpochDay() - 1);
            }
            if (v.equals("this-week") || v.equals("week")) {
                return LongPoint.newRangeQuery(f, today.toEpochDay(), today.toEpochDay() + 6);
            }
            long day = day(f, queryText);
            return LongPoint.newExactQuery(f, day);
        }
        return super.getFieldQuery(f, queryText, quoted);
    }

    @Override
    protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive, boolean endInclusive)
            throws ParseException {
        String f = field == null ? null : canonical(field);
        if (f == null || !DATE_FIELDS.contains(f)) {
            throw new ParseException("ranges work on date: and due: only, as in date:[2024-01-01 TO 2024-03-31]");
        }
        long lo = part1 == null || part1.equals("*") ? Long.MIN_VALUE : day(f, part1) + (startInclusive ? 0 : 1);
        long hi = part2 == null || part2.equals("*") ? Long.MAX_VALUE : day(f, part2) - (endInclusive ? 0 : 1);
        return LongPoint.newRangeQuery(f, lo, hi);
    }

    @Override
    protected Query getRegexpQuery(String field, String termStr) throws ParseException {
        throw new ParseException("regular expressions (/…/) are not supported: use words, \"phrases\" or a trailing *");
    }

    @Override
    protected Query getWildcardQuery(String field, String termStr) throws ParseException {
        int firstWildcard = termStr.replace('?', '*').indexOf('*');
        if (firstWildcard < 3) {
            throw new ParseException("'" + termStr + "' is too short for a wildcard: give at least three letters before *");
        }
        return super.getWildcardQuery(field == null ? null : canonical(field), termStr);
    }

    @Override
    protected Query getPrefixQuery(String field, String termStr) throws ParseException {
        if (termStr.length() < 3) {
            throw new ParseException("'" + termStr + "*' is too short for a wildcard: give at least three letters before *");
        }
        return super.getPrefixQuery(field == null ? null : canonical(field), termStr);
    }

    /** Filter clauses beside word clauses become required, non-scoring filters. */
    @Override
    protected Query getBooleanQuery(List<BooleanClause> clauses) throws ParseException {
        boolean hasText = false;
        boolean hasFilter = false;
        for (BooleanClause c : clauses) {
            if (c.getOccur() == BooleanClause.Occur.MUST_NOT) {
                continue;
            }
            if (isFilterOnly(c.getQuery())) {
                hasFilter = true;
            } else {
                hasText = true;
            }
        }
        if (!(hasText && hasFilter)) {
            return super.getBooleanQuery(clauses);
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (BooleanClause c : clauses) {
            boolean filter = c.getOccur() != BooleanClause.Occur.MUST_NOT && isFilterOnly(c.getQuery());
            b.add(c.getQuery(), filter ? BooleanClause.Occur.FILTER : c.getOccur());
        }
        return b.build();
    }

    /** True when the query only touches keyword and date fields. */
    static boolean isFilterOnly(Query q) {
        Set<String> fields = new HashSet<>();
        q.visit(new QueryVisitor() {
            @Override
            public boolean acceptField(String field) {
                fields.add(field);
                return true;
            }

            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return this;
            }
        });
        if (fields.isEmpty()) {
            return false;
        }
        for (String f : fields) {
            if (!KEYWORD_FIELDS.contains(f) && !DATE_FIELDS.contains(f)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The words of a query for embedding: filter clauses dropped, text-field prefixes, operators and
     * syntax characters removed. Empty when the query is filters only.
     */
    static String plainText(String query) {
        Matcher m = FIELDED.matcher(query);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String f = canonical(m.group(1));
            String keep = IndexFields.SEARCH_BOOSTS.containsKey(f) ? m.group(2) : " ";
            m.appendReplacement(sb, Matcher.quoteReplacement(keep));
        }
        m.appendTail(sb);
        return sb.toString().replaceAll("\\b(AND|OR|NOT)\\b", " ").replaceAll("[+\\-!(){}\\[\\]^\"~*?:\\\\/&|]", " ")
                .replaceAll("\\s+", " ").strip();
    }

    private static String canonical(String field) {
        String f = field.toLowerCase(Locale.ROOT);
        f = ALIASES.getOrDefault(f, f);
        return f;
    }

    private Query unknownField(String field) throws ParseException {
        throw new ParseException("unknown field '" + field + "': use one of " + fieldList());
    }

    @Override
    protected Query newFieldQuery(Analyzer analyzer, String field, String queryText, boolean quoted) throws ParseException {
        if (!IndexFields.SEARCH_BOOSTS.containsKey(field)) {
            return unknownField(field);
        }
        return super.newFieldQuery(analyzer, field, queryText, quoted);
    }

    private long day(String field, String text) throws ParseException {
        String v = text.strip();
        if (v.equalsIgnoreCase("today")) {
            return today.toEpochDay();
        }
        try {
            return LocalDate.parse(v).toEpochDay();
        } catch (DateTimeParseException e) {
            throw new ParseException("'" + v + "' in " + field + ": is not a date: write dates as 2024-05-31 (or today)");
        }
    }
}
