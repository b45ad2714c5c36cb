package dev.precis.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.attention.analysis.AnalyzerConfig;
import dev.precis.attention.analysis.ExtractiveAnalyzer;
import dev.precis.schemas.AnalysisRecord;
import dev.precis.schemas.AnalyzedDocument;
import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.Turn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** QMSum validation meetings as analysed documents, and each meeting's specific queries. */
final class Qmsum {
    private static final Pattern SENTENCE = Pattern.compile("[^.!?]+[.!?]*");

    record Meeting(AnalyzedDocument document, List<String> queries) {}

    private Qmsum() {}

    /** {@code shared/data/qmsum/val.jsonl} in a folder above the working directory, or null. */
    static Path find() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path p = dir.resolve("shared/data/qmsum/val.jsonl");
            if (Files.isRegularFile(p)) {
                return p;
            }
            dir = dir.getParent();
        }
        return null;
    }

    static List<Meeting> load(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ExtractiveAnalyzer analyzer = new ExtractiveAnalyzer(new AnalyzerConfig(AnalyzerConfig.EXTRACTIVE, 150, 5, Map.of()));
        List<Meeting> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode m = json.readTree(line);
            String id = "qmsum-val-" + n++;
            StringBuilder text = new StringBuilder();
            List<Turn> turns = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            List<Integer> ends = new ArrayList<>();
            for (JsonNode t : m.get("meeting_transcripts")) {
                String content = t.get("content").asText().strip();
                if (content.isEmpty()) {
                    continue;
                }
                int start = text.length();
                text.append(content);
                Matcher s = SENTENCE.matcher(content);
                while (s.find()) {
                    if (!s.group().isBlank()) {
                        starts.add(start + s.start());
                        ends.add(start + s.end());
                    }
                }
                turns.add(Turn.newBuilder().setSpeaker(t.get("speaker").asText()).setText(content)
                        .setCharStart(start).setCharEnd(text.length()).build());
                text.append('\n');
            }
            DocumentRecord d = DocumentRecord.newBuilder().setId(id).setSourceUri("qmsum:val/" + n).setCollection("qmsum")
                    .setContentHash(id).setMediaType("text/plain").setKind("transcript").setTitle(null).setLanguage("en")
                    .setText(text.toString()).setTurns(turns).setSentenceStarts(starts).setSentenceEnds(ends)
                    .setIngestedAt(Instant.EPOCH).build();
            AnalysisRecord a = analyzer.analyze(d);
            List<String> queries = new ArrayList<>();
            for (JsonNode q : m.get("specific_query_list")) {
                queries.add(q.get("query").asText());
            }
            out.add(new Meeting(new AnalyzedDocument(d, a), queries));
        }
        return out;
    }
}
