package dev.precis.index.bench;

import dev.precis.schemas.ActionItem;
import dev.precis.schemas.AnalysisRecord;
import dev.precis.schemas.AnalyzedDocument;
import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.Evidence;
import dev.precis.schemas.Turn;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generated meetings and reports for load tests: transcripts of turns by named speakers over a few
 * business topics, with summaries, key points and action items (owner, due date, evidence), spread
 * over collections, languages and dates. Every sentence comes from a fixed pool ({@link #sentences()}),
 * so a benchmark can embed the pool once instead of every document.
 */
public final class SyntheticCorpus {
    private static final String[] PEOPLE = {"Alice", "Bob", "Carol", "Dana", "Erin", "Frank", "Grace", "Hector", "Ines", "Jonas",
        "Kira", "Liam", "Maya", "Noah", "Olga", "Pavel", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wen", "Yusuf"};
    /** People who take on action items: fewer than the speakers, to keep the sentence pool small. */
    private static final String[] OWNERS = Arrays.copyOf(PEOPLE, 12);
    private static final String[] COLLECTIONS = {"finance", "engineering", "sales", "legal", "support", "hr", "marketing", "ops"};
    private static final String[][] TOPICS = {
        {"quarterly budget", "marketing spend", "travel expenses", "the forecast"},
        {"the deployment pipeline", "flaky integration tests", "the release candidate", "the staging cluster"},
        {"the customer renewal", "the enterprise discount", "the sales pipeline", "the pricing page"},
        {"the vendor contract", "the data processing agreement", "the compliance audit", "the privacy review"},
        {"the support backlog", "ticket response times", "the on-call rotation", "the escalation policy"},
        {"the hiring plan", "onboarding of new engineers", "the performance reviews", "the team offsite"},
        {"the product launch", "the landing page", "the campaign metrics", "the press release"},
        {"the office move", "the laptop refresh", "the network outage", "the backup policy"},
        {"the search latency", "the index rebuild", "the dashboard for errors", "the capacity plan"},
        {"the mobile app", "the accessibility review", "the design system", "the user interviews"},
    };
    private static final String[] STATEMENTS = {
        "We looked at %s and the numbers are better than last month.",
        "The main risk with %s is that nobody owns it yet.",
        "I think %s needs another review before we commit to a date.",
        "Last week %s slipped because of missing data.",
        "The team agreed that %s is the priority for this quarter.",
        "There are still open questions about %s from the last meeting.",
        "Customers keep asking about %s in their feedback.",
        "We should compare %s with what the other teams are doing.",
        "The cost of %s went up by almost twenty percent.",
        "Everyone is happy with the progress on %s so far.",
    };
    private static final String[] COMMITMENTS = {
        "%s will prepare a short report on %s.", "%s will follow up with the owners of %s.",
        "%s will send the updated numbers for %s.", "%s will schedule a review of %s.",
    };
    private static final String[] TASKS = {"prepare a short report on %s", "follow up with the owners of %s",
        "send the updated numbers for %s", "schedule a review of %s"};

    private final Random random;
    private final LocalDate today;

    public SyntheticCorpus(long seed, LocalDate today) {
        this.random = new Random(seed);
        this.today = today;
    }

    /** Every sentence a generated document can hold. */
    public static List<String> sentences() {
        Set<String> out = new LinkedHashSet<>();
        for (String[] topic : TOPICS) {
            for (String t : topic) {
                for (String s : STATEMENTS) {
                    out.add(String.format(s, t));
                }
                for (String p : OWNERS) {
                    for (String c : COMMITMENTS) {
                        out.add(String.format(c, p, t));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** The n-th document (ids are "synthetic-" + n, so regenerating a number replaces the document). */
    public AnalyzedDocument next(int n) {
        String id = "synthetic-" + n;
        String[] topicA = TOPICS[random.nextInt(TOPICS.length)];
        String[] topicB = TOPICS[random.nextInt(TOPICS.length)];
        int turnsCount = 12 + random.nextInt(20);
        List<String> speakers = new ArrayList<>();
        for (int i = 0; i < 2 + random.nextInt(4); i++) {
            speakers.add(PEOPLE[random.nextInt(PEOPLE.length)]);
        }
        StringBuilder text = new StringBuilder();
        List<Turn> turns = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        List<ActionItem> items = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        for (int t = 0; t < turnsCount; t++) {
            String speaker = speakers.get(random.nextInt(speakers.size()));
            String subject = (random.nextBoolean() ? topicA : topicB)[random.nextInt(4)];
            boolean commit = random.nextInt(8) == 0 && items.size() < 4;
            String sentence;
            int start = text.length();
            if (commit) {
                String owner = OWNERS[random.nextInt(OWNERS.length)];
                int k = random.nextInt(COMMITMENTS.length);
                sentence = String.format(COMMITMENTS[k], owner, subject);
                LocalDate due = random.nextInt(5) == 0 ? null : today.plusDays(random.nextInt(42) - 14);
                items.add(ActionItem.newBuilder().setTask(String.format(TASKS[k], subject)).setOwner(owner)
                        .setDueDate(due == null ? null : due.toString()).setDueText(due == null ? null : "by " + due)
                        .setConfidence(0.7f).setEvidence(Evidence.newBuilder().setCharStart(start).setCharEnd(start + sentence.length())
                                .setText(sentence).setSpeaker(speaker).setTimeMs(t * 20_000L).build()).build());
            } else {
                sentence = String.format(STATEMENTS[random.nextInt(STATEMENTS.length)], subject);
            }
            text.append(sentence);
            starts.add(start);
            ends.add(text.length());
            turns.add(Turn.newBuilder().setSpeaker(speaker).setStartMs(t * 20_000L).setText(sentence)
                    .setCharStart(start).setCharEnd(text.length()).build());
            if (summary.size() < 3 && random.nextInt(4) == 0) {
                summary.add(sentence);
            }
            text.append('\n');
        }
        if (summary.isEmpty()) {
            summary.add(turns.get(0).getText());
        }
        boolean transcript = random.nextInt(4) != 0;
        LocalDate date = today.minusDays(random.nextInt(365));
        DocumentRecord d = DocumentRecord.newBuilder().setId(id).setSourceUri("bench:/" + id).setCollection(COLLECTIONS[n % COLLECTIONS.length])
                .setContentHash(id).setMediaType(transcript ? "text/vtt" : "text/plain").setKind(transcript ? "transcript" : "document")
                .setTitle(capitalize(topicA[0]) + " and " + topicB[1] + " (" + date + ")").setLanguage(random.nextInt(10) == 0 ? "de" : "en")
                .setDocumentDate(date.toString()).setText(text.toString()).setTurns(transcript ? turns : List.of())
                .setSentenceStarts(starts).setSentenceEnds(ends).setIngestedAt(Instant.EPOCH).build();
        AnalysisRecord a = AnalysisRecord.newBuilder().setDocumentId(id).setEngine("synthetic").setEngineVersion("1")
                .setSummary(String.join(" ", summary)).setKeyPoints(summary).setActionItems(items).setAnalyzedAt(Instant.EPOCH).build();
        return new AnalyzedDocument(d, a);
    }

    /** Queries of the kinds people type: topic words, phrases, people, filters, vague questions. */
    public static List<String> typicalQueries() {
        return List.of("budget", "quarterly budget forecast", "\"deployment pipeline\"", "flaky tests", "owner:alice",
                "what did we decide about the vendor contract", "support backlog response times", "hiring plan owner:bob",
                "customer renewal discount", "type:transcript search latency", "why did the release slip",
                "privacy review compliance", "due:overdue", "landing page campaign", "who follows up on the network outage",
                "accessibility review design system", "costs went up", "speaker:carol onboarding",
                "date:[2025-01-01 TO 2025-06-30] backup policy", "mobile app user interviews");
    }

    private static String capitalize(String s) {
        String t = s.startsWith("the ") ? s.substring(4) : s;
        return Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }
}
