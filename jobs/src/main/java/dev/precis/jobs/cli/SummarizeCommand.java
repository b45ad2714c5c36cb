package dev.precis.jobs.cli;

import dev.precis.attention.analysis.Analyzer;
import dev.precis.attention.analysis.Analyzers;
import dev.precis.ingest.IngestException;
import dev.precis.ingest.Ingestor;
import dev.precis.schemas.AnalysisRecord;
import dev.precis.schemas.DocumentRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "summarize", mixinStandardHelpOptions = true,
        description = "Analyse one file right here (no job, no index) and print its summary and action items.")
final class SummarizeCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The file.")
    Path file;

    @Option(names = "--json", description = "Print one JSON object: the document's id, title, summary, keyPoints, actionItems.")
    boolean json;

    @Mixin
    JobOptions options;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a file");
        }
        byte[] bytes = Files.readAllBytes(file);
        Path abs = file.toAbsolutePath().normalize();
        DocumentRecord doc;
        // One file and no job to protect: Tika runs in this process, with the same limits.
        try (Ingestor ingestor = new Ingestor(options.ingest().inProcess())) {
            doc = ingestor.ingest(new Ingestor.Source(abs.toUri().toString(), abs.getFileName().toString(),
                    abs.getParent().getFileName().toString(), bytes.length, Files.getLastModifiedTime(abs).toMillis()), bytes);
        } catch (IngestException e) {
            System.err.println("precis: " + file + ": " + e.getMessage() + " [" + e.stage() + "/" + e.kind() + "]");
            return 1;
        }
        try (Analyzer analyzer = Analyzers.create(options.analyzer())) {
            AnalysisRecord analysis = analyzer.analyze(doc);
            if (json) {
                System.out.println(Views.json(Views.analysis(doc, analysis)));
            } else {
                Views.printAnalysis(System.out, doc, analysis);
            }
        }
        return 0;
    }
}
