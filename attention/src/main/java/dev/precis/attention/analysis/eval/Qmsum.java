package dev.precis.attention.analysis.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.schemas.DocumentRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a QMSum-format file: one JSON object per line with {@code meeting_transcripts} (speaker,
 * content) and {@code general_query_list} (query, answer: a summary of the whole meeting).
 */
public final class Qmsum {

    /** One meeting as a transcript record, with the reference answers of its general queries. */
    public record Meeting(DocumentRecord document, List<String> references) {}

    private Qmsum() {}

    public static List<Meeting> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("QMSum file " + file + " does not exist or is not a file");
        }
        ObjectMapper json = new ObjectMapper();
        List<Meeting> meetings = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row = json.readTree(line);
                JsonNode turns = row.path("meeting_transcripts");
                if (!turns.isArray()) {
                    throw new IllegalArgumentException(file + " line " + lineNo
                            + " has no meeting_transcripts array: is this a QMSum-format file?");
                }
                List<Meetings.Utterance> utterances = new ArrayList<>();
                for (JsonNode t : turns) {
                    utterances.add(new Meetings.Utterance(t.path("speaker").asText(null), t.path("content").asText("")));
                }
                List<String> refs = new ArrayList<>();
                for (JsonNode q : row.path("general_query_list")) {
                    refs.add(q.path("answer").asText(""));
                }
                String id = file.getFileName() + "#" + lineNo;
                meetings.add(new Meeting(Meetings.transcript(id, null, "en", null, utterances), refs));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read QMSum file " + file + ": " + e.getMessage(), e);
        }
        return meetings;
    }
}
