package dev.precis.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A generated, reproducible inbox for measuring ingest: meeting transcripts (speaker lines, WebVTT), HTML
 * reports and plain-text notes of varied length, plus the PDF and Word files of a seed folder when given.
 */
public final class BenchCorpus {
    private static final String[] NAMES = {"Anna", "Tom", "Maria", "Wei", "Priya", "Jonas", "Sofia", "Kenji"};
    private static final String[] WORDS = ("budget release customer migration roadmap pricing review hiring contract vendor "
            + "deadline launch metrics support security audit design prototype feedback training rollout backlog sprint "
            + "quarter revenue forecast partner onboarding incident analytics dashboard compliance").split(" ");

    /** Files written and their total size. */
    public record Summary(int files, long bytes) {}

    private BenchCorpus() {}

    public static Summary write(Path dir, int files, long seed, Path seeds) throws IOException {
        if (files < 1) {
            throw new IllegalArgumentException("corpus size " + files + " must be at least 1");
        }
        Files.createDirectories(dir);
        Random random = new Random(seed);
        List<Path> binaries = seeds == null || !Files.isDirectory(seeds) ? List.of() : list(seeds);
        long bytes = 0;
        for (int i = 0; i < files; i++) {
            int kind = i % (binaries.isEmpty() ? 4 : 5);
            int sentences = 20 + random.nextInt(i % 10 == 0 ? 2000 : 200);
            Path file;
            switch (kind) {
                case 0 -> file = Files.writeString(dir.resolve("meeting-" + i + ".txt"), speakerLines(random, sentences));
                case 1 -> file = Files.writeString(dir.resolve("call-" + i + ".vtt"), webVtt(random, sentences));
                case 2 -> file = Files.writeString(dir.resolve("report-" + i + ".html"), html(random, sentences));
                case 3 -> file = Files.writeString(dir.resolve("notes-" + i + ".txt"), prose(random, sentences));
                default -> {
                    Path original = binaries.get(i % binaries.size());
                    file = Files.copy(original, dir.resolve(i + "-" + original.getFileName()));
                }
            }
            bytes += Files.size(file);
        }
        return new Summary(files, bytes);
    }

    private static List<Path> list(Path seeds) throws IOException {
        try (Stream<Path> s = Files.list(seeds)) {
            return s.filter(p -> p.toString().endsWith(".pdf") || p.toString().endsWith(".docx"))
                    .filter(p -> !p.getFileName().toString().startsWith("quarterly")) // the deliberately corrupt one
                    .sorted().toList();
        }
    }

    private static String sentence(Random r) {
        StringBuilder s = new StringBuilder();
        int n = 6 + r.nextInt(14);
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
        }
        if (r.nextInt(6) == 0) {
            s.append(", and ").append(NAMES[r.nextInt(NAMES.length)]).append(" will send the ")
                    .append(WORDS[r.nextInt(WORDS.length)]).append(" plan by Friday");
        }
        return Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
    }

    private static String speakerLines(Random r, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(NAMES[r.nextInt(NAMES.length)]).append(": ").append(sentence(r)).append('\n');
        }
        return s.toString();
    }

    private static String webVtt(Random r, int n) {
        StringBuilder s = new StringBuilder("WEBVTT\n\n");
        for (int i = 0; i < n; i++) {
            s.append(String.format("%02d:%02d:%02d.000 --> %02d:%02d:%02d.500%n", i * 5 / 3600, i * 5 / 60 % 60, i * 5 % 60,
                    i * 5 / 3600, i * 5 / 60 % 60, i * 5 % 60 + 4));
            s.append("<v ").append(NAMES[r.nextInt(NAMES.length)]).append('>').append(sentence(r)).append("</v>\n\n");
        }
        return s.toString();
    }

    private static String html(Random r, int n) {
        StringBuilder s = new StringBuilder("<html><head><title>Status report</title></head><body><h1>Status report</h1>\n");
        for (int i = 0; i < n; i += 4) {
            s.append("<p>");
            for (int j = i; j < Math.min(n, i + 4); j++) {
                s.append(sentence(r)).append(' ');
            }
            s.append("</p>\n");
        }
        return s.append("</body></html>\n").toString();
    }

    private static String prose(Random r, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(sentence(r)).append(i % 5 == 4 ? "\n\n" : " ");
        }
        return s.toString();
    }
}
