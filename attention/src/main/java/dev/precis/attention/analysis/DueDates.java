package dev.precis.attention.analysis;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.Year;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and resolves due phrases against the date the document speaks from: "today", "EOD", "tomorrow",
 * "the day after tomorrow", "by Friday", "next Friday" (the Friday of the following week), "Monday next
 * week", "this weekend", "later this week", "early next week", "next week" (the Friday of the following
 * week), "end of the month", "end of the quarter", "end of Q3", "in two weeks", "within 3 business days",
 * "10 days from now", "the 15th" (the next 15th), "5 March", "Dec 3", "end of March", "mid-April", and ISO
 * dates. A day and month without a year is the next such date on or after the anchor. "In a few days"
 * is found but names no day.
 */
final class DueDates {
    private static final String MONTH = "(?:january|february|march|april|may|june|july|august|september|october|november|december"
            + "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)";
    private static final String WEEKDAY = "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
    private static final String COUNT = "(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of"
            + "|couple of|a few|few|\\d{1,3})";
    private static final String UNIT = "(?:business days?|working days?|days?|weeks?|months?)";

    /** A due phrase; group "due" is what is kept as written. */
    static final Pattern PHRASE = Pattern.compile("(?i)\\b(?<due>(?:(?:by|on|until|till|before|no later than) )?(?:"
            + "(?:the )?day after tomorrow"
            + "|(?:this |next )?(?:today|tonight|tomorrow|eod|cob|close of business|this (?:morning|afternoon|evening)"
            + "|(?:the )?end of (?:the |this |next )?(?:business day|day|week|month|quarter|year)|next week|this week|next month|next quarter"
            + "|(?:this|the|over the) weekend|later this week|early next week|later next week)"
            + "|(?:the )?end of q[1-4]|(?:in|by|before|until) q[1-4]|(?:in )?the (?:first|second|third|fourth|last) quarter"
            + "|(?:this |next )?" + WEEKDAY + "(?: next week| this week)?"
            + "|(?:with)?in (?:the next )?" + COUNT + " " + UNIT + "|" + COUNT + " " + UNIT + " from (?:now|today)"
            + "|\\d{4}-\\d{2}-\\d{2}"
            + "|(?:the )?\\d{1,2}(?:st|nd|rd|th)? (?:of )?" + MONTH + "(?: \\d{4})?"
            + "|" + MONTH + "\\.? \\d{1,2}(?:st|nd|rd|th)?(?:,? \\d{4})?"
            + "|(?:the )?(?:end|beginning|start|middle) of " + MONTH + "|mid-?\\s?" + MONTH
            + "|the \\d{1,2}(?:st|nd|rd|th)"
            + "))\\b");
    private static final Pattern DAY_MONTH = Pattern.compile("(\\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)(?: (\\d{4}))?");
    private static final Pattern MONTH_DAY = Pattern.compile("([a-z]+)\\.? (\\d{1,2})(?:st|nd|rd|th)?(?:,? (\\d{4}))?");
    private static final Pattern OFFSET = Pattern.compile("(?:with)?in (?:the next )?(.+?) (" + UNIT + ")|(.+?) (" + UNIT + ") from (?:now|today)");
    private static final Pattern DAY_OF_MONTH = Pattern.compile("(\\d{1,2})(?:st|nd|rd|th)");
    private static final Pattern PART_OF_MONTH = Pattern.compile("(end|beginning|start|middle) of ([a-z]+)|mid-?\\s?([a-z]+)");
    /** "end of Q3", "in Q3", "the third quarter": the quarter's last day. */
    private static final Pattern QUARTER = Pattern.compile("(?:end of |in )?(?:q([1-4])|(?:in )?the (first|second|third|fourth|last) quarter)");
    private static final List<String> ORDINALS = List.of("first", "second", "third", "fourth", "last");
    private static final String[] NUMBERS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve"};

    private DueDates() {}

    private static final String ZH_DAYS = "一二三四五六日";
    /** "12月15日" / "3月8号". */
    private static final Pattern ZH_DATE = Pattern.compile("(1[0-2]|0?[1-9])月(\\d{1,2})[日号]");

    /** The English form of a Chinese due phrase (明天 → tomorrow, 周五 → friday, 下周三 → next wednesday). */
    static String fromChinese(String zh) {
        switch (zh) {
            case "今天", "今晚" -> {
                return "today";
            }
            case "明天" -> {
                return "tomorrow";
            }
            case "下周" -> {
                return "next week";
            }
            case "本周", "这周" -> {
                return "this week";
            }
            case "月底" -> {
                return "end of month";
            }
            case "下个月", "下月" -> {
                return "next month";
            }
            default -> { }
        }
        Matcher date = ZH_DATE.matcher(zh);
        if (date.matches()) {
            return date.group(2) + " " + Month.of(Integer.parseInt(date.group(1))).name().toLowerCase(Locale.ROOT);
        }
        char last = zh.charAt(zh.length() - 1);
        int i = ZH_DAYS.indexOf(last == '天' ? '日' : last);
        if (i < 0) {
            return zh;
        }
        String day = DayOfWeek.of(i + 1).name().toLowerCase(Locale.ROOT);
        return zh.startsWith("下周") ? "next " + day : day;
    }

    /** The ISO date, or null when the phrase needs an anchor and there is none, or names no day. */
    static String resolve(String dueText, LocalDate anchor) {
        String d = dueText.toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ")
                .replaceFirst("^(?:by|on|until|till|before|no later than) ", "");
        if (d.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return LocalDate.parse(d).toString();
        }
        LocalDate due = absolute(d);
        if (due == null && anchor != null) {
            due = relative(d, anchor);
        }
        return due == null ? null : due.toString();
    }

    /** A date that names its year ("5 March 2025", "Dec 3, 2024"). */
    private static LocalDate absolute(String d) {
        Matcher m = DAY_MONTH.matcher(d.replaceFirst("^the ", ""));
        if (m.matches() && m.group(3) != null) {
            return date(Integer.parseInt(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1)));
        }
        m = MONTH_DAY.matcher(d);
        if (m.matches() && m.group(3) != null) {
            return date(Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2)));
        }
        return null;
    }

    private static LocalDate relative(String d, LocalDate anchor) {
        d = d.replaceFirst("^(?:the|over the) ", "").replace("end of the ", "end of ").replace("end of this ", "end of ");
        LocalDate nextMonday = anchor.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        switch (d) {
            case "today", "tonight", "end of day", "end of business day", "eod", "cob", "close of business", "this morning",
                    "this afternoon", "this evening" -> {
                return anchor;
            }
            case "tomorrow" -> {
                return anchor.plusDays(1);
            }
            case "day after tomorrow" -> {
                return anchor.plusDays(2);
            }
            case "this week", "end of week", "later this week" -> {
                return anchor.with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
            }
            case "weekend", "this weekend" -> {
                return anchor.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
            }
            case "early next week" -> {
                return nextMonday.plusDays(1);
            }
            case "next week", "end of next week", "later next week" -> {
                return nextMonday.plusDays(4);
            }
            case "end of month" -> {
                return anchor.with(TemporalAdjusters.lastDayOfMonth());
            }
            case "next month", "end of next month" -> {
                return anchor.plusMonths(1).with(TemporalAdjusters.lastDayOfMonth());
            }
            case "end of quarter" -> {
                return endOfQuarter(anchor);
            }
            case "next quarter", "end of next quarter" -> {
                return endOfQuarter(anchor.plusMonths(3));
            }
            case "end of year" -> {
                return anchor.with(TemporalAdjusters.lastDayOfYear());
            }
            default -> { }
        }
        LocalDate weekday = weekday(d, anchor, nextMonday);
        if (weekday != null) {
            return weekday;
        }
        Matcher m = OFFSET.matcher(d);
        if (m.matches()) {
            boolean first = m.group(1) != null;
            return offset(anchor, count(first ? m.group(1) : m.group(3)), first ? m.group(2) : m.group(4));
        }
        m = QUARTER.matcher(d);
        if (m.matches()) {
            int q = m.group(1) != null ? Integer.parseInt(m.group(1)) : Math.min(4, ORDINALS.indexOf(m.group(2)) + 1);
            LocalDate end = endOfQuarter(LocalDate.of(anchor.getYear(), q * 3, 1));
            return end.isBefore(anchor) ? end.plusYears(1).with(TemporalAdjusters.lastDayOfMonth()) : end;
        }
        m = PART_OF_MONTH.matcher(d);
        if (m.matches()) {
            Month month = month(m.group(2) != null ? m.group(2) : m.group(3));
            String part = m.group(1) == null ? "middle" : m.group(1);
            if (month == null) {
                return null;
            }
            int day = switch (part) {
                case "end" -> month.maxLength(); // 29 February falls back to the 28th in a common year
                case "middle" -> 15;
                default -> 1;
            };
            return onOrAfter(month, day, anchor);
        }
        m = DAY_MONTH.matcher(d);
        if (m.matches()) {
            return onOrAfter(month(m.group(2)), Integer.parseInt(m.group(1)), anchor);
        }
        m = MONTH_DAY.matcher(d);
        if (m.matches()) {
            return onOrAfter(month(m.group(1)), Integer.parseInt(m.group(2)), anchor);
        }
        m = DAY_OF_MONTH.matcher(d);
        if (m.matches()) {
            int day = Integer.parseInt(m.group(1));
            for (LocalDate month = anchor.withDayOfMonth(1); day >= 1 && day <= 31; month = month.plusMonths(1)) {
                if (day <= month.lengthOfMonth() && !month.withDayOfMonth(day).isBefore(anchor)) {
                    return month.withDayOfMonth(day);
                }
            }
        }
        return null;
    }

    /** "Friday" is the next Friday after the anchor, "next Friday" and "Friday next week" that of the following week. */
    private static LocalDate weekday(String d, LocalDate anchor, LocalDate nextMonday) {
        String day = d.replaceFirst("^(this|next) ", "").replaceFirst(" (next|this) week$", "");
        for (DayOfWeek w : DayOfWeek.values()) {
            if (w.name().toLowerCase(Locale.ROOT).equals(day)) {
                if (d.startsWith("next ") || d.endsWith(" next week")) {
                    return nextMonday.with(TemporalAdjusters.nextOrSame(w));
                }
                return d.endsWith(" this week") ? anchor.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                        .with(TemporalAdjusters.nextOrSame(w)) : anchor.with(TemporalAdjusters.next(w));
            }
        }
        return null;
    }

    /** "a", "two", "a couple of", "3": how many; -1 for "a few", which names no number. */
    private static int count(String n) {
        n = n.strip();
        if (n.matches("\\d+")) {
            return Integer.parseInt(n);
        }
        if (n.matches("a|an")) {
            return 1;
        }
        if (n.matches("(?:a )?couple of")) {
            return 2;
        }
        for (int i = 0; i < NUMBERS.length; i++) {
            if (NUMBERS[i].equals(n)) {
                return i;
            }
        }
        return -1;
    }

    private static LocalDate offset(LocalDate anchor, int n, String unit) {
        if (n < 0) {
            return null;
        }
        if (unit.startsWith("business") || unit.startsWith("working")) {
            LocalDate d = anchor;
            for (int left = n; left > 0; ) {
                d = d.plusDays(1);
                if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                    left--;
                }
            }
            return d;
        }
        if (unit.startsWith("day")) {
            return anchor.plusDays(n);
        }
        return unit.startsWith("week") ? anchor.plusWeeks(n) : anchor.plusMonths(n);
    }

    private static LocalDate endOfQuarter(LocalDate d) {
        int lastMonth = (d.getMonthValue() - 1) / 3 * 3 + 3;
        return d.withDayOfMonth(1).withMonth(lastMonth).with(TemporalAdjusters.lastDayOfMonth());
    }

    private static Month month(String name) {
        for (Month m : Month.values()) {
            String full = m.name().toLowerCase(Locale.ROOT);
            if (full.equals(name) || name.length() >= 3 && full.startsWith(name) && (name.length() == 3 || name.equals("sept"))) {
                return m;
            }
        }
        return null;
    }

    private static LocalDate date(int year, Month month, int day) {
        return month == null || day < 1 || day > month.length(Year.isLeap(year)) ? null : LocalDate.of(year, month, day);
    }

    /** The next such date on or after the anchor: 29 February falls back to the 28th in a common year. */
    private static LocalDate onOrAfter(Month month, int day, LocalDate anchor) {
        if (month == null || day < 1 || day > month.maxLength()) {
            return null;
        }
        MonthDay md = MonthDay.of(month, day);
        LocalDate due = md.atYear(anchor.getYear());
        return due.isBefore(anchor) ? md.atYear(anchor.getYear() + 1) : due;
    }
}
