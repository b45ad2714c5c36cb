package dev.precis.attention.analysis.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The summary quality bar on the QMSum validation meetings (general queries, 110 words): Precis
 * reaches ROUGE-1/2/L of at least 27 / 4.5 / 24 and beats its own Lead and TextRank by at least four
 * ROUGE-1 points in the same run.
 */
class QmsumQualityIT {

    @Test
    void precisBeatsTheBaselinesOnRealMeetings() {
        Path file = TestData.require("qmsum/val.jsonl");
        List<QmsumEval.SystemScore> scores = QmsumEval.run(file, 110);
        System.out.print(QmsumEval.renderText(scores));
        QmsumEval.SystemScore precis = scores.get(0);
        QmsumEval.SystemScore lead = scores.get(1);
        QmsumEval.SystemScore textRank = scores.get(2);
        String table = QmsumEval.renderText(scores);
        assertTrue(precis.n() >= 35, table);
        assertTrue(precis.rouge1() >= 27, table);
        assertTrue(precis.rouge2() >= 4.5, table);
        assertTrue(precis.rougeL() >= 24, table);
        assertTrue(precis.rouge1() >= lead.rouge1() + 4, table);
        assertTrue(precis.rouge1() >= textRank.rouge1() + 4, table);
    }
}
