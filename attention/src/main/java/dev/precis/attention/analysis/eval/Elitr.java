package dev.precis.attention.analysis.eval;

import dev.precis.schemas.DocumentRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads ELITR-format meetings: a folder per meeting with one {@code transcript*.txt} (lines
 * "(PERSON6) text" open a turn, other lines continue it) and one or more {@code minutes*.txt}
 * written by different annotators.
 *
 * <p>Gold action items are the minute lines that assign a task to a person: a line in which one or
 * more anonymised names ("[PERSON6]", "[PERSON5] and [PERSON11]") stand before {@value #GOLD_MODALS}
 * (directly, or with one adverb between: "[PERSON6] still needs to…") followed by the task, and lines that record
 * an agreement on who does it ("[PERSON17] and [PERSON3] agreed that [PERSON3] creates the list"). The same
 * task written in several minutes of one meeting counts once (same owners and at least half of the
 * shorter task's content terms shared). Minutes that list people as headings ("[PERSON6]" and under it
 * "- will check list of figures") assign the lines under a heading that start with a modal to its people.
 */
public final class Elitr {
    static final String GOLD_MODALS = "will, would (not \"would like\"), shall, should, is/are going to, need(s) to, "
            + "has/have to, must, is to, promise(s)/agreed to, promise(s) that he/she/they will/should, or a bare \"to\"";

    /** A gold action item: who (one or more people, lower case without brackets) and the task. */
    public record GoldItem(List<String> owners, String task, String line) {}

    /** One meeting: the transcript as a record and its gold action items. */
    public record Meeting(String name, DocumentRecord document, List<GoldItem> gold) {}

    private static final Pattern TURN = Pattern.compile("^\\(([^)]+)\\)\\s*(.*)$");
    private static final String NAME = "\\[(?:PERSON|ORGANIZATION|ANNOTATOR)\\d+\\]";
    /** One or more names: "[PERSON6]", "[PERSON5] and [PERSON11]", "[PERSON1], [PERSON2] & [PERSON3]". */
    private static final String NAMES = NAME + "(?:\\s*(?:,|and|&)\\s*" + NAME + ")*";
    private static final Pattern ASSIGNMENT = Pattern.compile("(?<names>" + NAMES + ")\\s+"
            + "(?:(?:still|also|then|now|first|really)\\s+)?"
            + "(?:will|shall|should|would(?!\\s+(?:like|love|prefer|rather|be)\\b)|is going to|are going to|needs? to|has to|have to|must|is to"
            + "|promise[sd]? to|promise[sd]? that (?:he|she|they) (?:will|would|should|shall)|agreed to|to)\\s+"
            + "(?<task>.+)");
    /** "[X] and [Y] agreed that [Y] creates the list…": the task is the one agreed for the people after "that". */
    private static final Pattern AGREED_THAT = Pattern.compile("(?i:agreed|decided)\\s+that\\s+(?<names>" + NAMES
            + ")\\s+(?:(?:will|would|should|shall|is to|are to)\\s+)?(?<task>.+)");
    /** "@[PERSON10]/@[PERSON9]: please contact…": a request to the people named before the colon. */
    private static final Pattern ADDRESSED = Pattern.compile("(?<names>@?" + NAME + "(?:\\s*(?:/|,|and|&)\\s*@?" + NAME + ")*)\\s*:\\s*"
            + "please\\s+(?<task>.+)");
    private static final Pattern PREPOSITION_BEFORE = Pattern.compile("(?i)\\b(from|with|to|by|about|of|on|at|for|than|without|like)\\s*$");
    /** Attendance, not work: "join only for a short time", "leave early", "be late". */
    private static final Pattern ATTENDANCE = Pattern.compile("(?i)(?:join|leave|be (?:late|away|absent|off))\\b");
    /** A list line's bullet: "- ", "-- ", "• ". */
    private static final Pattern BULLET = Pattern.compile("[-–•●*\\s]*");
    /** A heading that is only names: "[PERSON6]", "[PERSON5], [PERSON6]". */
    private static final Pattern NAMES_ONLY = Pattern.compile(NAMES + "\\s*:?");
    /** A line under a names heading that states what they will do: "will check list of figures". */
    private static final Pattern MODAL_START = Pattern.compile("(?i)(?:will|shall|should|is going to|are going to|needs? to"
            + "|has to|have to|must)\\s+");
    private static final Pattern ONE_NAME = Pattern.compile("\\[([A-Z]+\\d+)\\]");

    private Elitr() {}

    /** Loads every meeting folder under {@code dir} (or {@code dir} itself when it is one meeting). */
    public static List<Meeting> load(Path dir) {
        return load(dir, "*");
    }

    /**
     * Loads the meeting folders under {@code dir} whose names match {@code glob} ("*", "*_00[1-5]"),
     * so that rules can be developed on some meetings and checked on the others.
     */
    public static List<Meeting> load(Path dir, String glob) {
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("meeting pattern '" + glob + "' is not a valid glob: " + e.getMessage(), e);
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("ELITR directory " + dir + " does not exist or is not a directory");
        }
        List<Path> folders = new ArrayList<>();
        if (!files(dir, "transcript").isEmpty()) {
            folders.add(dir);
        } else {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isDirectory).filter(p -> matcher.matches(p.getFileName()))
                        .filter(p -> !files(p, "transcript").isEmpty()).sorted().forEach(folders::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        if (folders.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no meeting folder matching '" + glob
                    + "' with a transcript*.txt: is it an ELITR-format directory?");
        }
        List<Meeting> out = new ArrayList<>();
        for (Path f : folders) {
            out.add(meeting(f));
        }
        return out;
    }

    private static Meeting meeting(Path folder) {
        Path transcript = files(folder, "transcript").get(0);
        List<Meetings.Utterance> turns = new ArrayList<>();
        String speaker = null;
        StringBuilder text = new StringBuilder();
        for (String line : read(transcript)) {
            Matcher m = TURN.matcher(line.strip());
            if (m.matches()) {
                if (text.length() > 0) {
                    turns.add(new Meetings.Utterance(speaker, text.toString()));
                }
                speaker = m.group(1).strip();
                text.setLength(0);
                text.append(m.group(2));
            } else if (!line.isBlank()) {
                // Each transcript line is one utterance: keep the line break so that a sentence ends there.
                text.append(text.length() == 0 ? "" : "\n").append(line.strip());
            }
        }
        if (text.length() > 0) {
            turns.add(new Meetings.Utterance(speaker, text.toString()));
        }
        List<GoldItem> gold = new ArrayList<>();
        for (Path minutes : files(folder, "minutes")) {
            for (GoldItem g : goldItems(read(minutes))) {
                if (gold.stream().noneMatch(o -> sameTask(o, g))) {
                    gold.add(g);
                }
            }
        }
        String name = folder.getFileName().toString();
        return new Meeting(name, Meetings.transcript(name, name, "en", null, turns), gold);
    }

    /**
     * The gold items of one minutes file: each line on its own ({@link #goldItem}), and the lines under a
     * heading that is only names ("[PERSON6]" or "- [PERSON8]", then "- will check list of figures" or
     * "-- Will start visualization…" one level deeper): a line there that starts with a modal is a task
     * of the heading's people. Such a block ends at a blank line or at a line no deeper than its heading.
     */
    static List<GoldItem> goldItems(List<String> lines) {
        List<GoldItem> out = new ArrayList<>();
        String names = null;
        int depth = 0;
        for (String line : lines) {
            Matcher bullet = BULLET.matcher(line.strip());
            bullet.lookingAt();
            int d = bullet.group().replaceAll("[^-–•●*]", "").length();
            String body = line.strip().substring(bullet.end());
            if (NAMES_ONLY.matcher(body).matches()) {
                names = body;
                depth = d;
                continue;
            }
            if (line.isBlank() || d <= depth) {
                names = null;
            }
            GoldItem g = goldItem(line);
            if (g == null && names != null) {
                Matcher m = MODAL_START.matcher(body);
                if (m.lookingAt() && !ATTENDANCE.matcher(body.substring(m.end())).lookingAt()) {
                    g = item(names, body.substring(m.end()).strip(), body);
                }
            }
            if (g != null) {
                out.add(g);
            }
        }
        return out;
    }

    /**
     * The gold item a minute line states, or null when it assigns no task to a person. Not
     * assignments: a name after a preposition ("the deadline from [X] to finalize…", "a meeting with [X]
     * to discuss…": the name is not who acts; after "for" it is, "waiting for [X] to test…") and notes on
     * attendance ("[X] will join only for a short time"). A line addressed to people ("@[X]/@[Y]: please
     * contact [Z] to help…") assigns the task to the addressed, not to [Z].
     */
    static GoldItem goldItem(String line) {
        String l = line.strip().replaceFirst("^[-–•●*#\\d.)\\s]+", "");
        Matcher a = ADDRESSED.matcher(l);
        if (a.matches()) {
            return item(a.group("names"), a.group("task").strip(), l);
        }
        Matcher agreed = AGREED_THAT.matcher(l);
        if (agreed.find()) {
            return item(agreed.group("names"), agreed.group("task").strip(), l);
        }
        Matcher m = ASSIGNMENT.matcher(l);
        while (m.find()) {
            Matcher p = PREPOSITION_BEFORE.matcher(l.substring(0, m.start()));
            if (p.find() && !p.group(1).equalsIgnoreCase("for")) {
                continue;
            }
            String task = m.group("task").strip().replaceFirst("^(?:will|should|to)\\s+", "").replaceFirst("^be able to\\s+", "");
            return ATTENDANCE.matcher(task).lookingAt() ? null : item(m.group("names"), task, l);
        }
        return null;
    }

    private static GoldItem item(String names, String task, String line) {
        List<String> owners = new ArrayList<>();
        Matcher n = ONE_NAME.matcher(names);
        while (n.find()) {
            owners.add(n.group(1).toLowerCase(Locale.ROOT));
        }
        return task.split("\\s+").length < 2 ? null : new GoldItem(owners, task, line);
    }

    private static boolean sameTask(GoldItem a, GoldItem b) {
        return a.owners().equals(b.owners()) && ActionEval.overlap(a.task(), b.task()) >= 0.5;
    }

    private static List<Path> files(Path folder, String prefix) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
