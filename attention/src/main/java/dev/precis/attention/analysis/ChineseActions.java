package dev.precis.attention.analysis;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Action items in Chinese text: "王芳负责修复…", "李明需要在周五前提交…", "由王芳负责跟进", "请王芳明天发送…",
 * "让李明整理…", "我会…", "我们要…", "请你…", "待办：陈静更新用户手册", and their due dates (明天, 周五, 下周三,
 * 月底, 下个月, 12月15日).
 *
 * <p>Chinese writes no capitals and no spaces, so a name is found by its surname: one of about a hundred of
 * the most common surnames of mainland China (the top of published frequency rankings, such as the Ministry
 * of Public Security's name report for 2020) or a compound surname, then one or two characters; and it must start a clause or follow a word that
 * introduces a person (由, 让, 请, 和, 与, 跟, 同, 及, 、). After 请 or 让 the name runs straight into the
 * task ("请张晓明发送…"), so a three-character name is taken only when the document writes it elsewhere too
 * (or it is a speaker); otherwise two.
 */
final class ChineseActions {
    /** What was found: the owner (null when a request's addressee must come from the turns), the task, a confidence. */
    record Found(String owner, boolean request, String task, double confidence) {}

    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕"
            + "丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文";
    private static final String SURNAME = "(?:欧阳|司马|诸葛|上官|[" + SURNAMES + "])";
    private static final String NAME = SURNAME + "\\p{IsHan}{1,2}?";
    /** Where a name may start: a clause's start, punctuation, or a word that introduces a person. */
    private static final String BEFORE_NAME = "(?<=^|[^\\p{IsHan}]|[由让请和与跟同及、])";

    private static final Pattern TEAM = Pattern.compile("我们(?:会|将|要|需要|应该|得)(?<task>.{3,})");
    private static final Pattern FIRST = Pattern.compile("(?<![们])我(?!们)(?:会|将|来|负责|要)(?<task>.{3,})");
    /** A name, then will / is responsible for / needs to / should / must, then the task. */
    private static final Pattern NAMED = Pattern.compile(BEFORE_NAME + "(?<name>" + NAME + ")(?:将会|将|负责|会(?![议上])|需要|应该|应当|必须"
            + "|要(?![求是]))(?<task>.{3,})");
    /** 请/让/叫/麻烦 and a name: a request to that person. */
    private static final Pattern ASKED = Pattern.compile("(?:请|让|叫|麻烦)(?<name>" + NAME + ")(?<task>.{3,})");
    /** A name heading an item: "陈静更新用户手册". */
    private static final Pattern LEADING_NAME = Pattern.compile("(?<name>" + SURNAME + "\\p{IsHan})");
    private static final Pattern REQUEST = Pattern.compile("(?:请你|你能|你可以|麻烦你|(?<!\\p{IsHan})请)(?<task>.{3,})");
    /** "待办：…", "行动项：…", "跟进：…": an item by its heading. */
    private static final Pattern EXPLICIT = Pattern.compile("^(?:待办(?:事项)?|行动项|跟进|待跟进|TODO)\\s*[：:]\\s*(?<rest>.{3,})");
    /** Words that look like a surname and a name but are not: before 将/会/需要 they are subjects of other kinds. */
    private static final Set<String> NOT_NAMES = Set.of("我们", "你们", "他们", "她们", "大家", "高层", "方面", "方案", "方法", "何时",
            "周末", "马上", "文档", "文件", "程序", "任务", "任何", "严重", "于是", "常常", "金额", "白天", "石油", "万一", "江湖",
            "黄金", "龙头", "毛利", "向前", "向后", "段落", "康复", "易用", "欧洲", "孔子", "史上", "程度", "许多", "曾经", "林业");
    static final Pattern CONDITIONAL = Pattern.compile("如果|假如|要是|万一|除非");
    /** Due phrases: today, tonight, tomorrow, next week (and its days), this week, month's end, next month, a weekday, "12月15日". */
    static final Pattern DUE = Pattern.compile("今天|今晚|明天|下周[一二三四五六日天]?|本周|这周|月底|下个?月|\\d{1,2}月\\d{1,2}[日号]"
            + "|周[一二三四五六日天]|星期[一二三四五六日天]");

    private ChineseActions() {}

    /**
     * The item a Chinese sentence states, or null. {@code speakers} are the transcript's speaker labels and
     * {@code document} the whole text, which together say how long a name is.
     */
    static Found match(String text, String speaker, Set<String> speakers, String document) {
        Matcher head = EXPLICIT.matcher(text);
        if (head.find()) {
            String rest = head.group("rest");
            Found inner = match(rest, speaker, speakers, document);
            if (inner != null) {
                return new Found(inner.owner(), inner.request(), inner.task(), Math.max(0.75, inner.confidence()));
            }
            Matcher lead = LEADING_NAME.matcher(rest);
            if (lead.lookingAt() && !NOT_NAMES.contains(lead.group("name"))) {
                // "待办：陈静更新用户手册": a name heads the item
                String[] split = fullName(lead.group("name"), rest.substring(lead.end()), speakers, document);
                return found(split[0], false, split[1], 0.75, text);
            }
            return found(null, false, rest, 0.6, text);
        }
        Matcher m;
        if ((m = TEAM.matcher(text)).find()) {
            return found("team", false, m.group("task"), 0.55, text);
        }
        if ((m = FIRST.matcher(text)).find()) {
            return found(speaker, false, m.group("task"), 0.6, text);
        }
        if ((m = NAMED.matcher(text)).find() && !NOT_NAMES.contains(m.group("name"))) {
            String task = m.group("task");
            String topic = text.substring(0, m.start()).replaceAll("^.*[，,：:。；;]", "");
            if (topic.endsWith("由") && topic.length() > 1) {
                // "这个问题由王芳负责跟进": the thing followed up stands before 由
                task = task.replaceAll("[。！？!?.…]+$", "") + topic.substring(0, topic.length() - 1);
            }
            return found(m.group("name"), false, task, 0.65, text);
        }
        if ((m = ASKED.matcher(text)).find() && !NOT_NAMES.contains(m.group("name"))) {
            String[] split = fullName(m.group("name"), m.group("task"), speakers, document);
            return found(split[0], false, split[1], 0.6, text);
        }
        if ((m = REQUEST.matcher(text)).find()) {
            return found(null, true, m.group("task"), 0.55, text);
        }
        return null;
    }

    /**
     * A two-character name that runs straight into its task ("请张晓明发送…") takes the next character too when
     * the document writes those three elsewhere as well, or a speaker is called so: {name, task}.
     */
    private static String[] fullName(String name, String task, Set<String> speakers, String document) {
        if (name.length() == 2 && !task.isEmpty() && Character.isIdeographic(task.charAt(0))
                && known(name + task.charAt(0), speakers, document)) {
            return new String[] {name + task.charAt(0), task.substring(1)};
        }
        return new String[] {name, task};
    }

    private static boolean known(String name, Set<String> speakers, String document) {
        int first = document.indexOf(name);
        return speakers.contains(name) || first >= 0 && document.indexOf(name, first + 1) >= 0;
    }

    private static Found found(String owner, boolean request, String task, double confidence, String text) {
        String t = task.replaceAll("[。！？!?.…]+$", "").strip();
        if (t.codePointCount(0, t.length()) < 3) {
            return null;
        }
        int at = text.indexOf(t);
        boolean conditional = CONDITIONAL.matcher(text.substring(0, Math.max(0, at))).find();
        return new Found(owner, request, t, conditional ? confidence - 0.15 : confidence);
    }
}
