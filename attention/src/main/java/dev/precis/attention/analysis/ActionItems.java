package dev.precis.attention.analysis;

import dev.precis.schemas.ActionItem;
import dev.precis.schemas.DocumentRecord;
import dev.precis.schemas.Evidence;
import dev.precis.schemas.Owners;
import dev.precis.schemas.Turn;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds commitments ("I'll send…"), assignments ("Dana will…", "[PERSON6] should…"), requests ("can
 * you… by Friday") and decisions ("let's…", "we will…", "action:", "TODO") in a document, resolves
 * who owns each (the speaker for the first person, the named or addressed person otherwise, the
 * team for "we"), resolves the due date against the document's date, keeps the evidence, merges
 * near-duplicates and scores a confidence. Only items at or above {@link #MIN_CONFIDENCE} are kept:
 * talk is full of small promises ("I'll share my screen") that are not action items.
 *
 * <p>The confidence starts from the strength of the cue ({@link Cue}) and moves with what a reader of
 * minutes would weigh: a verb of work, a due date, decision words, the close of the meeting, the
 * owner's acceptance in the next turn raise it; hedges, conditions, forecasts, broken-off speech and
 * a missing owner lower it. Past tense and reported speech, conditions in the cue's own clause,
 * questions that ask about a state, fragments, and owners who are also what the task is about are
 * not items at all. Long talk keeps at most one item per {@value #WORDS_PER_ITEM} words.
 */
final class ActionItems {
    /** Items below this confidence are dropped; see the cue scores below for what reaches it. */
    static final double MIN_CONFIDENCE = 0.7;
    /** Even a long meeting rarely yields more real action items than this. */
    static final int MAX_ITEMS = 12;

    /**
     * One item per this many words of talk at most (but at least {@link #MIN_CAP}, at most {@link #MAX_ITEMS}):
     * minutes of hour-long meetings record two or three assigned tasks, while the talk holds dozens of
     * small promises, so precision needs a cap that grows slowly with length.
     */
    static final int WORDS_PER_ITEM = 3000;
    /** A document of {@link #SHORT_WORDS} words or more keeps up to this many items whatever its length. */
    static final int MIN_CAP = 3;
    /**
     * Below this many words (a few minutes of talk, a memo) there is little small talk to filter: the
     * cap rises linearly from {@link #MIN_CAP} at this length to the maximum for an empty document.
     */
    static final int SHORT_WORDS = 1000;

    private final double minConfidence;
    private final int maxItems;
    private final int wordsPerItem;

    ActionItems(double minConfidence, int maxItems, int wordsPerItem) {
        this.minConfidence = minConfidence;
        this.maxItems = maxItems;
        this.wordsPerItem = wordsPerItem;
    }

    /** A name as written: "[PERSON6]", "Dana", "Lena Ortiz". */
    static final String NAME = "(?:\\[[A-Z][A-Za-z]*\\d*\\]|[A-Z][a-z]+(?: [A-Z][a-z]+)?)";
    private static final String NAMES = NAME + "(?:\\s*(?:,|and|&)\\s*" + NAME + ")*";
    private static final String MODAL = "will|'ll|'s going to|'s gonna|shall|should|is going to|are going to|needs to|need to|has to|have to|must"
            + "|is to|are to|promised to|promises to|agreed to|offered to|volunteered to|is supposed to|to";

    /** "Action: …", "TODO - …", "Action item for Dana: …", "Action for me: …". */
    private static final Pattern EXPLICIT = Pattern.compile("(?i)^(?:action(?: item)?|todo|to do|ai|follow[- ]?up|(?<self>(?:note|reminder) to self)"
            + "|(?<decision>decision|decided|agreed|resolution|resolved))"
            + "(?:\\s+for\\s+(?<for>[^:\\-]{1,40}?)|\\s*\\(@?(?<paren>[^():]{1,40})\\)|\\s+@?(?-i:(?<who>" + NAME + ")))?"
            + "\\s*[:\\-]\\s*(?<task>.+)");
    /** "we will…" / "we…" opening what a decision line says the team does. */
    private static final Pattern WE_LEAD = Pattern.compile("(?i)^we\\s+(?:(?:will|shall|'ll|are going to|should|must|need to|have to)\\s+)?");
    /** "So the decision is that Priya prepares the customer email": a decision naming who, in the present. */
    private static final Pattern DECIDED_PRESENT = Pattern.compile("(?i:the decision is|we decided|it was decided|we agreed|it was agreed"
            + "|the plan is|agreed)\\s+that\\s+(?<names>" + NAMES + ")\\s+(?<verb>\\p{Ll}+)\\s+(?<task>.+)");
    /** "…, right?": a tag asking to confirm a statement, which makes it no question. */
    private static final Pattern TAG_QUESTION = Pattern.compile("(?i),\\s*(?:right|okay|ok|yes|yeah|correct|alright|all right|no)\\s*\\?$");
    /** "Marek is in charge of the survey", "Dana and Tom are responsible for updating the wiki". */
    private static final Pattern RESPONSIBLE = Pattern.compile("(?<![\\p{L}])(?<names>" + NAMES + ")\\s+(?:is|are|will be)\\s+"
            + "(?:(?:now|still|also)\\s+)?(?i:in charge of|responsible for)\\s+(?<task>.+)");
    /** A line of written minutes: "Dana: send the budget…", "- Tom – book the room…". */
    private static final Pattern MINUTES_LINE = Pattern.compile("(?:[-–•*]\\s*)?(?<names>" + NAMES + ")\\s*(?::|–|—|\\s-)\\s*(?<task>.+)");
    /** Words that head a line of notes as a name would: "Note: check the logs" names nobody. */
    private static final Set<String> LABELS = Set.of("note", "notes", "reminder", "summary", "tip", "important", "update",
            "warning", "decision", "status", "result", "goal", "question", "answer", "agenda", "topic", "owner", "due",
            "deadline", "attendees", "date", "time", "location", "subject", "fyi", "caution", "next", "later", "tomorrow",
            "today", "plan", "idea", "problem", "issue", "fix", "solution", "step", "steps", "priority", "request");
    /** "Dana: send me the file" is Dana speaking to someone, not a line of minutes. */
    private static final Pattern SPOKEN = Pattern.compile("(?i)\\b(?:me|my|i|you|your)\\b");
    /** An item of a spoken or written list in the present: "Lena drafts the FAQ". */
    private static final Pattern LISTED_PRESENT = Pattern.compile("(?:[-–•*]\\s*)?(?<names>" + NAMES + ")\\s+(?<verb>\\p{Ll}+)\\s+(?<task>.+)");
    /** The header of a list of tasks: "Next steps:", "Action items:", "To-dos:", "Follow-ups:". */
    private static final Pattern LIST_HEADER = Pattern.compile("(?i)^(?:next steps|action items|actions|to-?dos?|follow[- ]?ups|tasks)\\s*:\\s*");
    /** Where one item of such a list ends: a semicolon, or a comma or "and" before the next name. */
    private static final Pattern LIST_SPLIT = Pattern.compile("\\s*;\\s*|\\s*,\\s*(?:and\\s+)?(?=" + NAME + ")|\\s+and\\s+(?=" + NAME + ")");
    /** What the team hands to one of its own: "(let's) have Tom send…", "get Dana to check…", "ask Lena to…". */
    private static final Pattern DELEGATED = Pattern.compile("(?i:have|get|ask)\\s+(?<names>" + NAMES + ")\\s+(?i:to\\s+)?(?<task>.+)");
    /** Phrases of work that start with a verb too general to count alone ("take care of the contract"). */
    private static final Pattern WORK_PHRASE = Pattern.compile("(?i)^(?:take (?:care|charge|ownership) of|take over)\\b");
    /** Words that may stand between the subject and the modal: "I still need to…", "[PERSON6] also has to…". */
    private static final String ADVERB = "(?:still|also|just|really|then|now|first|definitely|actually|certainly)";
    private static final Pattern NAMED = Pattern.compile("(?<![\\p{L}])(?<names>" + NAMES + ")(?:\\s+|(?='))(?:" + ADVERB + "\\s+)?(?<modal>" + MODAL
            + ")\\s+(?<task>.+)");
    /**
     * A task put to the room without an owner: "can someone send…?", "who can review…?", "we need
     * someone to…", "somebody has to…". Its owner is whoever takes it up in the next turns.
     */
    private static final Pattern OPEN_REQUEST = Pattern.compile("(?i)(?<![\\p{L}'])(?:(?:can|could|would|will) (?:someone|somebody|anyone|anybody)"
            + "(?: else)?(?: please)?|(?:someone|somebody) (?:has to|needs to|should|must|will have to)|we need (?:someone|somebody) to"
            + "|(?:is there )?(?:anyone|anybody|someone|somebody) (?:who )?(?:wants|is willing|is able) to|who (?:can|could|will|would|wants to"
            + "|is going to|'s going to|is willing to|would like to|volunteers to)|any volunteers? to|does (?:anyone|anybody) want to)"
            + "\\s+(?<task>.+)");
    /**
     * A role the meeting lacks, which is a task put to the room: "we don't have a reviewer for the NLP report",
     * "we still need a presenter for the demo" (the role's verb and its object: "review the NLP report").
     */
    private static final Pattern NEED_ROLE = Pattern.compile("(?i)\\b(?:we (?:still )?need|we don't have|we do not have|we're missing"
            + "|we are missing|there's no|there is no|we have no|we still have no)\\s+(?:a |an |any )?(?<role>\\p{L}+(?:er|or))s?"
            + "\\s+(?:for|on|of)\\s+(?<task>.+)");
    /**
     * Taking up a task put to the room: "I'll do it", "I can take that", "Leave it with me", "Me.", or the
     * task's own verb in the first person ("Sure, I'll send it tonight"); {@link #TAKING_VERBS} or that verb
     * must follow "I'll/I can", so that "I'll share my screen" takes nothing up.
     */
    private static final Pattern VOLUNTEER = Pattern.compile("(?i)^(?:(?:yes|yeah|yep|sure|okay|ok|of course|no problem|fine|alright"
            + "|all right)\\W+)*(?:i(?:'ll| will| can| could| am going to|'m going to|'d be happy to| would be happy to)(?!n't|'t| not)"
            + "(?:\\s+" + ADVERB + ")?\\s+(?<verb>\\p{L}+)|i volunteer\\b|leave it (?:with|to) me\\b|(?:i'm |i am )?on it\\b|me\\W*$"
            + "|count me in\\b|(?:i'm |i am )?happy to\\b|will do\\b|i (?:will|can|could)\\W*$)");
    /** How the text before a question word ends when the question starts a clause: "So, who can…", "Okay. Who will…". */
    private static final Pattern CLAUSE_START = Pattern.compile("(?i)(?:[.;:?!]|\\b(?:so|and|but|now|then|okay|ok|well|also|yes|yeah)\\W*)$");
    private static final Set<String> TAKING_VERBS = Set.of("do", "take", "handle", "grab", "cover", "own", "volunteer");
    private static final Pattern FIRST_PERSON = Pattern.compile(
            "(?i)(?<![\\p{L}'])(?<cue>(?:let me|let's|let us|i'll|i will|i'm going to) (?:see|check|find out) (?:if|whether) i can"
                    + "|i'll try to|i will try to|i'll|i'm gonna|i am gonna|let me"
                    + "|i(?:'m| am)? (?:" + ADVERB + " )?(?:going to|will|shall|can|could|should|need to|have to|must|promise to))\\s+(?<task>.+)");
    private static final Pattern TEAM = Pattern.compile(
            "(?i)(?<![\\p{L}'])(?:we will|we'll|we shall|we are going to|we're going to|we're gonna|we need to|we have to"
                    + "|we must|we should|let's|let us|we decided to|we agreed to|the plan is to)\\s+(?<task>.+)");
    /**
     * Requests said as a want, a reminder or a polite wish: "I need you to…", "I'd like you to…", "don't forget
     * to…", "remember to…", "make sure you…", "it would be great if you could…". Their "don't" and "if" belong
     * to the request, they deny or condition nothing.
     */
    private static final String REMINDER = "(?:i|we)(?: need| want| would like|'d like|'ll need) you to|(?:please )?(?:don't forget|do not forget"
            + "|remember|make sure|be sure) to|(?:please )?make sure (?:that )?you|(?:it|that) (?:would|'d) be (?:great|good|nice|helpful"
            + "|awesome|perfect) if you could";
    private static final Pattern REMINDER_CUE = Pattern.compile("(?i)(?:" + REMINDER + ")\\s*$");
    private static final Pattern REQUEST = Pattern.compile(
            "(?i)(?<![\\p{L}'])(?:can you|could you|would you|will you|please,?|you will|you'll|you should|you need to"
                    + "|you have to|you could|" + REMINDER + ")\\s+(?<task>.+)");

    /** Verbs of real work: a task that starts with one of them is likely a genuine action item. */
    private static final Set<String> WORK_VERBS = Set.of(
            "send", "prepare", "write", "check", "fix", "download", "create", "share", "update", "review", "finish",
            "test", "run", "upload", "organize", "organise", "contact", "email", "e-mail", "mail", "schedule", "book",
            "provide", "implement", "train", "evaluate", "annotate", "collect", "coordinate", "submit", "present",
            "translate", "record", "install", "compile", "finalize", "finalise", "draft", "complete", "deliver",
            "investigate", "analyse", "analyze", "summarize", "summarise", "document", "deploy", "merge", "build",
            "design", "plan", "arrange", "reorganize", "clean", "convert", "process", "add", "move", "put", "make",
            "do", "handle", "follow", "read", "correct", "edit", "extend", "measure", "compare", "help", "continue",
            "work", "find", "get", "set", "look", "ask", "call", "discuss", "talk", "produce", "publish", "release",
            "order", "buy", "pay", "invite", "announce", "distribute", "circulate", "align", "replicate", "fill",
            "double-check", "doodle", "poll", "reply", "respond", "remind", "inform", "notify", "introduce", "shut",
            "pause", "restart", "migrate", "cancel", "renew", "hire", "sign", "approve", "ship", "launch",
            "backup", "restore", "configure", "upgrade", "remove", "delete", "archive", "file", "report", "draw");
    /** Words that look like a verb of work done again but are verbs of their own: "represent" is no second "present". */
    private static final Set<String> NOT_AGAIN = Set.of("represent", "resign", "recall");
    /** Participles of verbs of work that do not end in -ed. */
    private static final Map<String, String> IRREGULAR = Map.ofEntries(Map.entry("written", "write"), Map.entry("done", "do"),
            Map.entry("sent", "send"), Map.entry("made", "make"), Map.entry("built", "build"), Map.entry("set", "set"),
            Map.entry("put", "put"), Map.entry("read", "read"), Map.entry("found", "find"), Map.entry("run", "run"),
            Map.entry("drawn", "draw"), Map.entry("paid", "pay"), Map.entry("bought", "buy"), Map.entry("shut", "shut"),
            Map.entry("got", "get"), Map.entry("gotten", "get"), Map.entry("taken", "take"), Map.entry("given", "give"),
            Map.entry("chosen", "choose"), Map.entry("shown", "show"));
    private static final Set<String> DETERMINERS = Set.of("the", "a", "an", "this", "these", "those", "our", "my", "your",
            "their", "his", "her", "its", "all", "every", "each");
    /** "[the report] has to be written by [ORGANIZATION5]": a passive with its agent; the task group runs from the participle. */
    private static final Pattern PASSIVE = Pattern.compile("(?<![\\p{L}'])(?i:has to|have to|needs to|need to|should|must|will|shall"
            + "|is going to|are going to|is to|are to)\\s+(?i:be)\\s+(?<task>(?<verb>\\p{Ll}+)\\s+by\\s+(?<names>" + NAMES + ").*)");
    /** After "you will", verbs that foretell what the listener will receive or notice ("you'll get the file", "you'll find…"). */
    private static final Set<String> PREDICTED = Set.of("get", "find", "see", "receive", "notice", "have", "hear", "know", "like", "love");
    /** Meeting mechanics that look like commitments but are not action items. */
    private static final Pattern TRIVIAL = Pattern.compile("(?i)\\bscreen\\b|^continue to be\\b|^remain\\b"
            // speech acts done by saying them: "I will commend the province…", "I'll note that this is the end…"
            + "|^(?:commend|congratulate|thank|welcome|acknowledge|point out|emphasi[sz]e|stress|recogni[sz]e|note that"
            + "|remind (?:\\w+ ){0,3}that|proceed to|turn to|move to"
            // giving someone the floor: "I'm going to ask Nicola to come in", "let Dana answer that"
            + "|(?:ask|invite|let) (?:\\S+ ){1,3}(?:to )?(?:come in|speak|answer|respond|reply|comment|say a few words|go ahead)"
            // the meeting's own course: "I'm first going to do an opening", "I'll finish up with…", "let's wrap up"
            + "|do (?:an|the|a short) (?:opening|intro|introduction)|finish up|wrap (?:it |this |things )?up)\\b"
            + "|^share (?:find|something|it|this|that|again)\\b"
            + "|^(?:provide|give) (?:a |an |the )?(?:short |brief |quick |final )?(?:response|answer|reply)\\b"
            + "|^(?:try|be|see|say|tell you|show you|stop sharing|mute|unmute|let you know|explain|repeat|wait|go|start|begin|join"
            + "|leave|answer|just|now|then|think|have a look at (?:it|this|that)|check (?:it|this|that)(?: now)?|hear|listen"
            // "do it" with nothing after it but when or a hedge; "do this manually for the Czech segmenter" is a task
            + "|do (?:it|this|that|so)(?:\\s+(?:now|later|again|then|first|too|quickly|right now|for you))?"
            + "(?:,?\\s*(?:i guess|i think|maybe|probably|if you want|if needed))?$"
            + "|come back|move on|continue$|continue with (?:the|this) meeting|give you|take (?:a|the)|read (?:it|this|that)|not |never "
            + "|also |stop|switch|open|close|put it|send you (?:a|the) link|ask (?:you|him|her)|talk|speak|present myself"
            + "|introduce myself"
            + "|ask (?:(?:a|the|my|one|another|some|these|this|that|those|two|more|any|a few|a couple of|a quick|a short) )?"
            + "(?:\\w+ )?questions?"
            + "|give (?:it|that|this) (?:a|an)|look forward|call (?:it|that|this)|.*\\b(?:microphone|mic|headset|mouth)\\b)\\b");
    private static final Pattern HEDGE = Pattern.compile("(?i)\\b(?:maybe|perhaps|probably|might|i think|i guess|i suppose|if possible"
            + "|hopefully|i hope|we hope|not sure|somehow|or not)\\b");
    /** A conditional ("if we ask him to…") or a hypothetical states no commitment. */
    private static final Pattern CONDITIONAL = Pattern.compile("(?i)\\b(?:if|unless|whether|would it|could it)\\b");
    /** Decision language: what a meeting's minutes record. */
    private static final Pattern DECISION = Pattern.compile("(?i)\\b(?:decided|agreed|agree|decision|conclusion|action item|the plan is|so the plan)\\b");
    /** A task must start with what is to be done, not with a pronoun or an article. */
    private static final Set<String> NOT_A_VERB = Set.of("that", "this", "it", "the", "a", "an", "them", "him", "her", "you", "i",
            "we", "they", "there", "what", "which", "so", "and", "but", "or", "because", "like", "something", "some");
    private static final Pattern CLAUSE_CONJUNCTION = Pattern.compile("(?i)\\b(?:so|but|and|because|then|though|although|since)\\b");
    private static final Pattern NEGATION = Pattern.compile("(?i)\\b(?:not|never|won't|cannot|can't|don't|didn't|wouldn't)\\b");
    /** A pronoun-object task this many sentences from a named one of the same owner is the same item. */
    private static final int SAID_BACK_SENTENCES = 3;
    private static final Pattern VAGUE = Pattern.compile("(?i)(?:\\S+\\s+){1,3}(?:it|this|that|them)");
    /** A cue said again within this many words is a restart of the same sentence. */
    private static final int RESTART_WORDS = 8;
    /** Signs of a spoken repair: a dash, "or", "I mean", "sorry". */
    private static final Pattern REPAIR = Pattern.compile("(?i)[-–—]|\\bor\\b|\\bi mean\\b|\\bsorry\\b");
    /** A clause that opens with a question word asks; "why would you refer to…" is no request. */
    private static final Pattern WH_QUESTION = Pattern.compile("(?i)^(?:why|what|how|when|where|who|which|whom|whose)\\b");
    /** An indirect question: "I was trying to think what kinds of projects can you do now…". */
    private static final Pattern EMBEDDED_WH = Pattern.compile("(?i)\\b(?:what|which|how|why|where|whom|whose)\\b(?:\\s+[\\p{L}']+){0,4}\\s*$");
    /** "I will tool is doing…", "Paper to note 3 is a letter…": the words after the cue were a noun, not the start of a task. */
    private static final Pattern NOT_A_PREDICATE = Pattern.compile("(?i)^\\S+(?:\\s+(?!(?:what|who|which|whether|if|that|how|where|when|why|it|this"
            + "|everything|everyone|something)\\b)\\S+)?\\s+(?:is|are|was|were|has|had)\\b");
    /** A hand-over of the floor: a name, then an invitation to speak ("if you can describe", "please let us know", "go ahead"). */
    private static final Pattern HAND_OVER = Pattern.compile("(?<name>" + NAME + ")\\s*,?\\s*(?:(?:(?:so |and )?(?:if|when) you (?:can|could|would|want to)"
            + "|can you|could you|would you|will you|please|you can|you could|now|maybe)\\s+(?:\\p{L}+\\s+){0,2}?"
            + "(?:describe|tell|explain|start|begin|present|report|update|summari[sz]e|walk|talk|speak|continue|introduce|let us know)"
            + "|(?:go ahead|(?:it's |it is )?your turn|the floor is yours))\\b");
    /** A short hand-over: "Marek?", "Thanks, Priya. Marek?", "Over to you, Marek." */
    private static final Pattern HAND_OVER_SHORT = Pattern.compile("(?i:over to you|your turn|go ahead)?[,\\s]*(?<name>" + NAME
            + ")\\s*[?.!]?");
    /** A transcript line as "(PERSON6) text" or "(Dana) text": the speaker in parentheses. */
    private static final Pattern SPEAKER_LABEL = Pattern.compile("^\\(([A-Z][A-Za-z]*\\d*(?: [A-Z][a-z]+)?)\\)\\s*");
    /** First-person cues that offer rather than commit. */
    private static final Pattern OFFER = Pattern.compile("(?i)i can|i could|let me|i'll try to|i will try to|i should");
    private static final Pattern GENERIC_YOU = Pattern.compile("(?i)you (?:have to|need to|should|must)\\b");
    /** "Tom, update the changelog…" / "Update the changelog, Tom.": an order to a named person (the verb must be one of work). */
    private static final Pattern IMPERATIVE_TO = Pattern.compile("^(?:(?:so|and|okay|ok|now|then)\\W+)?(?<name>" + NAME + ")\\s*,\\s*(?:please\\s+)?"
            + "(?<task>\\p{Ll}[\\p{L}-]*\\b.+)");
    private static final Pattern IMPERATIVE_THEN_NAME = Pattern.compile("^(?:please\\s+)?(?<task>\\p{L}[\\p{L}-]*\\b.+?),\\s*(?:please\\s*,?\\s*)?"
            + "(?<name>" + NAME + ")\\s*[.!]?$");
    /** Objects that say no what: "have them by Friday" is vaguer than "have the numbers by Friday". */
    private static final Set<String> PRONOUN_OBJECTS = Set.of("it", "this", "that", "them", "these", "those", "something", "some",
            "one", "everything", "all");
    private static final Set<String> SUBJECTS = Set.of("you", "we", "they", "i", "he", "she", "it", "there");
    /** "Let me see if I can…": the speaker will try; the "if" makes it tentative, not conditional. */
    private static final Pattern TENTATIVE = Pattern.compile("(?i).*\\b(?:if|whether) i can$");
    private static final Pattern DECISION_CUE = Pattern.compile("(?i)decided|agreed|plan is");
    /** The word before a name: a preposition makes the name an object, not the one who acts. */
    private static final Pattern PREPOSITION_BEFORE = Pattern.compile("(?i)(?:\\b(?<word>\\p{L}+)\\s+)?\\b(from|with|to|by|about|of|on|at|for|than|without"
            + "|like|in|into|across|under|over|within|throughout|between|among|against|via|per|around|near|(?<det>the(?:\\s+then)?|a|an|our|their|its))"
            + "\\s*$");
    /** The addressee named before the request cue: "Dana, can you…", "[PERSON6] please…". */
    private static final Pattern VOCATIVE_BEFORE = Pattern.compile("(?:^|[,.;:]\\s*|\\b(?:so|and|but|or|okay|ok|now|then|yes|well)\\s+)(?<name>" + NAME
            + ")\\s*,?\\s*(?:(?:again|also|then|now)\\s*,?\\s*)?$");
    /** The addressee named right after it: "please, Dana, send…", "please [PERSON10] get in touch…". */
    private static final Pattern VOCATIVE_AFTER = Pattern.compile("\\s*,?\\s*(?<name>" + NAME + ")\\s*,?\\s+");
    /** The addressee named at the very end: "…send the slides, Dana?". */
    private static final Pattern VOCATIVE_TAIL = Pattern.compile(",\\s*(?<name>" + NAME + ")\\s*[?.!]?$");
    /** A task ending in one of these was broken off mid-sentence ("…check the list and", "…ask her if"). */
    private static final Set<String> FRAGMENT_END = Set.of("or", "and", "if", "but", "so", "because", "the", "a", "an", "to",
            "of", "with", "for", "from", "that", "than", "whether", "which", "who", "when", "as", "like", "my", "your", "our",
            "their", "his", "her", "its", "otherwise", "is", "are", "be", "in", "on", "at", "by", "into", "about", "some", "this");
    /** Verbs whose plain form ends in -ed, which are no sign of the past. */
    private static final Set<String> BASE_ED = Set.of("need", "embed", "proceed", "exceed", "succeed", "feed", "speed", "seed",
            "shred", "heed", "breed", "bleed", "shed", "wed", "bed", "weed", "reseed");
    /** "should have been", "would have sent": what ought to have happened. */
    private static final Pattern PERFECT = Pattern.compile("(?i)have (?:been|already|\\p{L}+ed\\b|done|sent|written|gone|had|seen|made|given)");
    /** Time words that put the task in the past. */
    private static final Pattern PAST_MARKER = Pattern.compile("(?i)\\b(?:already|yesterday|last (?:week|month|year|time|meeting)|ago)\\b|\\bbefore$");
    /** Reported speech: what someone said or thought they would do. */
    private static final Pattern REPORTED = Pattern.compile("(?i)\\b(?:said|told|mentioned|thought|wrote|claimed|promised"
            + "|(?:was|were)(?!\\s+(?:decided|agreed)\\b)|had|wanted|planned)\\b"
            + "(?:\\s+\\S+){0,2}?\\s*$");
    private static final Pattern NAME_IN_TASK = Pattern.compile("\\[[A-Z][A-Za-z]*\\d*\\]|\\b[A-Z][a-z]+\\b");
    /** How an owner accepts in the next turn. */
    private static final Pattern ACCEPT = Pattern.compile("(?i)(?:yes|yeah|yep|sure|okay|ok|of course|no problem|will do|fine|alright|all right"
            + "|i will|i'll|i can|i am going to|i'm going to)\\b(?!'t|n't| not)");
    /** How a request is turned down in the next turn: "I can't", "No, sorry", "Not me". */
    private static final Pattern DECLINE = Pattern.compile("(?i)(?:(?:no|nope|sorry|unfortunately|well)\\W+)*(?:i can't|i cannot|i can not"
            + "|i won't|i will not|i'm not able|i am not able|i don't think i can|not me|no\\W*$|sorry\\W*$)");
    /** Verbs that, after "can you…?" or "will you…?", ask about a state, not for work ("will you be there?"). */
    private static final Set<String> STATIVE = Set.of("be", "have", "know", "think", "remember", "see", "hear", "like", "want", "mean",
            "agree", "understand", "imagine", "say", "tell", "guess", "believe", "recall", "explain");
    /** A pair of words said twice ("search for the for the text"), a spoken false start. */
    private static final Pattern REPEATED_PAIR = Pattern.compile("(?i)\\b(\\p{L}+\\s+\\p{L}+)(?:\\s+\\1\\b)+");
    /** Two articles in a row ("prepare a an internal poll"): the second is the one meant. */
    private static final Pattern DOUBLE_ARTICLE = Pattern.compile("(?i)\\b(?:a|an|the)\\s+(a|an|the)\\b");
    /** An utterance broken off at its end ("…otherwise –"). */
    private static final Pattern BROKEN_OFF = Pattern.compile("[-–—]\\s*$");
    /** Where a task's own words end and a reason, contrast or aside begins. */
    private static final Pattern TASK_TAIL = Pattern.compile("(?i)\\s*(?:,\\s*|\\s)(?:so that|so as|because|but|otherwise|since|although|whereas|so)\\b.*$");
    /** A remark after the task, set off by a comma: ", that alone saves…", ", which Tom created". */
    private static final Pattern ASIDE = Pattern.compile("(?i),\\s+(?:that|which|this)\\s.*$");
    /**
     * A new clause with its own subject and modal is another statement: "we'll continue, and we will now
     * proceed…", and in speech run on without a comma: "I will check the list of figures maybe we should add some".
     */
    private static final Pattern NEXT_CLAUSE = Pattern.compile("(?i),?\\s+(?:(?:and|so|but)\\s+(?:then\\s+)?|(?:maybe|perhaps|probably|then)\\s+)"
            + "(?:we|i|you|he|she|they)(?:'ll|\\s+will|\\s+shall|\\s+should|\\s+must|\\s+are going to|\\s+is going to|\\s+am going to"
            + "|\\s+have to|\\s+need to|\\s+can|\\s+could)\\b.*$");
    /**
     * Verbs of getting in touch or telling, whose object (up to three words on) is whom the speaker reaches
     * or tells: "contact [PERSON2] to join…", "Tam is telling all Canadians to wear masks", "I would advise
     * the member for Carleton to…". A verb of telling that opens an order ("Ask Tom to send…") is left out.
     */
    private static final Pattern CONTACTED = Pattern.compile("(?i)(?:\\b(?<before>[\\p{L}']+)\\s+)?\\b(?:(?<contact>contact|email|e-mail|mail"
            + "|call|phone|message|ping|text|invite[sd]?|inviting|reach|write to)|tell|tells|told|telling|ask|asks|asked|asking"
            + "|advise[sd]?|advising|urge[sd]?|urging|encourage[sd]?|encouraging|remind|reminds|reminded|reminding)"
            + "(?:\\s+[\\p{L}']+){0,3}\\s*$");
    /** Words that may open an order: "And ask [ORGANIZATION7] to review…" hands the task on to whom it names. */
    private static final Set<String> ORDER_OPENERS = Set.of("and", "so", "then", "now", "please", "or", "but", "also", "just", "maybe");
    /**
     * A person proposed for a task by a question: "Would that be [PERSON12] to review the report…?", "Could
     * Dana take the vendor call?". It is theirs once they take it up ({@link #NOMINEE_TURNS}).
     */
    private static final Pattern NOMINATION = Pattern.compile("^(?i:(?:(?:so|and|then|or|maybe|okay|ok)\\W+)*"
            + "(?:would|could|can|will|should|shall)(?:\\s+(?:that|it)\\s+be)?)\\s+(?<names>" + NAMES + ")\\s+(?i:to\\s+)?"
            + "(?<task>\\p{Ll}.+)");
    /** In how many of their own next turns the nominee may take the task up (after a question or two of their own)… */
    private static final int NOMINEE_TURNS = 4;
    /** …within this many turns of the nomination. */
    private static final int NOMINATION_REACH = 10;
    /** A reply that takes a task on: "I would do this, yeah", "Sure, I can do it", "I'll take it". */
    private static final Pattern TAKES_IT = Pattern.compile("(?i)\\bi(?:'ll| will| would| can| could)(?:\\s+" + ADVERB + ")?"
            + "\\s+(?:do|take|handle|cover)\\s+(?:it|this|that)\\b");
    /**
     * Asked as a question, these ask to be told now, in the meeting ("Can you set out the impact…?", "Could
     * you outline…", "can you give the committee an assurance…?"): no task for later.
     */
    private static final Pattern TELL_NOW = Pattern.compile("(?i)(?:set out|outline|describe|clarify|elaborate|expand on|comment on"
            + "|talk (?:us |me )?through|walk (?:us |me )?through|update (?:us|me|the committee)\\b(?!\\s+(?:by|on|next|tomorrow|in)\\b)"
            + "|give (?:\\S+ ){0,3}(?:an? )?(?:assurances?|indication|sense|overview|idea|example|update)\\b)");
    /** Something to do now, in the meeting: "draw it now", "put them there right now". */
    private static final Pattern RIGHT_NOW = Pattern.compile("(?i)\\b(?:right )?now$");
    /**
     * The speaker's clause before a cue that names what a pronoun object points back to: "I still didn't touch
     * morphology so I need to rewrite it" ("morphology"), "We finished the draft, can you review it?" ("the draft").
     * "I" or "we", their auxiliaries, a verb, then the phrase it acts on, before "so", "and", "but", "because" or a comma.
     */
    private static final Pattern CLAUSE_BEFORE = Pattern.compile("(?i)(?:^|[,;.]\\s*|\\b(?:and|so|but|because|then|okay|ok|well|yeah|yes)\\s+)"
            + "(?:i|we)(?:'m|'re|'ve|'d|'ll)?"
            + "(?:\\s+(?:" + ADVERB + "|didn't|did not|don't|do not|haven't|have not|hasn't|has not|can't|cannot|couldn't|won't|will"
            + "|would|could|can|should|must|may|might|shall|have|has|had|did|am|are|is|was|were|already|never|not))*"
            + "\\s+(?<verb>(?!(?:the|a|an|this|that|these|those|my|our|your|their|his|her|its|some|any|it|them)\\b)\\p{L}+)\\s+(?<thing>\\p{L}[\\p{L}\\d' -]*?)\\s*(?:,\\s*)?(?:\\b(?:so|and|but|because)\\b|,)\\s*$");
    /** Verbs whose object is a clause or a person, not a thing: "I think the draft is ready so I'll send it". */
    private static final Set<String> NOT_ACTING_ON = Set.of("think", "guess", "know", "mean", "say", "said", "hope", "feel",
            "believe", "see", "saw", "heard", "understand", "understood", "remember", "forgot", "noticed", "realized", "realised",
            "agree", "want", "wanted", "like", "told", "tell", "asked", "ask", "am", "is", "are", "was", "were",
            "be", "been", "talked", "spoke", "met", "called", "went", "came", "got", "get");
    /** Words that make a phrase no thing to point back to: people, places, times, clauses. */
    private static final Set<String> NOT_A_THING = Set.of("it", "this", "that", "them", "these", "those", "me", "us", "him",
            "her", "you", "i", "we", "they", "he", "she", "there", "here", "now", "yet", "again", "today", "yesterday",
            "already", "anymore", "too", "either", "later", "soon", "first", "then", "is", "are", "was", "were", "be", "to",
            "what", "which", "who", "how", "why", "when", "where", "if", "whether", "not", "so", "very", "much", "well", "up",
            "out", "back", "off", "down", "away", "in", "on", "at", "for", "with", "about", "from", "of", "by", "into", "all",
            "some", "something", "anything", "everything", "nothing", "one");
    /** "I still need to…", "[PERSON6] still has to…": work the speaker reports as not done yet. */
    private static final Pattern STILL_TO_DO = Pattern.compile("(?i)\\bstill\\s+(?:need|needs|have|has)\\s+to$");
    /**
     * An offer of help put as a condition on the listener: "if you want my help, let me know", "if you need any
     * help with the slides, …". The offer is the speaker's task: help whom they speak to.
     */
    private static final Pattern HELP_OFFER = Pattern.compile("(?i)\\bif you (?:want|need|would like|'d like)\\s+(?:(?:(?<whose>my|our)|any|some|more)\\s+)?"
            + "(?<task>help)\\b(?<with>\\s+with\\s+[^,;.?!]+)?");
    /** The speaker or their team in what follows an offer: "…, let me know", "…, I can come over". */
    private static final Pattern SPEAKER_ACTS = Pattern.compile("(?i)\\b(?:me|us|i|we)\\b");
    /** How the one an offer is made to takes it up: "Yes, please", "Yeah…", "Thanks, that would be great". */
    private static final Pattern OFFER_TAKEN = Pattern.compile("(?i)(?:yes|yeah|yep|sure|okay|ok|great|perfect|please|thanks|thank you"
            + "|that would be (?:great|nice|helpful|good|perfect))\\b");
    /** Share of content terms two tasks have in common to be one task given to two people in turn. */
    private static final double SAME_TASK = 0.6;
    /** A name a turn's sentence speaks to: "Thanks Lena.", "Okay, [PERSON8], …", "Lena, …". */
    private static final Pattern SPOKEN_TO = Pattern.compile("(?:^|[.!?\\n]\\s*)(?:(?i:thanks|thank you|ok|okay|so|yes|yeah|right"
            + "|well|and)\\W+)*(?<name>" + NAME + ")\\s*[,.!?]");
    /** A request this many sentences into its speaker's turn no longer answers the previous speaker. */
    private static final int ANSWER_SENTENCES = 2;
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?…]+\\s+|\\n+");
    /** The last word of a phrase, with the space or comma before it. */
    private static final Pattern TRAILING_WORD = Pattern.compile("[\\s,]*\\p{L}+$");
    /** What a speaker broke off after ("…to presentation platform through the-"): a preposition or determiner left hanging. */
    private static final Set<String> DANGLING = Set.of("the", "a", "an", "this", "these", "those", "my", "your", "our", "their",
            "his", "her", "its", "some", "any", "to", "of", "with", "for", "from", "in", "on", "at", "by", "into", "about",
            "through", "over", "under", "via", "like", "onto", "towards", "toward");
    private static final Set<String> NOT_NAMES = Set.of("this", "that", "it", "there", "he", "she", "they", "which", "what", "who",
            "everybody", "everyone", "somebody", "someone", "nobody", "anybody", "anyone", "one", "all", "each", "both",
            "so", "and", "but", "or", "then", "now", "also", "yes", "no", "okay", "ok", "well", "yeah", "i", "we", "you",
            "the", "a", "an", "our", "my", "your", "their", "his", "her", "next", "how", "why", "when", "where", "if",
            "because", "as", "thank", "thanks", "hello", "hi", "please", "sorry", "good", "great", "right", "sure",
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
            "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "english", "german",
            "czech", "french", "italian", "spanish", "chinese", "remember", "note", "keep", "let", "don't", "dont", "be", "try",
            "ensure", "reminder", "action", "todo", "just", "maybe", "perhaps", "actually", "again", "first", "finally", "today",
            "tomorrow", "tonight", "make",
            // forms of address to whoever presides or to the room: "Chair, we will…", "Madam Speaker, …"
            "chair", "chairman", "chairwoman", "chairperson", "madam", "sir", "speaker", "colleagues", "members", "folks", "guys",
            // classes of people, whom guidance addresses: "Administrators should schedule the upgrade…"
            "users", "customers", "clients", "developers", "administrators", "admins", "participants", "reviewers", "students",
            "managers", "employees", "staff", "partners", "attendees", "engineers", "contributors", "authors", "readers",
            "applicants", "candidates", "people", "teams", "vendors", "operators", "owners");
    private static final Pattern DUE = DueDates.PHRASE;
    /** Titles and articles that open a speaker's label: "The Chair", "Hon. Patty Hajdu", "Mr. Martin Champoux", "Dr Lee". */
    private static final Pattern TITLES = Pattern.compile("^(?:(?i:the|mr|mrs|ms|miss|dr|prof|hon|sir|dame|madam|mister)\\.?\\s+)+");

    private static final Pattern ZH_DUE = ChineseActions.DUE;

    List<ActionItem> extract(DocumentRecord doc, List<ExtractiveAnalyzer.Sentence> sentences) {
        LocalDate anchor = parseDate(doc.getDocumentDate());
        List<Turn> turns = doc.getTurns();
        int textLength = Math.max(1, doc.getText().length());
        Names names = knownNames(doc, sentences);
        Map<String, Integer> tf = new HashMap<>();
        int words = 0;
        for (ExtractiveAnalyzer.Sentence s : sentences) {
            s.terms.forEach(t -> tf.merge(t, 1, Integer::sum));
            words += s.words;
        }
        double maxTf = Math.log1p(tf.values().stream().mapToInt(Integer::intValue).max().orElse(1));
        List<Candidate> found = new ArrayList<>();
        boolean transcript = "transcript".equals(doc.getKind());
        String[] floor = transcript ? floorHolders(turns, sentences, names) : null;
        Letter letter = transcript ? Letter.NONE : Letter.of(doc.getText());
        for (ExtractiveAnalyzer.Sentence s : sentences) {
            for (ExtractiveAnalyzer.Sentence part : listItems(s, names)) {
                boolean listed = part != s;
                boolean minutes = !transcript || listed || bulleted(doc.getText(), s.start, s.end);
                // the cleaned sentence has lost a trailing "-": the speaker broke off
                boolean brokenOff = BROKEN_OFF.matcher(Text.stripMarkup(doc.getText().substring(part.start, part.end))).find();
                Candidate c = match(part, turns, names, floor == null ? null : floor[s.index], minutes, listed, brokenOff, letter);
                if (c == null) {
                    continue;
                }
                double position = (double) s.start / textLength;
                if (position > 0.8) {
                    c.confidence += 0.1; // commitments restated at the close of a meeting are its decisions
                }
                // The due date said with the task wins over one elsewhere in the sentence ("next week's plan: …by Wednesday").
                String where = DUE.matcher(c.task).find() || ZH_DUE.matcher(c.task).find() ? c.task : part.clean;
                Matcher due = DUE.matcher(where);
                Matcher zhDue = ZH_DUE.matcher(where);
                if (due.find()) {
                    c.dueText = due.group("due");
                    c.confidence += 0.05;
                    c.dueDate = DueDates.resolve(c.dueText, anchor);
                } else if (zhDue.find()) {
                    c.dueText = zhDue.group();
                    c.confidence += 0.05;
                    c.dueDate = DueDates.resolve(DueDates.fromChinese(c.dueText), anchor);
                }
                c.sentence = s;
                c.terms = new HashSet<>(Text.terms(c.task));
                c.vague = vague(c.task);
                // A task about what the meeting talked about most is more likely one its minutes record.
                double topical = 0;
                for (String t : c.terms) {
                    topical += Math.log1p(tf.getOrDefault(t, 0)) / maxTf;
                }
                c.confidence += 0.2 * (c.terms.isEmpty() ? 0 : topical / c.terms.size());
                c.order = found.size();
                found.add(c);
            }
        }
        for (Candidate c : found) {
            c.owner = fullName(c.owner, doc.getTurns());
        }
        List<Candidate> merged = merge(found);
        merged.removeIf(c -> c.confidence < minConfidence);
        merged.sort(Comparator.comparingDouble((Candidate c) -> -c.confidence));
        int cap = cap(words);
        if (merged.size() > cap) {
            merged.subList(cap, merged.size()).clear();
        }
        merged.sort(Comparator.comparingInt((Candidate c) -> c.sentence.start).thenComparingInt(c -> c.order));
        List<ActionItem> items = new ArrayList<>();
        for (Candidate c : merged) {
            ExtractiveAnalyzer.Sentence s = c.sentence;
            int end = Math.max(s.end, c.evidenceEnd);
            items.add(ActionItem.newBuilder()
                    .setTask(c.task)
                    .setOwner(c.owner)
                    .setDueText(c.dueText)
                    .setDueDate(c.dueDate)
                    .setConfidence((float) Math.min(0.99, c.confidence))
                    .setEvidence(Evidence.newBuilder()
                            .setCharStart(s.start)
                            .setCharEnd(end)
                            .setText(doc.getText().substring(s.start, end))
                            .setSpeaker(s.turn == null ? null : s.turn.getSpeaker())
                            .setTimeMs(s.turn == null ? null : s.turn.getStartMs())
                            .build())
                    .build());
        }
        return items;
    }

    /** How many items a document of this many words keeps at most. */
    int cap(int words) {
        if (words >= SHORT_WORDS) {
            return Math.min(maxItems, Math.max(MIN_CAP, words / wordsPerItem));
        }
        return Math.max(MIN_CAP, maxItems - (int) ((long) (maxItems - MIN_CAP) * words / SHORT_WORDS));
    }

    /** An action item being assembled. */
    private static final class Candidate {
        String task;
        String owner;
        String dueText;
        String dueDate;
        double confidence;
        ExtractiveAnalyzer.Sentence sentence;
        Set<String> terms;
        /** Found in this order: items of one list sentence keep the list's order. */
        int order;
        /** The task's object is only a pronoun ({@link #vague}). */
        boolean vague;
        /** Where the evidence ends: past the sentence when a reply took the task up ("Can someone…?" — "I'll do it"). */
        int evidenceEnd = -1;
        /** Its owner took it up in a later turn: a task put to the room, or a person proposed for it. */
        boolean confirmed;
    }

    private static Candidate matchChinese(String text, ExtractiveAnalyzer.Sentence s, List<Turn> turns, Names names, Candidate c) {
        String speaker = s.turn == null ? null : s.turn.getSpeaker();
        ChineseActions.Found f = ChineseActions.match(text, speaker, names.speakers(), names.text());
        if (f == null) {
            return null;
        }
        c.task = f.task();
        c.owner = f.request() ? addressee(s, turns, speaker, f.task(), names) : f.owner();
        // a request nobody has, or one put to the whole room, is weaker than one to a person
        c.confidence = f.request() && (c.owner == null || c.owner.equals("team")) ? f.confidence() - 0.15 : f.confidence();
        return c;
    }

    /**
     * Who may be named in this document: speaker labels, anonymised names ("[PERSON6]"), and
     * capitalised words never written in lower case here. A word that opens a sentence ("Switching…",
     * "Maybe…") is capitalised anyway, so it counts only if it is not a common word or a verb of work and
     * never appears in lower case. {@code inside} holds the capitalised words seen inside a sentence (not as
     * its first word), where a capital does say "name".
     */
    private record Names(Set<String> speakers, Set<String> lowercase, Set<String> inside, String text, int people) {
        /** A speaker, an anonymised "[PERSON6]", or a name seen inside a sentence: not only a sentence's first word. */
        boolean attested(String names) {
            String first = names.split("[\\s,&]+")[0];
            String w = first.toLowerCase(Locale.ROOT);
            return first.startsWith("[") || speakers.contains(w) || inside.contains(w);
        }

        boolean contains(String word) {
            String w = word.toLowerCase(Locale.ROOT);
            return speakers.contains(w) || !lowercase.contains(w) && !NOT_NAMES.contains(w) && !isWorkVerb(w)
                    && !STATIVE.contains(w) && !w.endsWith("ing") && w.length() >= 3 && Character.isUpperCase(word.charAt(0));
        }
    }

    private static Names knownNames(DocumentRecord doc, List<ExtractiveAnalyzer.Sentence> sentences) {
        Set<String> speakers = new HashSet<>();
        for (Turn t : doc.getTurns()) {
            if (t.getSpeaker() != null && !t.getSpeaker().isBlank()) {
                String sp = t.getSpeaker().strip();
                speakers.add(sp.toLowerCase(Locale.ROOT));
                // "Lena Ortiz" is also "Lena"; "The Chair" or "Hon. Patty Hajdu" make no name of "The" or "Hon."
                String first = sp.replaceFirst(TITLES.pattern(), "").split("\\s+")[0];
                if (!first.isEmpty() && !NOT_NAMES.contains(first.toLowerCase(Locale.ROOT))) {
                    speakers.add(first.toLowerCase(Locale.ROOT));
                }
            }
        }
        Set<String> lower = new HashSet<>();
        Set<String> inside = new HashSet<>();
        for (ExtractiveAnalyzer.Sentence s : sentences) {
            boolean first = true;
            for (String w : s.clean.split("[^\\p{L}']+")) {
                if (w.isEmpty()) {
                    continue;
                }
                if (Character.isLowerCase(w.charAt(0))) {
                    lower.add(w);
                } else if (!first) {
                    inside.add(w.toLowerCase(Locale.ROOT));
                }
                first = false;
            }
        }
        int people = (int) doc.getTurns().stream().map(Turn::getSpeaker).filter(Objects::nonNull).distinct().count();
        return new Names(speakers, lower, inside, doc.getText(), people);
    }

    /**
     * Who speaks each sentence of a transcript that names no speaker at all (speech recognition without
     * diarization, a pasted chat log): a chair hands the floor over ("So now [PERSON10], if you can
     * describe…", "[PERSON5], please let us know what you are working on", "Dana, go ahead"), and the
     * sentences after it are taken as that person's until the floor is handed on (subtitles from speech
     * recognition are the usual case). Null for a transcript whose turns carry speakers (and, by the caller,
     * for documents that are not transcripts: a memo's "I" is its author); an entry is null before the first
     * hand-over. Indexed by {@code Sentence.index}.
     */
    private static String[] floorHolders(List<Turn> turns, List<ExtractiveAnalyzer.Sentence> sentences, Names names) {
        for (Turn t : turns) {
            if (t.getSpeaker() != null && !t.getSpeaker().isBlank()) {
                return null;
            }
        }
        int size = 0;
        for (ExtractiveAnalyzer.Sentence s : sentences) {
            size = Math.max(size, s.index + 1);
        }
        String[] floor = new String[size];
        String holder = null;
        for (ExtractiveAnalyzer.Sentence s : sentences) {
            floor[s.index] = holder;
            Matcher h = HAND_OVER.matcher(s.clean);
            while (h.find()) {
                if (isName(h.group("name"), names)) {
                    holder = owner(h.group("name"));
                }
            }
            // A sentence that is only a name, asked ("Marek?") or handed over to ("Over to you, Marek."), ends a turn.
            String last = s.clean.replaceFirst("^.*[.!]\\s+", "");
            Matcher shortForm = HAND_OVER_SHORT.matcher(last);
            if (shortForm.matches() && (last.endsWith("?") || !last.equals(shortForm.group("name")))
                    && isName(shortForm.group("name"), names)) {
                holder = owner(shortForm.group("name"));
            }
        }
        return floor;
    }

    /**
     * The item a sentence states, or null.
     *
     * @param floor who holds the floor by the hand-overs of a transcript without speaker labels
     *     ({@link #floorHolders}), or null
     * @param minutes whether "Dana: send the budget" and "Tom – book the room" assign tasks (written
     *     documents and list items; in a transcript that is a speaker's line)
     * @param listed whether this is one item of a list ("Next steps: Lena drafts the FAQ, Tom updates…"),
     *     where a verb in the present ("drafts") assigns too
     * @param brokenOff whether the speaker broke the sentence off ("…through the-")
     */
    private static Candidate match(ExtractiveAnalyzer.Sentence s, List<Turn> turns, Names names, String floor,
                                   boolean minutes, boolean listed, boolean brokenOff, Letter letter) {
        String text = s.clean;
        if (text.isEmpty()) {
            return null;
        }
        String speaker = s.turn == null ? null : s.turn.getSpeaker();
        Matcher label = SPEAKER_LABEL.matcher(text);
        if (label.lookingAt()) {
            // A transcript whose turns were not parsed still writes "(PERSON6) text": the label is the speaker.
            speaker = speaker == null ? label.group(1) : speaker;
            text = text.substring(label.end()).strip();
        }
        boolean inferred = speaker == null && floor != null;
        if (inferred) {
            speaker = floor;
        } else if (speaker == null) {
            speaker = letter.author(); // a letter's "I" is who signs it
        }
        Candidate c = new Candidate();
        Matcher m;
        if (text.codePoints().anyMatch(Text::isCjk)) {
            return matchChinese(text, s, turns, names, c);
        }
        Matcher tag = TAG_QUESTION.matcher(text);
        if (tag.find()) {
            text = text.substring(0, tag.start()) + "."; // "Marek will handle the vendor call, right?" states it
        }
        boolean question = text.endsWith("?");
        Turn taker = null; // who takes up a task put to the room (Cue.OPEN)
        boolean made = false; // the task is made from the offer's words, not the sentence's tail (HELP_OFFER)
        String offered = null; // what an offer of help said: its sentence, and the next one when it runs on
        Cue cue;
        Matcher line = minutes ? MINUTES_LINE.matcher(text) : null;
        Matcher present = listed ? LISTED_PRESENT.matcher(text) : null;
        if (line != null && line.lookingAt() && isName(line.group("names"), names) && workVerb(line.group("task"))
                && !SPOKEN.matcher(line.group("task")).find() && !LABELS.contains(line.group("names").toLowerCase(Locale.ROOT))) {
            m = line;
            c.task = line.group("task");
            c.owner = owners(line.group("names"));
            cue = Cue.NAMED;
        } else if (present != null && present.lookingAt() && isName(present.group("names"), names)
                && presentTense(present.group("verb")) != null) {
            m = present;
            c.task = presentTense(present.group("verb")) + " " + present.group("task");
            c.owner = owners(present.group("names"));
            cue = Cue.NAMED;
        } else if ((m = DECIDED_PRESENT.matcher(text)).find() && isName(m.group("names"), names)
                && presentTense(m.group("verb")) != null) {
            c.task = presentTense(m.group("verb")) + " " + m.group("task");
            c.owner = owners(m.group("names"));
            cue = Cue.NAMED;
        } else if ((m = EXPLICIT.matcher(text)).find()) {
            c.task = m.group("task");
            String assignee = m.group("for") != null ? m.group("for").strip() : m.group("paren") != null ? m.group("paren").strip()
                    : m.group("who") != null ? m.group("who") : "";
            Matcher named = NAMED.matcher(c.task);
            Matcher we = WE_LEAD.matcher(c.task);
            // "Decision: we move the launch to June" is the team's, unless it names who ("Decided: Tom will…")
            boolean teamDecision = m.group("decision") != null && (we.lookingAt() || !(named.find() && named.start() == 0));
            if (teamDecision) {
                c.task = we.lookingAt() ? c.task.substring(we.end()) : c.task;
                c.owner = "team";
            } else if (assignee.matches("(?i)me|myself") || m.group("self") != null) {
                c.owner = speaker;
            } else if (assignee.matches("(?i)us|all|everyone|everybody|the team|(?:the )?whole team")) {
                c.owner = "team";
            } else if (!assignee.isEmpty() && isName(assignee, names)) {
                c.owner = owners(assignee);
            } else if (named.find(0) && named.start() == 0 && isName(named.group("names"), names)) {
                c.owner = owners(named.group("names")); // "Action: Anna to draft the announcement"
                c.task = named.group("task");
            } else {
                c.owner = null;
            }
            cue = teamDecision ? Cue.TEAM_DECISION : Cue.EXPLICIT;
        } else if (speaker != null && (m = HELP_OFFER.matcher(text)).find() && ownHelp(m, offered = runOn(text, s, names))) {
            String with = m.group("with") == null ? "" : m.group("with");
            c.task = "help " + helped(offered, s, turns, speaker, names) + with;
            c.owner = speaker;
            cue = Cue.OFFER;
            made = true;
        } else if ((m = openRequest(text)) != null) {
            c.task = m.group("task");
            cue = Cue.OPEN;
        } else if ((m = NEED_ROLE.matcher(text)).find() && roleVerb(m.group("role")) != null) {
            c.task = roleVerb(m.group("role")) + " " + m.group("task");
            cue = Cue.OPEN;
        } else if (question && (m = NOMINATION.matcher(text)).find() && isName(m.group("names"), names)) {
            c.owner = owners(m.group("names"));
            if (!takenUpBy(c.owner, s, turns)) {
                return null; // proposed, but not taken up by the person proposed
            }
            c.task = m.group("task");
            c.confirmed = true;
            cue = Cue.NAMED;
        } else if (question && !REQUEST.matcher(text).find()) {
            return null; // a question is not a commitment, unless it is a request
        } else if ((m = named(text, names)) != null) {
            c.task = m.group("task");
            c.owner = owners(m.group("names"));
            cue = m.group("modal").equals("to") ? Cue.NAMED_TO : Cue.NAMED;
        } else if ((m = RESPONSIBLE.matcher(text)).find() && isName(m.group("names"), names)) {
            c.task = responsibility(m.group("task"));
            c.owner = owners(m.group("names"));
            // "Marek is responsible for the backend services" states a role; a task has a deed, a date or a start.
            boolean task = !c.task.startsWith("own ") || DUE.matcher(text).find() || m.group().matches("(?s).*\\b(?:will be|now)\\b.*");
            cue = task ? Cue.NAMED : Cue.ROLE;
        } else if ((m = passive(text, names)) != null) {
            c.task = passiveTask(text, m);
            c.owner = owners(m.group("names"));
            cue = Cue.PASSIVE;
        } else if ((m = restart(FIRST_PERSON, text)) != null) {
            c.task = m.group("task");
            c.owner = speaker;
            String said = m.group("cue").replaceAll("(?i)\\s+" + ADVERB + "\\b", "");
            cue = OFFER.matcher(said).matches() || TENTATIVE.matcher(said).matches() ? Cue.OFFER : Cue.FIRST_PERSON;
        } else if ((m = restart(REQUEST, text)) != null) {
            c.task = m.group("task");
            Matcher first = REQUEST.matcher(text);
            first.find();
            Vocative vocative = vocative(text, m.start(), m.start("task"), names);
            if (vocative == null && first.start() < m.start()) {
                // "Tom, could you again please…": the name stands before the first of the restarted cues.
                vocative = vocative(text, first.start(), m.start("task"), names);
            }
            if (vocative != null) {
                c.task = text.substring(m.start("task") + vocative.skip());
                // "…before the freeze, Tom.": the name at the end says whom, it is not part of the task.
                c.task = c.task.replaceFirst(",\\s*" + Pattern.quote(vocative.name()) + "\\s*[?.!]?$", "");
            }
            c.owner = vocative != null ? owner(vocative.name())
                    : s.turn == null && letter.addressee() != null ? letter.addressee() : addressee(s, turns, speaker, c.task, names);
            String said = m.group().toLowerCase(Locale.ROOT);
            String verb = Text.words(c.task + " x").get(0);
            boolean prediction = said.startsWith("you") && (!workVerb(c.task) || PREDICTED.contains(verb));
            cue = prediction ? Cue.PREDICTION : vocative != null ? Cue.VOCATIVE : said.startsWith("you could") ? Cue.SUGGESTION
                    : GENERIC_YOU.matcher(said).lookingAt() ? Cue.GENERIC : "team".equals(c.owner) ? Cue.TEAM : Cue.REQUEST;
        } else if ((m = imperative(text, names)) != null) {
            String task = m.group("task"); // "Update the changelog, Tom.": the sentence's capital is no part of the task
            c.task = task.length() > 1 && Character.isLowerCase(task.charAt(1)) ? Character.toLowerCase(task.charAt(0)) + task.substring(1) : task;
            c.owner = owner(m.group("name"));
            cue = Cue.ORDER;
        } else if ((m = TEAM.matcher(text)).find()) {
            c.task = m.group("task");
            c.owner = "team";
            cue = DECISION_CUE.matcher(m.group()).find() ? Cue.TEAM_DECISION : Cue.TEAM;
            Matcher delegated = DELEGATED.matcher(c.task);
            if (delegated.lookingAt() && isName(delegated.group("names"), names)) {
                c.task = delegated.group("task"); // "let's have Tom send the agenda": Tom's
                c.owner = owners(delegated.group("names"));
                cue = Cue.NAMED;
            }
        } else {
            return null;
        }
        if (cue == Cue.OPEN) {
            // put to the room: whoever takes it up owns it, and the evidence runs through their reply
            taker = volunteer(s, turns, speaker, tidy(c.task));
            c.owner = taker == null ? null : taker.getSpeaker();
            c.confirmed = taker != null;
            c.evidenceEnd = taker == null ? -1 : taker.getCharEnd();
        }
        String lead = text.substring(0, m.start());
        // The words of an open request ("who can…") or of a tentative offer ("…if I can") are the cue, not a
        // question or a condition on it.
        String cueText = text.substring(0, m.start("task")).strip();
        boolean cueHasIf = cue == Cue.OPEN || made || cue == Cue.OFFER && TENTATIVE.matcher(cueText).matches()
                || REMINDER_CUE.matcher(cueText).find();
        String before = cueHasIf ? lead : text.substring(0, m.start("task"));
        c.task = tidy(c.task);
        brokenOff &= !made; // a break after the offer leaves its task whole
        if (brokenOff) {
            c.task = hanging(c.task);
        }
        List<String> words = Text.words(c.task);
        if (words.size() < 2 || TRIVIAL.matcher(c.task).find() || NEGATION.matcher(negationScope(before)).find()
                || fragment(c.task) || past(lead, c.task) || selfReference(c.owner, c.task)
                || question && (STATIVE.contains(words.get(0)) || TELL_NOW.matcher(c.task).lookingAt())
                || WH_QUESTION.matcher(clause(before).strip()).find()
                || EMBEDDED_WH.matcher(clause(lead)).find()
                || NOT_A_PREDICATE.matcher(c.task).find() || quoted(lead)
                || CONDITIONAL.matcher(clause(before)).find()) {
            return null;
        }
        c.task = pointedBack(c.task, lead);
        words = Text.words(c.task);
        c.confidence = cue.strength;
        // "I'll have the numbers by Thursday": a delivery with its date is work, "I will have new models" a forecast
        boolean delivery = words.get(0).equals("have") && !PRONOUN_OBJECTS.contains(words.get(1)) && DUE.matcher(c.task).find();
        if (workVerb(c.task) || delivery) {
            c.confidence += 0.1;
        } else if (NOT_A_VERB.contains(words.get(0))) {
            c.confidence -= 0.2;
        } else if (STATIVE.contains(words.get(0))) {
            c.confidence -= 0.15; // "I will have new models", "you'll know": a forecast, not work
        }
        if (STILL_TO_DO.matcher(cueText).find()) {
            c.confidence += 0.1; // "I still need to…": work left open, what minutes of a status meeting record
        }
        if (CONDITIONAL.matcher(before).find()) {
            c.confidence -= 0.2; // "if the budget slips, we will cancel…": a commitment only in one case
        }
        if (DECISION.matcher(text).find()) {
            c.confidence += 0.1;
        }
        int content = Text.terms(c.task).size();
        if (content >= 3) {
            c.confidence += 0.05;
        } else if (content < 2) {
            c.confidence -= 0.15; // "install it", "find it": too vague to act on without the context
        }
        // a hedge counts in the sentence up to where another clause with its own subject begins ("…maybe we should…")
        Matcher next = NEXT_CLAUSE.matcher(text);
        String own = next.find(m.start("task")) ? text.substring(0, next.start()) : text;
        if (HEDGE.matcher(own).find() || taker != null && HEDGE.matcher(Text.clean(taker.getText())).find()) {
            c.confidence -= 0.15; // "maybe we…", or a task taken up with "I can do that, I guess"
        }
        if (brokenOff) {
            c.confidence -= 0.1; // the speaker broke off: the task may be incomplete
        }
        if ("team".equals(c.owner) && words.get(0).equals("continue") && !DUE.matcher(c.task).find()) {
            c.confidence -= 0.15; // "we will continue to support…": a policy that goes on, not a new task
        }
        Matcher now = RIGHT_NOW.matcher(c.task);
        if (now.find() && vague(c.task.substring(0, now.start()).strip())) {
            c.confidence -= 0.2; // "can you draw it now?": a move in the meeting, not a task for after it
        }
        if (c.owner == null) {
            c.confidence -= 0.2; // nobody to act on it
        } else if (inferred && c.owner.equals(speaker)) {
            c.confidence -= 0.1; // the speaker is a guess from the last hand-over, not a label
        } else if (made && offerTaken(s, turns, speaker)) {
            c.confidence += 0.2; // help offered and taken up: an arrangement between the two
        } else if (accepted(c.owner, s, turns, speaker)) {
            c.confidence += 0.1; // agreed to by its owner in the next turn, or said in answer to a request
        }
        return c;
    }

    /**
     * The cue's first match, or a later one when the speaker restarts within a few words ("I will – I'll
     * also put…", "please ask Dana- or Lena, please ask Tom"): the restart is what they meant.
     */
    private static Matcher restart(Pattern cue, String text) {
        Matcher m = cue.matcher(text);
        if (!m.find()) {
            return null;
        }
        Matcher probe = cue.matcher(text);
        while (probe.find(m.start("task")) && restarted(text.substring(m.start("task"), probe.start()))) {
            m.find(probe.start());
        }
        return m;
    }

    /** What lies between two cues is a false start: a word or two, or a few words and a repair ("–", "or"). */
    private static boolean restarted(String between) {
        int words = Text.wordCount(between);
        return words <= 2 || words <= RESTART_WORDS && REPAIR.matcher(between).find();
    }

    /** How strongly a cue states a commitment, before the modifiers. */
    private enum Cue {
        /** "Action item: …", "TODO: …". */
        EXPLICIT(0.85),
        /** "[PERSON6] will download…", "Dana should…": the form minutes use. */
        NAMED(0.6),
        /** "Dana, can you…", "[PERSON15], could you please…": a request to a named person. */
        VOCATIVE(0.6),
        /** "Tom, update the changelog…": a bare imperative to a named person, less explicit than a request. */
        ORDER(0.5),
        /** "I'll send…", "I am going to…". */
        FIRST_PERSON(0.5),
        /** "Dana to review…": an assignment without a verb, as often an aim ("the goal is for Dana to…"). */
        NAMED_TO(0.5),
        /** "Marek is in charge of the backend": a role more often than a task, unless a date or "now" says otherwise. */
        ROLE(0.4),
        /** "The report has to be written by [ORGANIZATION5]": an assignment in the passive, the agent after "by". */
        PASSIVE(0.55),
        /** "can you…", "please…" to whoever is listening. */
        REQUEST(0.45),
        /** "can someone…?", "who can…?": put to the room; weak until somebody takes it up. */
        OPEN(0.5),
        /** "we decided to…", "the plan is to…". */
        TEAM_DECISION(0.45),
        /** "you could…": a suggestion, which the listener may or may not take up. */
        SUGGESTION(0.4),
        /** "you have to set the channels", "you should compare it…" said to no one by name: often the generic "you" of how things work. */
        GENERIC(0.3),
        /** "I can…", "let me…": an offer, often for the next minute of the meeting. */
        OFFER(0.4),
        /** "we will…", "let's…": the team, often about the meeting itself. */
        TEAM(0.3),
        /** "you'll see…": a prediction more often than a request. */
        PREDICTION(0.25);

        final double strength;

        Cue(double strength) {
            this.strength = strength;
        }
    }

    /**
     * A named assignment whose names are the subject: a name after a preposition ("the deadline from
     * X to finalize", "a meeting with X to discuss") is not the one who acts; after "for" it is ("waiting
     * for X to test").
     */
    private static Matcher named(String text, Names names) {
        Matcher m = NAMED.matcher(text);
        int from = 0;
        while (from <= text.length() && m.find(from)) {
            from = m.end();
            if (!isName(m.group("names"), names)) {
                // "Ask Carol to review…": the capitalized first word of a sentence is no first name; try the name alone
                int space = m.group("names").indexOf(' ');
                boolean opens = text.substring(0, m.start("names")).isBlank();
                from = space > 0 && opens && !m.group("names").startsWith("[") ? m.start("names") + space + 1 : from;
                continue;
            }
            // "Attempts to contact the coach were ineffective": a bare "to" after a sentence's first word is a
            // purpose more often than an assignment, unless the word is known as a name elsewhere.
            if (m.group("modal").equals("to") && !names.attested(m.group("names"))) {
                continue;
            }
            // "I can contact [PERSON2] to join the meeting", "Tam is telling all Canadians to wear masks": whom
            // the speaker contacts or tells is assigned nothing here (the speaker may be: "I'll ask Tom to…").
            if (m.group("modal").equals("to") && contacted(text.substring(0, m.start()))) {
                continue;
            }
            // Not the subject: "students in Quebec and Canada will…", "the Paris Agreement to file…", "the
            // Institute for Wales to study…"; after "for" a person does act ("waiting for Dana to test…").
            // A speaker's label may follow "the": "I'd like the Industrial Designer to…".
            Matcher p = PREPOSITION_BEFORE.matcher(text.substring(0, m.start()));
            if (p.find() && (p.group("det") != null ? !names.speakers().contains(m.group("names").toLowerCase(Locale.ROOT))
                    : !p.group(2).equalsIgnoreCase("for") || p.group("word") != null && Character.isUpperCase(p.group("word").charAt(0)))) {
                continue;
            }
            return m;
        }
        return null;
    }

    /**
     * A passive assignment with its agent named ("the slides will be prepared by Dana"), when the
     * participle comes from a verb of work; null otherwise.
     */
    private static Matcher passive(String text, Names names) {
        Matcher m = PASSIVE.matcher(text);
        while (m.find()) {
            if (isName(m.group("names"), names) && baseVerb(m.group("verb")) != null) {
                return m;
            }
        }
        return null;
    }

    /**
     * The passive turned into a task: the verb's plain form and the thing done to ("This a report, that
     * has to be written by [ORGANIZATION5]" gives "write a report"). The thing is the noun phrase before
     * the modal, from its first determiner; "that"/"which" refer back past the comma to the phrase before.
     */
    private static String passiveTask(String text, Matcher m) {
        String before = text.substring(0, m.start()).replaceFirst("(?i)[\\s,]*\\b(?:that|which)\\s*$", "");
        List<String> words = new ArrayList<>(List.of(clause(before).strip().split("\\s+")));
        int first = 0;
        while (first < words.size() && !DETERMINERS.contains(words.get(first).toLowerCase(Locale.ROOT))) {
            first++;
        }
        if (first == words.size()) {
            first = Math.max(0, words.size() - 2); // no determiner: the last words ("budget figures")
        }
        while (first + 1 < words.size() && DETERMINERS.contains(words.get(first + 1).toLowerCase(Locale.ROOT))) {
            first++; // "this a report": the second determiner is the one meant
        }
        if (first < words.size() && DETERMINERS.contains(words.get(first).toLowerCase(Locale.ROOT))) {
            words.set(first, words.get(first).toLowerCase(Locale.ROOT)); // "The report…" at the start of a sentence
        }
        String thing = String.join(" ", words.subList(first, words.size())).strip();
        if (thing.matches("(?i)it|this|that|they|these|those")) {
            thing = thing.toLowerCase(Locale.ROOT).replace("they", "them"); // "It will be checked by Anna": "check it"
        }
        return baseVerb(m.group("verb")) + (thing.isEmpty() ? "" : " " + thing);
    }

    /**
     * The items of a list sentence ("Next steps: Lena drafts the FAQ, Tom updates the roadmap."), each as a
     * sentence of its own with the list's position; the sentence itself when it is no such list or names
     * fewer than two people.
     */
    private static List<ExtractiveAnalyzer.Sentence> listItems(ExtractiveAnalyzer.Sentence s, Names names) {
        Matcher header = LIST_HEADER.matcher(s.clean);
        if (!header.lookingAt()) {
            return List.of(s);
        }
        String[] parts = LIST_SPLIT.split(s.clean.substring(header.end()).replaceAll("[.!]+$", ""));
        List<ExtractiveAnalyzer.Sentence> items = new ArrayList<>();
        for (String p : parts) {
            Matcher first = NAME_IN_TASK.matcher(p);
            if (first.lookingAt() && isName(first.group(), names)) {
                items.add(new ExtractiveAnalyzer.Sentence(s.index, s.start, s.end, p.strip(), s.terms, s.turn));
            }
        }
        return items.size() >= 2 ? items : List.of(s);
    }

    /** The plain form of a verb of work in the third person ("drafts" → "draft", "fixes" → "fix"), or null. */
    static String presentTense(String verb) {
        String v = verb.toLowerCase(Locale.ROOT);
        for (String base : List.of(v.endsWith("s") ? v.substring(0, v.length() - 1) : "",
                v.endsWith("es") ? v.substring(0, v.length() - 2) : "", v.endsWith("ies") ? v.substring(0, v.length() - 3) + "y" : "")) {
            if (isWorkVerb(base)) {
                return base;
            }
        }
        return null;
    }

    /**
     * The sentence at text[start..end) opens with a bullet ("- ", "• "): minutes pasted into a transcript or
     * a chat still assign with "Dana: …". Read from the text, since cleaning drops the bullet.
     */
    private static boolean bulleted(String text, int start, int end) {
        int i = start;
        while (i < end && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i + 1 < end && "-–•*".indexOf(text.charAt(i)) >= 0 && Character.isWhitespace(text.charAt(i + 1));
    }

    /** The task starts with a verb of work, or a phrase of work ("take care of…"). */
    private static boolean workVerb(String task) {
        return isWorkVerb(Text.words(task + " x").get(0)) || WORK_PHRASE.matcher(task.strip()).lookingAt();
    }

    /** A verb of work, or one done again: "rewrite", "rerun", "re-send" ({@link #NOT_AGAIN} are other verbs). */
    static boolean isWorkVerb(String word) {
        if (WORK_VERBS.contains(word)) {
            return true;
        }
        String again = word.startsWith("re-") ? word.substring(3) : word.startsWith("re") ? word.substring(2) : "";
        return again.length() >= 2 && WORK_VERBS.contains(again) && !NOT_AGAIN.contains(word);
    }

    /**
     * What being in charge of something asks: "in charge of the survey" gives "own the survey", "responsible
     * for updating the wiki" gives "update the wiki" (a gerund of a verb of work turned into its plain form).
     */
    private static String responsibility(String object) {
        String o = object.strip().replaceFirst("\\s*[,;(–—].*$", "").replaceFirst("\\s+and\\s+(?:has|have|is|was|had)\\b.*$", "");
        String[] first = o.split("\\s+", 2);
        String gerund = first[0].toLowerCase(Locale.ROOT);
        String v = gerund.endsWith("ing") ? workVerbOfStem(gerund.substring(0, gerund.length() - 3)) : null;
        if (v != null) {
            return first.length > 1 ? v + " " + first[1] : v;
        }
        return "own " + o;
    }

    /** The plain form of a participle of a verb of work ("written" → "write", "prepared" → "prepare"), or null. */
    static String baseVerb(String participle) {
        String p = participle.toLowerCase(Locale.ROOT);
        String irregular = IRREGULAR.get(p);
        if (irregular != null) {
            return irregular;
        }
        if (!p.endsWith("ed")) {
            return null;
        }
        return workVerbOfStem(p.substring(0, p.length() - 2));
    }

    /**
     * The verb of work whose -ed or -ing form has this stem: the stem itself ("check"), with its e ("prepar"
     * gives "prepare"), without a doubled last letter ("submitt" gives "submit"), with y for i ("copi"); or null.
     */
    private static String workVerbOfStem(String stem) {
        int n = stem.length();
        List<String> candidates = List.of(stem, stem + "e",
                n > 2 && stem.charAt(n - 1) == stem.charAt(n - 2) ? stem.substring(0, n - 1) : stem,
                stem.endsWith("i") ? stem.substring(0, n - 1) + "y" : stem);
        for (String v : candidates) {
            if (isWorkVerb(v)) {
                return v;
            }
        }
        return null;
    }

    /** The person a request is addressed to, and how many characters of the task their name takes. */
    private record Vocative(String name, int skip) {}

    /** A name said right before or after the request cue ("Dana, can you…", "please, Dana, …", "[PERSON6] please…"). */
    private static Vocative vocative(String text, int cueStart, int taskStart, Names names) {
        Matcher before = VOCATIVE_BEFORE.matcher(text.substring(0, cueStart));
        if (before.find() && isName(before.group("name"), names)) {
            return new Vocative(before.group("name"), 0);
        }
        Matcher after = VOCATIVE_AFTER.matcher(text.substring(taskStart));
        if (after.lookingAt() && isName(after.group("name"), names)) {
            return new Vocative(after.group("name"), after.end());
        }
        Matcher tail = VOCATIVE_TAIL.matcher(text);
        if (tail.find() && isName(tail.group("name"), names)) {
            return new Vocative(tail.group("name"), 0);
        }
        return null;
    }

    /** The clause a cue stands in: the text after the last comma, semicolon, colon or dash before it. */
    private static String clause(String before) {
        int cut = Math.max(Math.max(before.lastIndexOf(','), before.lastIndexOf(';')),
                Math.max(before.lastIndexOf(':'), Math.max(before.lastIndexOf(" – "), before.lastIndexOf(" - "))));
        return before.substring(cut + 1);
    }

    /**
     * What a "not" before the cue can deny: its clause, which ends at punctuation or at a conjunction that
     * starts a new one ("I didn't touch the morphology so I still need to rewrite it" is a commitment).
     */
    private static String negationScope(String before) {
        String c = clause(before);
        Matcher conj = CLAUSE_CONJUNCTION.matcher(c);
        int cut = 0;
        while (conj.find()) {
            cut = conj.end();
        }
        return c.substring(cut);
    }

    /**
     * The cue stands inside quotation marks: speech quoted or imagined ("we could say \"hey, can you record
     * the panel show\""), not said to anyone here.
     */
    static boolean quoted(String lead) {
        long straight = lead.chars().filter(ch -> ch == '"').count();
        int open = Math.max(lead.lastIndexOf('“'), lead.lastIndexOf('„'));
        return straight % 2 == 1 || open >= 0 && lead.lastIndexOf('”') < open;
    }

    /**
     * A task the speaker broke off in a trailing phrase ("explain how to send a text to the platform through
     * the-") without the words left hanging, when what stays is a whole task of at least three words; one
     * broken off after a conjunction ("write the probing and -") is left as it is, a fragment.
     */
    static String hanging(String task) {
        String t = task.replaceFirst("[\\s\\-–—]+$", "");
        List<String> w = Text.words(t);
        int keep = w.size();
        while (keep > 0 && DANGLING.contains(w.get(keep - 1))) {
            keep--;
        }
        if (keep == w.size() || keep < 3) {
            return task;
        }
        for (int i = keep; i < w.size(); i++) {
            t = TRAILING_WORD.matcher(t).replaceFirst("");
        }
        return t.strip();
    }

    /** The speaker broke off ("…and", "…or –", "…if"): what is said is not a task yet. */
    static boolean fragment(String task) {
        List<String> w = Text.words(task);
        return !w.isEmpty() && FRAGMENT_END.contains(w.get(w.size() - 1)) && !task.matches("(?s).*\\b(?:it|this|that|them)$")
                || task.matches("(?s).*\\b(?:or|and|if|but|so|because)\\s*[-–—]*$");
    }

    /**
     * Past tense and reported speech: "please discussed it with her before", "you said it should have
     * been ready", "I had to fix…" describe what happened, not what is to be done.
     */
    static boolean past(String lead, String task) {
        String first = Text.words(task + " x").get(0);
        return first.length() > 4 && first.endsWith("ed") && !BASE_ED.contains(first)
                || PERFECT.matcher(task).lookingAt()
                || PAST_MARKER.matcher(task).find()
                || REPORTED.matcher(lead).find();
    }

    /**
     * "[PERSON3] ask [PERSON3]": every owner is also whom the task is about, so the owner was resolved
     * wrongly.
     */
    static boolean selfReference(String owner, String task) {
        if (owner == null || owner.equals("team")) {
            return false;
        }
        return namedIn(task).containsAll(Owners.of(owner).stream().map(o -> o.toLowerCase(Locale.ROOT)).toList());
    }

    /** The names a task mentions, lower case, without brackets. */
    private static Set<String> namedIn(String task) {
        Set<String> out = new HashSet<>();
        Matcher n = NAME_IN_TASK.matcher(task);
        while (n.find()) {
            out.add(n.group().replaceAll("^\\[|]$", "").toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /**
     * Turn context: the owner agrees in the next turn ("Sure, I'll…"), or the owner's own commitment
     * answers a request in the turn before it.
     */
    private static boolean accepted(String owner, ExtractiveAnalyzer.Sentence s, List<Turn> turns, String speaker) {
        if (s.turn == null) {
            return false;
        }
        int i = turns.indexOf(s.turn);
        if (owner.equals(speaker)) {
            return i > 0 && !Objects.equals(turns.get(i - 1).getSpeaker(), speaker)
                    && REQUEST.matcher(Text.stripMarkup(turns.get(i - 1).getText())).find();
        }
        if (i + 1 < turns.size() && isOneOf(turns.get(i + 1).getSpeaker(), owner)) {
            return ACCEPT.matcher(Text.clean(turns.get(i + 1).getText())).lookingAt();
        }
        return false;
    }

    /**
     * Whether the one an offer is made to takes it up in the next turn: "Yes, please", "Yeah, I will need
     * hands", "Thanks, that would be great"; not "No, I'm fine" or "Thanks, but I can't…".
     */
    private static boolean offerTaken(ExtractiveAnalyzer.Sentence s, List<Turn> turns, String speaker) {
        if (s.turn == null) {
            return false;
        }
        int i = turns.indexOf(s.turn);
        if (i + 1 >= turns.size() || Objects.equals(turns.get(i + 1).getSpeaker(), speaker)) {
            return false;
        }
        String reply = Text.stripMarkup(turns.get(i + 1).getText()).strip(); // not Text.clean, which drops "Yeah, yeah."
        return OFFER_TAKEN.matcher(reply).lookingAt() && !DECLINE.matcher(reply).find() && !NEGATION.matcher(reply.split("[.!?]", 2)[0]).find();
    }

    /**
     * The sentence, and the next one of the turn when the speaker ran on into it after a comma ("So if you want my
     * help," – "[PERSON1] you can let me know").
     */
    private static String runOn(String text, ExtractiveAnalyzer.Sentence s, Names names) {
        if (s.turn == null || !names.text().substring(s.start, s.end).strip().endsWith(",")) {
            return text;
        }
        String rest = names.text().substring(s.end, Math.max(s.end, s.turn.getCharEnd())).strip();
        Matcher end = SENTENCE_END.matcher(rest);
        return text + " " + Text.stripMarkup(end.find() ? rest.substring(0, end.start()) : rest);
    }

    /**
     * Whether the help offered is the speaker's: "my help", or "any help…, let me know"; not "if you need help,
     * ask Dana".
     */
    private static boolean ownHelp(Matcher offer, String said) {
        return offer.group("whose") != null || SPEAKER_ACTS.matcher(said.substring(Math.min(said.length(), offer.end()))).find();
    }

    /**
     * Whom an offer of help is made to: a name other than the speaker's in what the offer said (its sentence,
     * and the next one when it runs on); else the one who spoke before.
     */
    private static String helped(String offer, ExtractiveAnalyzer.Sentence s, List<Turn> turns, String speaker, Names names) {
        Matcher name = NAME_IN_TASK.matcher(offer);
        while (name.find()) {
            if (isName(name.group(), names) && !isOneOf(speaker, owner(name.group()))) {
                return name.group();
            }
        }
        int i = s.turn == null ? -1 : turns.indexOf(s.turn);
        String prev = i > 0 ? turns.get(i - 1).getSpeaker() : null;
        return prev != null && !prev.equals(speaker) ? prev : "you";
    }

    /**
     * Whether the person proposed for a task takes it up in one of their next {@value #NOMINEE_TURNS}
     * turns (within {@value #NOMINATION_REACH} turns): a turn that starts by agreeing ("Sure, …", "Yeah,
     * …") or says "I would do this", "I can take it", and turns nothing down ("I can't", "not me").
     */
    private static boolean takenUpBy(String who, ExtractiveAnalyzer.Sentence s, List<Turn> turns) {
        if (s.turn == null) {
            return false;
        }
        int i = turns.indexOf(s.turn);
        int theirs = 0;
        for (int j = i + 1; j < turns.size() && j <= i + NOMINATION_REACH && theirs < NOMINEE_TURNS; j++) {
            if (!isOneOf(turns.get(j).getSpeaker(), who)) {
                continue;
            }
            theirs++;
            String said = Text.clean(turns.get(j).getText());
            if (!DECLINE.matcher(said).find() && (ACCEPT.matcher(said).lookingAt() || TAKES_IT.matcher(said).find())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The text before a name ends with a verb of getting in touch, or of telling that does not open an order
     * ({@link #CONTACTED}): the name is whom the speaker reaches or tells.
     */
    private static boolean contacted(String before) {
        Matcher told = CONTACTED.matcher(before);
        return told.find() && (told.group("contact") != null
                || told.group("before") != null && !ORDER_OPENERS.contains(told.group("before").toLowerCase(Locale.ROOT)));
    }

    /** Whether the speaker is one of the people an owner field names. */
    private static boolean isOneOf(String speaker, String owner) {
        String sp = normalize(speaker);
        return Owners.of(owner).stream().anyMatch(o -> o.equalsIgnoreCase(sp));
    }

    private static String normalize(String speaker) {
        return speaker == null ? "" : speaker.replaceAll("^[\\[(]|[\\])]$", "");
    }

    private static boolean isName(String candidate, Names known) {
        String first = candidate.split("[\\s,&]+")[0];
        return first.startsWith("[") || known.contains(first);
    }

    /** "Lena" becomes "Lena Ortiz" when exactly one speaker's label starts with that name. */
    private static String fullName(String owner, List<Turn> turns) {
        List<String> several = Owners.of(owner);
        if (several.size() > 1) {
            return Owners.join(several.stream().map(o -> fullName(o, turns)).toList());
        }
        if (owner == null || owner.contains(" ") || owner.equals("team")) {
            return owner;
        }
        String match = null;
        for (Turn t : turns) {
            String sp = t.getSpeaker();
            if (sp != null && sp.startsWith(owner + " ") && !sp.equals(match)) {
                if (match != null) {
                    return owner; // two speakers share the first name: keep what was said
                }
                match = sp;
            }
        }
        return match == null ? owner : match;
    }

    /** The first named person; anonymised names like "[PERSON6]" lose their brackets. */
    private static String owner(String names) {
        return nameList(names).get(0);
    }

    /** Everyone named ("[PERSON5] and [PERSON11]", "Dana, Tom & Lena") as one owner field ({@link Owners}). */
    private static String owners(String names) {
        return Owners.join(nameList(names));
    }

    /** The names of a list of names, in order, anonymised ones without their brackets. */
    private static List<String> nameList(String names) {
        List<String> all = new ArrayList<>();
        for (String n : names.split("\\s*(?:,|\\band\\b|&)\\s*")) {
            all.add(n.strip().replaceAll("^\\[|]$", ""));
        }
        return all;
    }

    /**
     * Who an unnamed request is addressed to: whoever agrees to it in the next turn (nobody, when the
     * next turn turns it down), else the person who spoke just before (a request usually answers them),
     * else whoever speaks next. A request two or more sentences into a turn, in a meeting of three or more,
     * answers nobody: it is the team's ("team"). People the task names ("ask Dana…") are not its addressee.
     */
    private static String addressee(ExtractiveAnalyzer.Sentence s, List<Turn> turns, String speaker, String task, Names names) {
        if (s.turn == null || speaker == null) {
            return null;
        }
        int i = turns.indexOf(s.turn);
        String next = null;
        for (int j = i + 1; j < turns.size() && j <= i + 2 && next == null; j++) {
            String sp = turns.get(j).getSpeaker();
            if (sp != null && !sp.equals(speaker) && !selfReference(normalize(sp), task)) {
                next = sp;
                String answer = Text.clean(turns.get(j).getText());
                if (j == i + 1 && ACCEPT.matcher(answer).lookingAt()) {
                    return sp;
                }
                if (j == i + 1 && DECLINE.matcher(answer).lookingAt()) {
                    return null; // "I can't, …": declined, so nobody has it yet
                }
            }
        }
        // Deep in a turn of a meeting of three or more, a request answers nobody in particular: it is the room's,
        // unless the turn spoke to someone by name before it ("Thanks Lena. I looked at the logs. Can you send…?").
        String earlier = turnBefore(s, names.text());
        if (names.people() >= 3 && SENTENCE_END.matcher(earlier).results().count() >= ANSWER_SENTENCES) {
            Matcher spokenTo = SPOKEN_TO.matcher(earlier);
            while (spokenTo.find()) {
                String who = fullName(normalize(spokenTo.group("name")), turns);
                for (Turn t : turns) {
                    if (t.getSpeaker() != null && !t.getSpeaker().equals(speaker) && isOneOf(t.getSpeaker(), who)) {
                        return t.getSpeaker();
                    }
                }
            }
            return "team";
        }
        if (i > 0) {
            String prev = turns.get(i - 1).getSpeaker();
            if (prev != null && !prev.equals(speaker) && !selfReference(normalize(prev), task)) {
                return prev;
            }
        }
        return next;
    }

    /** What its speaker said in this turn before the sentence. */
    private static String turnBefore(ExtractiveAnalyzer.Sentence s, String text) {
        return text.substring(Math.max(0, Math.min(s.turn.getCharStart(), s.start)), s.start);
    }

    /** An order to a named person that starts with a verb of work ("Tom, update the changelog…"), or null. */
    private static Matcher imperative(String text, Names names) {
        if (text.endsWith("?")) {
            return null;
        }
        for (Pattern p : List.of(IMPERATIVE_TO, IMPERATIVE_THEN_NAME)) {
            Matcher m = p.matcher(text);
            if (!m.find() || !isName(m.group("name"), names)) {
                continue;
            }
            List<String> words = Text.words(m.group("task") + " x");
            // "[PERSON5], do you have any questions…": a question without its mark, not an order
            if (isWorkVerb(words.get(0)) && !SUBJECTS.contains(words.get(1))) {
                return m;
            }
        }
        return null;
    }

    /** The verb of work a role does: "reviewer" → "review", "organizer" → "organize", "translator" → "translate"; or null. */
    static String roleVerb(String role) {
        String r = role.toLowerCase(Locale.ROOT);
        String stem = r.substring(0, r.length() - 2);
        for (String verb : List.of(stem, stem + "e", r.substring(0, r.length() - 1))) {
            if (isWorkVerb(verb)) {
                return verb;
            }
        }
        return null;
    }

    /**
     * A task put to the room, or null. "Who can…" asks only at the start of a clause: in "another site, who
     * can also run the worker" or "the person who can download the corpus" it describes somebody.
     */
    private static Matcher openRequest(String text) {
        Matcher m = OPEN_REQUEST.matcher(text);
        while (m.find()) {
            if (!m.group().regionMatches(true, 0, "who ", 0, 4)) {
                return m;
            }
            String lead = text.substring(0, m.start()).strip();
            if (lead.isEmpty() || CLAUSE_START.matcher(lead).find()) {
                return m;
            }
        }
        return null;
    }

    /**
     * Who takes up a task put to the room: the first other speaker in the next two turns whose turn
     * starts by taking it ("I'll do it", "I can take that", "Sure, I'll send it tonight", "Me."); null
     * when nobody does.
     */
    private static Turn volunteer(ExtractiveAnalyzer.Sentence s, List<Turn> turns, String speaker, String task) {
        if (s.turn == null) {
            return null;
        }
        int i = turns.indexOf(s.turn);
        String taskVerb = Text.words(task + " x").get(0);
        for (int j = i + 1; j < turns.size() && j <= i + 2; j++) {
            String sp = turns.get(j).getSpeaker();
            if (sp == null || sp.equals(speaker)) {
                continue;
            }
            Matcher v = VOLUNTEER.matcher(Text.clean(turns.get(j).getText()));
            if (v.lookingAt()) {
                String verb = v.group("verb") == null ? null : v.group("verb").toLowerCase(Locale.ROOT);
                if (verb == null || TAKING_VERBS.contains(verb) || verb.equals(taskVerb)) {
                    return turns.get(j);
                }
            }
        }
        return null;
    }

    /**
     * The task with its pronoun object ("rewrite it into sentences") replaced by the thing the clause before
     * the cue acted on ({@link #CLAUSE_BEFORE}: "I still didn't touch morphology so I still need to…" gives
     * "rewrite morphology into sentences"); the task itself when there is no such clause, or the phrase there
     * is no thing (a person, a place, a time, a clause) or longer than four words.
     */
    static String pointedBack(String task, String lead) {
        String[] parts = task.split("\\s+", 3);
        if (parts.length < 2 || !parts[1].matches("(?i)it|them")) {
            return task;
        }
        Matcher m = CLAUSE_BEFORE.matcher(lead.strip() + " ");
        String verb = m.find() ? m.group("verb").toLowerCase(Locale.ROOT) : "";
        if (verb.isEmpty() || NOT_ACTING_ON.contains(verb) || verb.endsWith("ly")) {
            return task; // no clause, one about a person or a thought, or an adverb where the verb would be
        }
        String thing = m.group("thing").strip();
        List<String> words = Text.words(thing);
        // "that lot", "this report": a determiner before a noun; alone it is a pronoun
        List<String> noun = words.size() > 1 && (DETERMINERS.contains(words.get(0)) || words.get(0).equals("that"))
                ? words.subList(1, words.size()) : words;
        if (words.isEmpty() || words.size() > 4 || DUE.matcher(thing).find() || noun.stream().anyMatch(NOT_A_THING::contains)) {
            return task;
        }
        if (DETERMINERS.contains(words.get(0))) {
            thing = Character.toLowerCase(thing.charAt(0)) + thing.substring(1);
        }
        return parts[0] + " " + thing + (parts.length > 2 ? " " + parts[2] : "");
    }

    /** The task as an imperative phrase: no trailing punctuation, no leading connectives, no trailing reason or contrast. */
    private static String tidy(String task) {
        // A sentence end the segmenter missed ("I have to study. {comment} What will happen…") ends the task.
        String t = task.strip().replaceFirst("(?<=\\p{Ll}{3})[.!?]\\s+\\p{Lu}.*$", "").replaceAll("[.?!…]+$", "")
                .replaceFirst("(?i)^(?:also|then|just|maybe|please|definitely|actually)\\s+", "");
        t = t.replaceFirst("(?i)^(?:try to|be able to|also|will)\\s+", "");
        t = NEXT_CLAUSE.matcher(t).replaceFirst("");
        Matcher aside = ASIDE.matcher(t);
        if (aside.find() && Text.words(t.substring(0, aside.start())).size() >= 3) {
            t = t.substring(0, aside.start()); // "…tomorrow, that alone saves four thousand a month": a remark on the task
        }
        Matcher tail = TASK_TAIL.matcher(t);
        if (tail.find() && Text.words(t.substring(0, tail.start())).size() >= 2) {
            t = t.substring(0, tail.start());
        }
        t = REPEATED_PAIR.matcher(t).replaceAll("$1");
        t = DOUBLE_ARTICLE.matcher(t).replaceAll("$1");
        t = t.strip().replaceAll("[,;:]$", "").replaceFirst("(?i)[,\\s]+(?:then|please|too|yet)$", "");
        return t.strip();
    }

    /** Same owner and mostly the same content terms: one item, stated more than once (which raises confidence). */
    private static List<Candidate> merge(List<Candidate> found) {
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : found) {
            Candidate same = null;
            for (Candidate o : out) {
                if (Objects.equals(o.owner, c.owner)
                        && (jaccard(o.terms, c.terms) >= 0.5 || contained(o.terms, c.terms) || saidBack(o, c)
                        || o.terms.isEmpty() && c.terms.isEmpty() && o.task.equalsIgnoreCase(c.task))) {
                    same = o;
                    break;
                }
            }
            // The same task taken up later by someone else ("I can do that, I guess" – … – "Would that be
            // Dana to review it?" – "I would do this"): the last word on who does it holds.
            out.removeIf(o -> c.confirmed && o.owner != null && c.owner != null && !o.owner.equals(c.owner)
                    && !o.owner.equals("team") && jaccard(o.terms, c.terms) >= SAME_TASK);
            if (same == null) {
                out.add(c);
            } else {
                // The item that names its object wins over "…take care of it", whatever their confidence.
                Candidate keep = c.vague != same.vague ? (c.vague ? same : c) : c.confidence > same.confidence ? c : same;
                keep.confidence = Math.max(c.confidence, same.confidence) + 0.1;
                if (keep == c) {
                    out.set(out.indexOf(same), c);
                }
                if (keep.dueText == null) {
                    Candidate other = keep == c ? same : c;
                    keep.dueText = other.dueText;
                    keep.dueDate = other.dueDate;
                }
            }
        }
        return out;
    }

    /**
     * "Yes, I'll take care of it this week" a few sentences after "Tom, you'll take care of the vendor
     * contract?": the owner says the same item back, with a pronoun for its object.
     */
    private static boolean saidBack(Candidate a, Candidate b) {
        return Math.abs(a.sentence.index - b.sentence.index) <= SAID_BACK_SENTENCES && a.vague != b.vague;
    }

    /** A task whose object is only a pronoun ("send it", "take care of that by Friday"). */
    static boolean vague(String task) {
        return VAGUE.matcher(DUE.matcher(task).replaceAll("").strip()).matches();
    }

    /** One task's content terms all appear in the other's ("send it by Friday" after "send the budget by Friday"). */
    private static boolean contained(Set<String> a, Set<String> b) {
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        return !small.isEmpty() && large.containsAll(small);
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 0; // "look at it" and "look it up again" say nothing in common; see merge for the same words twice
        }
        int inter = 0;
        for (String t : a) {
            if (b.contains(t)) {
                inter++;
            }
        }
        return (double) inter / (a.size() + b.size() - inter);
    }

    private static LocalDate parseDate(String iso) {
        if (iso == null || iso.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(iso.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
