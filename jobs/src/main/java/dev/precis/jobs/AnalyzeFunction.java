package dev.precis.jobs;

import dev.precis.attention.analysis.AnalysisException;
import dev.precis.attention.analysis.Analyzer;
import dev.precis.attention.analysis.AnalyzerConfig;
import dev.precis.attention.analysis.Analyzers;
import dev.precis.schemas.AnalyzedDocument;
import dev.precis.schemas.DocumentRecord;
import org.apache.flink.api.common.accumulators.IntCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the configured analyzer over each document; a document it cannot handle becomes a failure. */
public final class AnalyzeFunction extends ProcessFunction<DocumentRecord, AnalyzedDocument> {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyzeFunction.class);

    private final AnalyzerConfig config;
    private transient Analyzer analyzer;
    private transient IntCounter documents;
    private transient IntCounter failures;

    public AnalyzeFunction(AnalyzerConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext context) {
        analyzer = Analyzers.create(config);
        documents = getRuntimeContext().getIntCounter(Progress.DOCUMENTS);
        failures = getRuntimeContext().getIntCounter(Progress.FAILURES);
    }

    @Override
    public void processElement(DocumentRecord doc, Context ctx, Collector<AnalyzedDocument> out) {
        try {
            out.collect(new AnalyzedDocument(doc, analyzer.analyze(doc)));
            documents.add(1);
            LOG.info("analysed {} ({} characters)", doc.getSourceUri(), doc.getText().length());
        } catch (AnalysisException e) {
            failures.add(1);
            ctx.output(Failures.TAG, Failures.of(doc.getSourceUri(), doc.getContentHash(), "analyze", e.kind(), e.getMessage()));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            LOG.warn("analysing {} failed unexpectedly", doc.getSourceUri(), e);
            failures.add(1);
            ctx.output(Failures.TAG, Failures.of(doc.getSourceUri(), doc.getContentHash(), "analyze", "analyzer-error",
                    Failures.unexpected(e)));
        }
    }

    @Override
    public void close() {
        if (analyzer != null) {
            analyzer.close();
        }
    }
}
