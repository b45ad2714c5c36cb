package dev.precis.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.precis.index.ActionItemHit;
import dev.precis.index.RecordJson;
import dev.precis.index.SearchHit;
import dev.precis.index.SearchResult;
import dev.precis.schemas.ActionItem;
import dev.precis.schemas.AnalysisRecord;
import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.IngestFailure;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How records look on a terminal and as JSON. JSON field names are part of the command line's contract. */
final class Views {
    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final boolean COLOR = System.console() != null && System.getenv("NO_COLOR") == null;
    private static final String BOLD = COLOR ? "\u001b[1m" : "";
    private static final String DIM = COLOR ? "\u001b[2m" : "";
    private static final String YELLOW = COLOR ? "\u001b[33m" : "";
    private static final String RED = COLOR ? "\u001b[31m" : "";
    private static final String RESET = COLOR ? "\u001b[0m" : "";

    private Views() {}

    static Map<String, Object> hit(SearchHit h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.id());
        m.put("title", h.title());
        m.put("source", h.source());
        m.put("type", h.type());
        m.put("score", h.score());
        m.put("snippet", h.snippet());
        m.put("snippetField", h.snippetField());
        m.put("collection", h.collection());
        m.put("language", h.language());
        m.put("date", h.date());
        m.put("matchedBy", h.matchedBy());
        m.put("highlights", h.highlights().stream().map(x -> Map.of("field", x.field(), "html", x.html())).toList());
        if (h.passage() != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("text", h.passage().text());
            p.put("start", h.passage().start());
            p.put("speaker", h.passage().speaker());
            p.put("timeMs", h.passage().timeMs());
            m.put("passage", p);
        }
        return m;
    }

    static Map<String, Object> actionItem(ActionItemHit h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("documentId", h.documentId());
        m.put("title", h.title());
        m.put("source", h.source());
        m.put("status", h.status());
        m.putAll(RecordJson.actionItem(h.item()));
        return m;
    }

    /** Action items as a table: status, owner, due, task, then the evidence and the document below. */
    static void printActionItems(PrintStream out, List<ActionItemHit> items) {
        int ownerWidth = Math.max(5, items.stream().mapToInt(i -> i.item().getOwner() == null ? 10 : i.item().getOwner().length()).max().orElse(5));
        out.printf("%-9s  %-" + ownerWidth + "s  %-10s  %s%n", "STATUS", "OWNER", "DUE", "TASK");
        for (ActionItemHit h : items) {
            ActionItem i = h.item();
            String color = switch (h.status()) {
                case "overdue" -> RED;
                case "this-week" -> YELLOW;
                default -> "";
            };
            out.printf("%s%-9s%s  %-" + ownerWidth + "s  %-10s  %s%n", color, h.status(), RESET,
                    i.getOwner() == null ? "(no owner)" : i.getOwner(), i.getDueDate() == null ? "—" : i.getDueDate(), i.getTask());
            String who = i.getEvidence().getSpeaker() == null ? "" : i.getEvidence().getSpeaker()
                    + (i.getEvidence().getTimeMs() == null ? "" : " at " + clock(i.getEvidence().getTimeMs())) + ": ";
            out.println(DIM + "           “" + who + abbreviate(i.getEvidence().getText(), 100) + "”  — "
                    + (h.title() == null ? h.source() : h.title()) + RESET);
        }
    }

    static void printFacets(PrintStream out, Map<String, List<SearchResult.FacetCount>> facets) {
        out.println();
        for (Map.Entry<String, List<SearchResult.FacetCount>> f : facets.entrySet()) {
            if (f.getValue().isEmpty()) {
                continue;
            }
            StringBuilder line = new StringBuilder();
            for (SearchResult.FacetCount c : f.getValue()) {
                line.append(line.length() == 0 ? "" : ", ").append(c.value().isEmpty() ? "(none)" : c.value()).append(" (").append(c.count()).append(')');
            }
            out.printf("%s%-10s%s %s%n", BOLD, f.getKey(), RESET, line);
        }
    }

    static Map<String, Object> analysis(DocumentRecord d, AnalysisRecord a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.getId());
        m.put("source", d.getSourceUri());
        m.put("title", d.getTitle());
        m.put("mediaType", d.getMediaType());
        m.put("kind", d.getKind());
        m.put("language", d.getLanguage());
        m.put("engine", a.getEngine());
        m.put("engineVersion", a.getEngineVersion());
        m.put("summary", a.getSummary());
        m.put("keyPoints", a.getKeyPoints());
        List<Map<String, Object>> items = new ArrayList<>();
        for (ActionItem i : a.getActionItems()) {
            items.add(RecordJson.actionItem(i));
        }
        m.put("actionItems", items);
        return m;
    }

    static Map<String, Object> failure(IngestFailure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", f.getSourceUri());
        m.put("stage", f.getStage());
        m.put("kind", f.getErrorKind());
        m.put("message", f.getMessage());
        return m;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    static void printAnalysis(PrintStream out, DocumentRecord d, AnalysisRecord a) {
        out.println(BOLD + (d.getTitle() == null ? d.getSourceUri() : d.getTitle()) + RESET
                + DIM + "  " + d.getMediaType() + (d.getLanguage() == null ? "" : ", " + d.getLanguage())
                + ("transcript".equals(d.getKind()) ? ", transcript" : "") + RESET);
        out.println(DIM + "  " + d.getSourceUri() + RESET);
        out.println(wrap(a.getSummary(), "  ", 100));
        if (!a.getActionItems().isEmpty()) {
            out.println("  " + BOLD + "Action items" + RESET);
            for (ActionItem i : a.getActionItems()) {
                String owner = i.getOwner() == null ? "(no owner)" : i.getOwner();
                String due = i.getDueDate() != null ? " — due " + i.getDueDate()
                        + (i.getDueText() != null ? " (" + i.getDueText() + ")" : "")
                        : i.getDueText() != null ? " — " + i.getDueText() : "";
                out.println("  • " + YELLOW + owner + RESET + ": " + i.getTask() + due);
                String who = i.getEvidence().getSpeaker() == null ? "" : i.getEvidence().getSpeaker()
                        + (i.getEvidence().getTimeMs() == null ? "" : " at " + clock(i.getEvidence().getTimeMs())) + ": ";
                out.println(DIM + "      “" + who + abbreviate(i.getEvidence().getText().replaceAll("\\s+", " "), 110) + "”" + RESET);
            }
        }
        out.println();
    }

    static void printHit(PrintStream out, int rank, SearchHit h) {
        out.printf("%2d. %s%s%s  %s(%s%s%s, found by %s)%s%n", rank, BOLD, h.title() == null ? h.source() : h.title(), RESET, DIM,
                h.type(), h.collection() == null || h.collection().isEmpty() ? "" : ", " + h.collection(),
                h.date() == null ? "" : ", " + h.date(), String.join(" + ", h.matchedBy()), RESET);
        out.println("    " + terminalHighlight(h.snippet()));
        out.println("    " + DIM + h.source() + RESET);
    }

    static void printFailure(PrintStream out, IngestFailure f) {
        out.println("  ✗ " + BOLD + f.getSourceUri() + RESET + DIM + "  [" + f.getStage() + "/" + f.getErrorKind() + "]" + RESET);
        out.println(wrap(f.getMessage(), "      ", 100));
    }

    /** The snippet's {@code <b>} marks as bold (or «» without a terminal), HTML entities decoded. */
    static String terminalHighlight(String snippet) {
        String open = COLOR ? BOLD + YELLOW : "«";
        String close = COLOR ? RESET : "»";
        return snippet.replace("<b>", open).replace("</b>", close).replace("\n", " ")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#x27;", "'")
                .replace("&#39;", "'").replace("&#x2F;", "/").replace("&amp;", "&");
    }

    static String clock(long ms) {
        long s = ms / 1000;
        return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String wrap(String text, String indent, int width) {
        StringBuilder out = new StringBuilder(indent);
        int col = indent.length();
        for (String word : text.split("\\s+")) {
            if (col + word.length() + 1 > width && col > indent.length()) {
                out.append('\n').append(indent);
                col = indent.length();
            } else if (col > indent.length()) {
                out.append(' ');
                col++;
            }
            out.append(word);
            col += word.length();
        }
        return out.toString();
    }
}
