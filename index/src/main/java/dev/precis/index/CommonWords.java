package dev.precis.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/**
 * Words that most documents contain rank results but do not make them. In "what did we decide about the
 * vendor contract", "we", "what" and "about" are in nearly every transcript: as plain optional words they
 * make almost the whole index match, so the total and the facet counts describe everything, and counting
 * them walks every document. When a query also has rarer words, the common ones become optional scoring
 * clauses beside a required group of the rare ones (the idea of Lucene's {@code CommonTermsQuery}, over
 * the query's fields): a document must hold at least one rare word, and its score is the same sum of
 * every word's BM25 as before. Queries of common words only, single words, phrases, wildcards and queries
 * with required words are left as they are.
 */
final class CommonWords {
    /** A word in more than this share of the documents' full texts is common. */
    static final double COMMON_SHARE = 0.5;
    /** Below this many documents a word's share says little, and counting every match is cheap anyway. */
    static final int MIN_DOCUMENTS = 1_000;

    private CommonWords() {
    }

    /** {@code parsed} with its common words optional, or {@code parsed} itself when that does not apply. */
    static Query optional(IndexReader reader, Query parsed) throws IOException {
        if (!(parsed instanceof BooleanQuery bq) || bq.getMinimumNumberShouldMatch() != 0) {
            return parsed;
        }
        int documents = reader.getDocCount(IndexFields.TEXT);
        if (documents < MIN_DOCUMENTS) {
            return parsed;
        }
        List<BooleanClause> rare = new ArrayList<>();
        List<BooleanClause> common = new ArrayList<>();
        List<BooleanClause> others = new ArrayList<>();
        int words = 0;
        for (BooleanClause c : bq.clauses()) {
            switch (c.getOccur()) {
                case MUST:
                    return parsed; // required words already decide what matches
                case SHOULD: {
                    Term word = plainWord(c.getQuery());
                    words += word == null ? 0 : 1;
                    boolean isCommon = word != null && reader.docFreq(word) > COMMON_SHARE * documents;
                    (isCommon ? common : rare).add(c);
                    break;
                }
                default:
                    others.add(c);
            }
        }
        // One word spread over several fields also parses to SHOULD clauses: only one of them is on the text.
        if (words < 2 || rare.isEmpty() || common.isEmpty()) {
            return parsed;
        }
        BooleanQuery.Builder anyRare = new BooleanQuery.Builder();
        rare.forEach(c -> anyRare.add(c.getQuery(), BooleanClause.Occur.SHOULD));
        BooleanQuery.Builder out = new BooleanQuery.Builder().add(anyRare.build(), BooleanClause.Occur.MUST);
        common.forEach(c -> out.add(c.getQuery(), BooleanClause.Occur.SHOULD));
        others.forEach(out::add);
        return out.build();
    }

    /**
     * The full-text term of a clause made of single-term queries only (one word over the text fields), or
     * null for phrases, wildcards, ranges and clauses that do not touch the full text.
     */
    static Term plainWord(Query clause) {
        Term[] text = {null};
        boolean[] other = {false};
        clause.visit(new QueryVisitor() {
            @Override
            public void consumeTerms(Query query, Term... terms) {
                if (!(query instanceof TermQuery)) {
                    other[0] = true;
                }
                for (Term t : terms) {
                    if (t.field().equals(IndexFields.TEXT)) {
                        text[0] = t;
                    }
                }
            }

            @Override
            public void consumeTermsMatching(Query query, String field, java.util.function.Supplier<ByteRunAutomaton> automaton) {
                other[0] = true;
            }

            @Override
            public void visitLeaf(Query query) {
                other[0] = true;
            }

            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return this;
            }
        });
        return other[0] ? null : text[0];
    }
}
