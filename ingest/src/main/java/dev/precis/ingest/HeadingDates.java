package dev.precis.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date a document states at its head: minutes and transcripts open with the meeting's date ("Product
 * sync, 4 March 2024", "Date: 09. 06. 2020", "Meeting 2024-03-04", "March 4, 2024"), and that date, not the
 * file's, is what "by Friday" in them counts from. Only the first lines are read, and only forms that say
 * which number is the day: ISO dates, a month's name, day-first dates with dots ("14.02.2020", the European
 * way), and slashed dates whose first number cannot be a month ("29/09/2020"). "03/04/2024" could be either,
 * so it says nothing.
 */
final class HeadingDates {
    /** How far into the text the heading may reach. */
    static final int HEAD_CHARS = 400;
    static final int HEAD_LINES = 6;

    private static final String MONTH = "(?<month>january|february|march|april|may|june|july|august|september|october|november|december"
            + "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?";
    private static final Pattern ISO = Pattern.compile("\\b(?<year>(?:19|20)\\d{2})-(?<m>\\d{2})-(?<day>\\d{2})\\b");
    private static final Pattern DAY_MONTH_NAME = Pattern.compile("(?i)\\b(?<day>\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+(?:of\\s+)?" + MONTH
            + ",?\\s+(?<year>(?:19|20)\\d{2})\\b");
    private static final Pattern MONTH_NAME_DAY = Pattern.compile("(?i)\\b" + MONTH + "\\s+(?<day>\\d{1,2})(?:st|nd|rd|th)?,?\\s+"
            + "(?<year>(?:19|20)\\d{2})\\b");
    private static final Pattern DOTTED = Pattern.compile("\\b(?<day>\\d{1,2})\\.\\s?(?<m>\\d{1,2})\\.\\s?(?<year>(?:19|20)\\d{2})\\b");
    private static final Pattern SLASHED = Pattern.compile("\\b(?<day>\\d{1,2})/(?<m>\\d{1,2})/(?<year>(?:19|20)\\d{2})\\b");

    private HeadingDates() {}

    /** The date the head of the text states, or null. */
    static LocalDate of(String text) {
        String head = head(text);
        LocalDate best = null;
        int at = Integer.MAX_VALUE;
        for (Pattern p : new Pattern[] {ISO, DAY_MONTH_NAME, MONTH_NAME_DAY, DOTTED, SLASHED}) {
            Matcher m = p.matcher(head);
            while (m.find()) {
                LocalDate d = date(p, m);
                if (d != null) {
                    if (m.start() < at) {
                        best = d;
                        at = m.start();
                    }
                    break;
                }
            }
        }
        return best;
    }

    private static String head(String text) {
        String head = text.length() > HEAD_CHARS ? text.substring(0, HEAD_CHARS) : text;
        int lines = 0;
        for (int i = 0; i < head.length(); i++) {
            if (head.charAt(i) == '\n' && ++lines == HEAD_LINES) {
                return head.substring(0, i);
            }
        }
        return head;
    }

    private static LocalDate date(Pattern p, Matcher m) {
        int year = Integer.parseInt(m.group("year"));
        int day = Integer.parseInt(m.group("day"));
        int month;
        if (p == DAY_MONTH_NAME || p == MONTH_NAME_DAY) {
            month = month(m.group("month").toLowerCase(Locale.ROOT));
        } else {
            month = Integer.parseInt(m.group("m"));
            if (p == SLASHED && day <= 12) {
                return null; // 03/04/2024: the 3rd of April or March the 4th
            }
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null; // "31.02.2020" is no date
        }
    }

    private static int month(String name) {
        String[] months = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
        for (int i = 0; i < months.length; i++) {
            if (name.startsWith(months[i])) {
                return i + 1;
            }
        }
        return 0;
    }
}
