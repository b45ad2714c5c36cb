package dev.precis.attention.analysis;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who writes a letter or e-mail and whom it greets, from its text: the name under a sign-off ("Best,\nTom")
 * in its last lines, and the greeting ("Hi Lena,", "Hi all,") in its first. A request in a letter is to whom
 * it greets, and its "I" is whoever signs it. Either may be null.
 */
record Letter(String author, String addressee) {
    static final Letter NONE = new Letter(null, null);

    /** The greeting may stand in this many first lines, the sign-off in this many last (blank lines not counted). */
    static final int GREETING_LINES = 5;
    static final int SIGN_OFF_LINES = 6;

    /** "Hi Lena," / "Dear Dr Ortiz" / "Hi all,": "all", "everyone", "team" and "folks" make the requests the team's. */
    private static final Pattern GREETING = Pattern.compile("(?i)^(?:hi|hello|hey|dear|good morning|morning)\\s+(?<name>all|everyone"
            + "|team|folks|(?-i:" + ActionItems.NAME + "))\\s*[,:!]?$");
    private static final Pattern TEAM = Pattern.compile("(?i)all|everyone|team|folks");
    /** "Best,", "Thanks,", "Kind regards," closing a letter, the name on the next line. */
    private static final Pattern SIGN_OFF = Pattern.compile("(?i)^(?:best|best regards|kind regards|regards|warm regards|thanks|thank you"
            + "|many thanks|cheers|sincerely|all the best|br)[,.!]?$");
    private static final Pattern SIGNATURE = Pattern.compile("^(?:[-–—]+\\s*)?(?<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?)$");

    static Letter of(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String addressee = null;
        for (int i = 0; i < Math.min(GREETING_LINES, lines.size()); i++) {
            Matcher g = GREETING.matcher(lines.get(i));
            if (g.matches()) {
                addressee = TEAM.matcher(g.group("name")).matches() ? "team" : g.group("name");
                break;
            }
        }
        String author = null;
        for (int i = Math.max(0, lines.size() - SIGN_OFF_LINES); i + 1 < lines.size(); i++) {
            Matcher n = SIGNATURE.matcher(lines.get(i + 1));
            if (SIGN_OFF.matcher(lines.get(i)).matches() && n.matches()) {
                author = n.group("name");
            }
        }
        return author == null && addressee == null ? NONE : new Letter(author, addressee);
    }
}
