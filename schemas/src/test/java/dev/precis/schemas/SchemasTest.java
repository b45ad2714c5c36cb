package dev.precis.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class SchemasTest {

    @Test
    void anOwnerFieldMayNameSeveralPeople() {
        assertEquals(List.of("Dana", "Tom"), Owners.of("Dana, Tom"));
        assertEquals(List.of("PERSON5"), Owners.of("PERSON5"));
        assertEquals(List.of(), Owners.of(null));
        assertEquals("Dana, Tom", Owners.join(List.of("Dana", "Tom", "Dana")));
        assertEquals(null, Owners.join(List.of()));
    }

    @Test
    void aDocumentWithItsAnalysisSurvivesAvroBinary() throws IOException {
        DocumentRecord doc = DocumentRecord.newBuilder().setId("d").setSourceUri("file:/inbox/m.vtt").setContentHash("ab")
                .setMediaType("text/vtt").setKind("transcript").setText("Ann: I'll send it.\n")
                .setTurns(List.of(Turn.newBuilder().setSpeaker("Ann").setStartMs(1000L).setEndMs(2000L)
                        .setText("I'll send it.").setCharStart(5).setCharEnd(18).build()))
                .setSentenceStarts(List.of(5)).setSentenceEnds(List.of(18)).setMetadata(Map.of("k", "v"))
                .setIngestedAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();
        ActionItem item = ActionItem.newBuilder().setTask("send it").setOwner("Ann").setDueDate("2024-03-08")
                .setDueText("by Friday").setConfidence(0.8f)
                .setEvidence(Evidence.newBuilder().setCharStart(5).setCharEnd(18).setText("I'll send it.")
                        .setSpeaker("Ann").setTimeMs(1000L).build()).build();
        AnalysisRecord analysis = AnalysisRecord.newBuilder().setDocumentId("d").setEngine("extractive")
                .setEngineVersion("test").setSummary("Ann sends it.").setActionItems(List.of(item))
                .setAnalyzedAt(Instant.ofEpochMilli(1_700_000_001_000L)).build();
        AnalyzedDocument original = new AnalyzedDocument(doc, analysis);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(AnalyzedDocument.class).write(original, encoder);
        encoder.flush();
        AnalyzedDocument copy = new SpecificDatumReader<>(AnalyzedDocument.class)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        assertEquals(original, copy);
        assertEquals("Ann", copy.getAnalysis().getActionItems().get(0).getEvidence().getSpeaker());
        assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), copy.getDocument().getIngestedAt());
    }

    @Test
    void theActionItemJsonSchemaAcceptsWhatItDescribesAndRejectsTheRest() throws IOException {
        Schema schema;
        try (InputStream in = getClass().getResourceAsStream("/dev/precis/schemas/action-items.schema.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        String good = "{\"action_items\":[{\"task\":\"send the budget\",\"owner\":\"Lena\",\"due_date\":\"2024-03-08\","
                + "\"due_text\":\"by Friday\",\"evidence\":\"Lena, can you send the budget by Friday?\",\"confidence\":0.9}]}";
        assertTrue(schema.validate(good, InputFormat.JSON).isEmpty());
        String noOwner = good.replace("\"Lena\"", "null");
        assertTrue(schema.validate(noOwner, InputFormat.JSON).isEmpty(), "an item may have no owner");

        List<Error> badDate = schema.validate(good.replace("2024-03-08", "Friday"), InputFormat.JSON);
        assertFalse(badDate.isEmpty(), "due_date must be an ISO date");
        List<Error> extra = schema.validate(good.replace("\"confidence\":0.9", "\"confidence\":0.9,\"x\":1"), InputFormat.JSON);
        assertFalse(extra.isEmpty(), "unknown fields are refused");
        List<Error> missing = schema.validate("{\"action_items\":[{\"task\":\"send\"}]}", InputFormat.JSON);
        assertFalse(missing.isEmpty(), "required fields are required");
    }
}
