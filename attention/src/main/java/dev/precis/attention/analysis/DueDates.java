package dev.precis.attention.analysis;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves due phrases ("by Friday", "next week", "end of month", "5 March", "2024-03-08") against
 * the date the document speaks from. A weekday name means the next such day after the anchor, "next
 * Friday" the Friday of the following week; "next week" the Friday of the following week; a day and month without a year the next such date on or
 * after the anchor.
 */
final class DueDates {
    private static final Pattern DAY_MONTH = Pattern.compile("(?:the )?(\\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)");
    private static final Pattern MONTH_DAY = Pattern.compile("([a-z]+) (\\d{1,2})(?:st|nd|rd|th)?");

    private DueDates() {}

    private static final String ZH_DAYS = "一二三四五六日";

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
            default -> { }
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
        String d = dueText.toLowerCase(Locale.ROOT).strip().replaceFirst("^(by|on|until|before) ", "");
        if (d.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return LocalDate.parse(d).toString();
        }
        if (anchor == null) {
            return null;
        }
        LocalDate due = relative(d, anchor);
        return due == null ? null : due.toString();
    }

    private static LocalDate relative(String d, LocalDate anchor) {
        d = d.replaceFirst("^the ", "").replace("end of the ", "end of ").replace("end of this ", "end of ");
        switch (d) {
            case "today", "tonight", "end of day" -> {
                return anchor;
            }
            case "tomorrow" -> {
                return anchor.plusDays(1);
            }
            case "this week", "end of week" -> {
                return anchor.with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
            }
            case "next week", "end of next week" -> {
                return anchor.with(TemporalAdjusters.next(DayOfWeek.MONDAY)).plusDays(4);
            }
            case "end of month" -> {
                return anchor.with(TemporalAdjusters.lastDayOfMonth());
            }
            case "next month", "end of next month" -> {
                return anchor.plusMonths(1).with(TemporalAdjusters.lastDayOfMonth());
            }
            case "end of year" -> {
                return anchor.with(TemporalAdjusters.lastDayOfYear());
            }
            default -> { }
        }
        String day = d.replaceFirst("^(this|next) ", "");
        for (DayOfWeek w : DayOfWeek.values()) {
            if (w.name().toLowerCase(Locale.ROOT).equals(day)) {
                return d.startsWith("next ")
                        ? anchor.with(TemporalAdjusters.next(DayOfWeek.MONDAY)).with(TemporalAdjusters.nextOrSame(w))
                        : anchor.with(TemporalAdjusters.next(w));
            }
        }
        Matcher m = DAY_MONTH.matcher(d);
        if (m.matches()) {
            return onOrAfter(month(m.group(2)), Integer.parseInt(m.group(1)), anchor);
        }
        m = MONTH_DAY.matcher(d);
        if (m.matches()) {
            return onOrAfter(month(m.group(1)), Integer.parseInt(m.group(2)), anchor);
        }
        return null;
    }

    private static Month month(String name) {
        for (Month m : Month.values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(name)) {
                return m;
            }
        }
        return null;
    }

    private static LocalDate onOrAfter(Month month, int day, LocalDate anchor) {
        if (month == null || day < 1 || day > month.maxLength()) {
            return null;
        }
        MonthDay md = MonthDay.of(month, day);
        LocalDate due = md.atYear(anchor.getYear());
        return due.isBefore(anchor) ? md.atYear(anchor.getYear() + 1) : due;
    }
}
