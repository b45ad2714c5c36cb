package dev.precis.attention.analysis;

import static dev.precis.attention.analysis.ExtractiveAnalyzerTest.record;
import static dev.precis.attention.analysis.ExtractiveAnalyzerTest.transcript;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precis.attention.analysis.eval.Meetings;
import dev.precis.schemas.ActionItem;
import dev.precis.schemas.DocumentRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The linguistic rules of action-item extraction, one sentence pattern at a time. */
class ActionItemsTest {

    private static List<ActionItem> items(DocumentRecord doc) {
        return new ExtractiveAnalyzer(new AnalyzerConfig(AnalyzerConfig.EXTRACTIVE, 100, 4, Map.of("encoder", "lexical")))
                .analyze(doc).getActionItems();
    }

    private static List<ActionItem> items(String... speakerLines) {
        return items(transcript("2024-03-06", speakerLines));
    }

    /** Every candidate item, whatever its confidence. */
    private static List<ActionItem> candidates(DocumentRecord doc) {
        return new ExtractiveAnalyzer(new AnalyzerConfig(AnalyzerConfig.EXTRACTIVE, 100, 4,
                Map.of("encoder", "lexical", "actions.minConfidence", "0"))).analyze(doc).getActionItems();
    }

    private static List<ActionItem> candidates(String... speakerLines) {
        return candidates(transcript("2024-03-06", speakerLines));
    }

    /** The one item found, with this owner and task. */
    private static ActionItem only(List<ActionItem> items, String owner, String task) {
        assertEquals(1, items.size(), items.toString());
        assertEquals(owner, items.get(0).getOwner(), items.toString());
        assertEquals(task, items.get(0).getTask(), items.toString());
        return items.get(0);
    }

    @Test
    void anAdverbBetweenSubjectAndModalKeepsTheCommitment() {
        only(items("Ann", "I still need to migrate the billing database to the new cluster."),
                "Ann", "migrate the billing database to the new cluster");
        only(items("Ann", "Dana also has to review the quarterly budget figures for the board."),
                "Dana", "review the quarterly budget figures for the board");
    }

    @Test
    void aTaskGivenToSeveralPeopleNamesThemAll() {
        assertEquals(List.of("Dana, Tom: review the vendor contract before the renewal",
                        "PERSON5, PERSON11: select the video and test the performance"),
                ownerAndTask(items("Ann", "Dana and Tom will review the vendor contract before the renewal.",
                        "Bob", "So [PERSON5] and [PERSON11] should select the video and test the performance.")));
    }

    @Test
    void anExplicitItemForSomeoneBelongsToThem() {
        only(items("Dana", "Action item for me: book the room for the offsite."), "Dana", "book the room for the offsite");
        List<ActionItem> named = items("Dana", "Action for Lena: renew the certificates of the staging cluster.");
        assertEquals("Lena", named.get(0).getOwner(), named.toString());
        assertEquals("team", items("Dana", "Action item for us: publish the migration guide on the wiki.").get(0).getOwner());
        only(items("Ben", "Action: Anna to draft the customer announcement by Friday."),
                "Anna", "draft the customer announcement by Friday");
    }

    @Test
    void beingInChargeOfSomethingIsAnAssignment() {
        ActionItem item = only(items("Dana", "Marek is in charge of the survey, he should have a draft by the end of the month."),
                "Marek", "own the survey");
        assertEquals("2024-03-31", item.getDueDate());
        List<ActionItem> gerund = items("Dana", "Tom and Lena are responsible for updating the onboarding wiki.");
        assertEquals("Tom, Lena", gerund.get(0).getOwner(), gerund.toString());
        assertEquals("update the onboarding wiki", gerund.get(0).getTask());
        // A role, not a task: no deed, no date.
        assertEquals(List.of(), items("Tom", "Marek is responsible for all of the backend services and has been for years."));
    }

    /** Each item as "owner: task", in order. */
    private static List<String> ownerAndTask(List<ActionItem> items) {
        return items.stream().map(i -> i.getOwner() + ": " + i.getTask()).toList();
    }

    /** A written document (not a transcript) of the given lines, one sentence each. */
    private static DocumentRecord minutes(String... lines) {
        StringBuilder text = new StringBuilder();
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        for (String l : lines) {
            starts.add(text.length());
            text.append(l);
            ends.add(text.length());
            text.append('\n');
        }
        return DocumentRecord.newBuilder(record("2024-03-06", "en")).setKind("document").setText(text.toString())
                .setTurns(List.of()).setSentenceStarts(starts).setSentenceEnds(ends).build();
    }

    @Test
    void aLettersRequestsAreToWhomItGreetsAndItsIToWhoSignsIt() {
        List<ActionItem> found = items(minutes(
                "Hi Lena,",
                "Thanks for the numbers yesterday.",
                "Could you please send me the revised forecast by Friday?",
                "I will update the board deck once I have it.",
                "Best,",
                "Tom"));
        List<String> got = ownerAndTask(found);
        assertEquals(List.of("Lena: send me the revised forecast by Friday", "Tom: update the board deck once I have it"), got);
        assertEquals(new Letter(null, "team"), Letter.of("Hi all,\nThe release moved.\n"));
        assertEquals(Letter.NONE, Letter.of("Status report\nBest results so far.\nTom"),
                "\"Best results so far.\" is no sign-off");
    }

    @Test
    void linesOfWrittenMinutesAssignTasks() {
        List<ActionItem> items = items(minutes(
                "Product sync, Dana Ortiz, Tom Berg and Lena Fischer.",
                "The vendor contract renewal is due in April and the pricing page still shows the old tiers.",
                "- Dana: send the revised budget to finance by Friday",
                "- Tom – book the room for the offsite",
                "Marek: send me the file when you can",
                "Note: check the logs before every deploy of the pricing service.",
                "Next steps: Lena drafts the FAQ, Tom updates the roadmap."));
        List<String> got = ownerAndTask(items);
        assertEquals(List.of("Dana: send the revised budget to finance by Friday", "Tom: book the room for the offsite",
                "Lena: draft the FAQ", "Tom: update the roadmap"), got);
        // Minutes pasted into a transcript as bulleted lines assign too.
        only(items("Dana", "- Lena: renew the certificates of the staging cluster by Friday"), "Lena",
                "renew the certificates of the staging cluster by Friday");
        assertEquals("draft", ActionItems.presentTense("drafts"));
        assertEquals("fix", ActionItems.presentTense("fixes"));
        assertEquals(null, ActionItems.presentTense("likes"));
    }

    @Test
    void whatTheTeamHandsToOneOfItsOwnIsTheirs() {
        only(items("Dana", "Let's have Tom send the agenda to the partners."), "Tom", "send the agenda to the partners");
        assertEquals("Lena", items("Dana", "We'll get Lena to review the vendor contract before the renewal.").get(0).getOwner());
    }

    @Test
    void aNameAtTheEndOfARequestSaysWhomAndIsNotPartOfTheTask() {
        only(items("Dana", "Please make sure the backups are tested before the freeze, Tom."),
                "Tom", "make sure the backups are tested before the freeze");
    }

    @Test
    void anItemSaidBackWithAPronounIsMergedIntoTheNamedOne() {
        ActionItem item = only(items(
                "Dana", "Tom, you'll take care of the vendor contract then?",
                "Tom", "Yes, I'll take care of it this week."), "Tom", "take care of the vendor contract");
        assertEquals("this week", item.getDueText());
        assertTrue(ActionItems.vague("send it by Friday"));
        assertFalse(ActionItems.vague("send the budget by Friday"));
    }

    @Test
    void aPassiveWithItsAgentAssignsTheTaskToTheAgent() {
        ActionItem item = only(items("Ann", "The quarterly report has to be written by Dana before the audit on Friday."),
                "Dana", "write the quarterly report");
        assertEquals("Friday", item.getDueText().replaceFirst("^(?:on|by) ", ""));
        only(items("Ann", "This a report, that has to be written by [ORGANIZATION5], and everyone contributes their data."),
                "ORGANIZATION5", "write a report");
        // A pronoun for the thing is too vague to pass the threshold; below it, it reads "send it".
        List<ActionItem> pronoun = candidates("Ann", "It will be sent by Dana to the customer on Friday.");
        assertEquals(1, pronoun.size(), pronoun.toString());
        assertEquals("send it", pronoun.get(0).getTask());
        assertTrue(pronoun.get(0).getConfidence() < ActionItems.MIN_CONFIDENCE, pronoun.toString());
        assertEquals("prepare", ActionItems.baseVerb("prepared"));
        assertEquals("submit", ActionItems.baseVerb("submitted"));
        assertEquals("send", ActionItems.baseVerb("sent"));
        // No agent, an agent that is no name, a participle that is no work, a negation: no item.
        assertEquals(List.of(), items(
                "Ann", "The quarterly report has to be written before the audit.",
                "Bob", "The budget will be approved by the board next month.",
                "Ann", "The old release will be remembered by Dana for a long time.",
                "Bob", "The contract should not be signed by Marta without the lawyers."));
    }

    @Test
    void withoutSpeakerLabelsTheFloorGoesToWhoeverWasHandedIt() {
        // One unlabelled stream, as speech recognition without diarization writes it.
        String text = String.join("\n",
                "Good morning everybody, thanks for joining the release meeting.",
                "So now [PERSON4], if you can describe where the installer work stands.",
                "Sure, the installer builds on every platform except the old one.",
                "I will fix the signing step of the installer scripts by Friday.",
                "Thanks, that sounds good.",
                "[PERSON7], please tell us about the translation backlog.",
                "The backlog has shrunk to forty strings.",
                "I still need to send the glossary to the Czech translators.");
        DocumentRecord doc = Meetings.transcript("m", "m", "en", "2024-03-06", List.of(new Meetings.Utterance(null, text)));
        List<ActionItem> items = items(doc);
        assertEquals(2, items.size(), items.toString());
        assertEquals("PERSON4", items.get(0).getOwner(), items.toString());
        assertTrue(items.get(0).getTask().startsWith("fix the signing step"), items.toString());
        assertEquals("PERSON7", items.get(1).getOwner(), items.toString());
        assertTrue(items.get(1).getTask().startsWith("send the glossary"), items.toString());
        // The short hand-overs of a stand-up: "Marek?", "Over to you, Priya."
        String standUp = String.join("\n", "Morning everyone, let's do the round.", "Marek?",
                "Yesterday I fixed the login page.", "Today I will migrate the billing database to the new cluster.",
                "Thanks. Over to you, Priya.", "I am going to review the translation backlog with the vendor on Friday.");
        List<ActionItem> round = items(Meetings.transcript("s", "s", "en", "2024-03-06",
                List.of(new Meetings.Utterance(null, standUp))));
        assertEquals(List.of("Marek", "Priya"), round.stream().map(ActionItem::getOwner).toList(), round.toString());
        // A memo is not a transcript: its "I" is its author, whoever it addresses.
        DocumentRecord memo = DocumentRecord.newBuilder(doc).setKind("document").build();
        assertTrue(items(memo).stream().noneMatch(i -> "PERSON4".equals(i.getOwner()) || "PERSON7".equals(i.getOwner())),
                items(memo).toString());
        // A guessed speaker counts for less than a labelled one.
        float labelled = items("PERSON4", "I will fix the signing step of the installer scripts by Friday.").get(0).getConfidence();
        assertTrue(items.get(0).getConfidence() < labelled, items + " against " + labelled);
    }

    @Test
    void pastTenseAndReportedSpeechAreNotTasks() {
        assertEquals(List.of(), items(
                "Ann", "Please discussed the vendor contract with Marta before.",
                "Bob", "You told me you will migrate the billing database.",
                "Ann", "You should have sent the invoice to the auditors.",
                "Bob", "I will send the quarterly figures I already prepared yesterday."));
    }

    @Test
    void aConditionInTheSameClauseDropsTheItemAndAnEarlierOneLowersIt() {
        assertEquals(List.of(), items("Ann", "If you send me the logs I will check the parser for the encoding error."));
        float plain = items("Ann", "I'll migrate the billing database to the new cluster on Friday.").get(0).getConfidence();
        List<ActionItem> conditional = items("Ann", "If the vendor agrees, I'll migrate the billing database to the new cluster on Friday.");
        assertTrue(conditional.isEmpty() || conditional.get(0).getConfidence() < plain, conditional.toString());
    }

    @Test
    void questionsThatAreNotRequestsAreNotTasks() {
        assertEquals(List.of(), items(
                "Ann", "Will you be at the office on Monday?",
                "Bob", "Why would you rewrite the parser from scratch",
                "Ann", "Can you remember the old release schedule?"));
    }

    @Test
    void brokenOffSentencesAreNotTasks() {
        assertEquals(List.of(), items(
                "Ann", "I'll check the parser logs and",
                "Bob", "Dana will send the budget figures or –",
                "Ann", "I will review the installer scripts if"));
        assertTrue(ActionItems.fragment("check the parser and"));
        assertFalse(ActionItems.fragment("check the parser and fix it"));
    }

    @Test
    void aSentenceBrokenOffInATrailingPhraseKeepsItsTask() {
        // what was left hanging is dropped, and the break costs confidence
        List<ActionItem> found = candidates("Ann", "I will send the draft chapter to the reviewers through the-",
                "Bob", "I will send the draft chapter to the reviewers.");
        assertEquals(List.of("Ann: send the draft chapter to the reviewers", "Bob: send the draft chapter to the reviewers"),
                ownerAndTask(found));
        assertTrue(found.get(0).getConfidence() < found.get(1).getConfidence(), found.toString());
        assertEquals("explain the setup to the new annotators", ActionItems.hanging("explain the setup to the new annotators on the-"));
        assertEquals("write the probing and -", ActionItems.hanging("write the probing and -"), "broken off after a conjunction");
        assertEquals("send it to-", ActionItems.hanging("send it to-"), "too little left to be a task");
    }

    @Test
    void aClauseRunOnWithItsOwnSubjectIsNoPartOfTheTask() {
        ActionItem item = only(items("Eva", "I will check the list of figures maybe we should add some."),
                "Eva", "check the list of figures");
        // the hedge belongs to the next clause, not to the commitment
        ActionItem plain = only(items("Eva", "I will check the list of figures."), "Eva", "check the list of figures");
        assertEquals(plain.getConfidence(), item.getConfidence(), 1e-6);
        only(items("Eva", "I will review the glossary and then we should merge it into the handbook."), "Eva", "review the glossary");
        only(items("Eva", "I'll list the open questions and then we can discuss them with the vendor."), "Eva", "list the open questions");
    }

    @Test
    void aHopeIsAHedge() {
        List<ActionItem> found = candidates("Ann", "I hope I will send you the migration script tomorrow.",
                "Bob", "I will send you the migration script tomorrow.");
        assertEquals(2, found.size(), found.toString());
        assertEquals(0.15, found.get(1).getConfidence() - found.get(0).getConfidence(), 0.01, found.toString());
    }

    @Test
    void requestsSaidAsWantsRemindersOrdersAndNotesToSelf() {
        List<ActionItem> found = items(
                "Jordan", "Sam's going to handle the release notes then.",
                "Jordan", "Maria, I need you to draft the RFC for the new billing API.",
                "Jordan", "I'd like you to review the security findings, Tom.",
                "Jordan", "Don't forget to send the invoice to Acme, Lena.",
                "Jordan", "Tom, update the changelog before the release.",
                "Jordan", "It would be great if you could send the load test results, Mike.",
                "Jordan", "Note to self: update the launch ticket.",
                "Jordan", "Remember to renew the SSL certificate, Lena.",
                "Jordan", "Book the demo room for Friday, Sam.");
        List<String> got = ownerAndTask(found);
        assertEquals(List.of("Sam: handle the release notes", "Maria: draft the RFC for the new billing API",
                "Tom: review the security findings", "Lena: send the invoice to Acme", "Tom: update the changelog before the release",
                "Mike: send the load test results", "Jordan: update the launch ticket", "Lena: renew the SSL certificate",
                "Sam: book the demo room for Friday"), got);
    }

    @Test
    void greetingsThanksAndQuestionsToANamedPersonAreNoOrders() {
        assertEquals(List.of(), items(
                "Maria", "Mark, that was great.",
                "Jordan", "Anna, welcome to the team!",
                "Jordan", "Great work, Tom.",
                "Jordan", "Thanks, Lena.",
                "Jordan", "Sam's going to be late today.",
                "Jordan", "Remember: the office is closed on Monday.",
                "Jordan", "Tom, remember the last release?",
                "Jordan", "So Tom, do you have any questions about the deliverable.",
                "Jordan", "Don't forget to smile on the photos."));
    }

    @Test
    void aDeliveryWithADateIsWorkNotAForecast() {
        only(items("Mike", "I will have the revenue numbers by Thursday."), "Mike", "have the revenue numbers by Thursday");
    }

    @Test
    void placesTreatiesAndInstitutionsAreNoOwners() {
        assertEquals(List.of(), items(
                "Ann", "On Friday, students in Quebec and Canada will be able to apply for the emergency student benefit.",
                "Bob", "That answer fails to meet the requirements of the Paris Agreement to file a new target this year.",
                "Ann", "You got the Public Policy Institute for Wales to study this proposed policy."));
        // A speaker's label may follow "the", and after "for" a person acts.
        only(items("Project Manager", "I'd like the Industrial Designer to sketch the basic functions of the remote.",
                "Industrial Designer", "Okay."), "Industrial Designer", "sketch the basic functions of the remote");
    }

    @Test
    void titlesInSpeakerLabelsAndFormsOfAddressAreNoNames() {
        // "The Chair" speaking made "The" a name, and "The Liberals promised to…" an assignment.
        assertEquals(List.of(), items(
                "The Chair", "Mr. Champoux, you have the floor.",
                "Mr. Martin Champoux", "The Liberals promised to correct this injustice.",
                "Hon. Patty Hajdu", "Chair, work with the provinces and territories on a longer-term plan.",
                "The Chair", "Seeing no further petitions, we'll continue, and we will now proceed to the questioning of ministers."));
        assertEquals(List.of(), items(minutes("Upgrading to 4.2",
                "Administrators should schedule the upgrade outside working hours and take a backup first.")),
                "guidance to a class of people names nobody");
        only(items("Hon. Patty Hajdu", "Lena, can you send the committee the figures by Friday?"), "Lena",
                "send the committee the figures by Friday");
    }

    @Test
    void howThingsWorkIsNoRequest() {
        // The generic "you" is a suggestion at most: below the threshold unless a name says whom.
        assertEquals(List.of(), items(
                "Ann", "The price is fine.",
                "Bob", "Well, for the premium model you have to pay two euros more per unit."));
        assertEquals(List.of(), items(
                "Ann", "We could go to friends in broadcast media and say \"hey, can you record the panel show on multiple channels\"."));
        assertEquals(List.of(), items(
                "Ann", "I was trying to think, you know, what kinds of projects can you do now versus six months from now."));
        assertEquals(List.of(), items(
                "Ann", "I'll ask a question similar to the previous one.",
                "Bob", "Technologically I'll give it a seven.",
                "Ann", "Canada will continue to be an important market for new medicines.",
                "Bob", "I will commend the province for the early work it did in the care homes.",
                "Ann", "I'll note that this is the end of our questions to ministers for this afternoon.",
                "Bob", "The university was under pressure from the then Minister to merge with the colleges.",
                "Ann", "So I'm first going to do an opening, then we talk about the tool we are going to design.",
                "Bob", "I'll finish up with just a bit of discussion on the next phase."));
    }

    @Test
    void aRemarkAfterTheTaskIsNoPartOfIt() {
        only(items("Tom", "I'll shut down the duplicate staging environment tomorrow, that alone saves about four thousand a month."),
                "Tom", "shut down the duplicate staging environment tomorrow");
        only(items("Tom", "I'll put the slides in the shared folder, which Lena created last week."),
                "Tom", "put the slides in the shared folder");
    }

    @Test
    void aSentenceEndInsideTheTaskEndsIt() {
        assertEquals(List.of(), items("Ann", "But I have to study. {comment} What will happen in a general way."));
    }

    @Test
    void decisionsInTheFormsMinutesAndMeetingsUse() {
        List<ActionItem> found = items(
                "Dana", "Decision: we move the launch to the first week of June.",
                "Dana", "It was decided that Lena will own the rollout plan.",
                "Dana", "So the decision is that Priya prepares the customer email.",
                "Dana", "Okay, so Marek will handle the vendor call, right?",
                "Marek", "Yes.",
                "Dana", "TODO Lena: check the contract terms with legal.",
                "Dana", "TODO(Tom): rotate the staging keys.",
                "Dana", "Follow-up: Priya to send the survey results to the team.");
        List<String> got = ownerAndTask(found);
        assertEquals(List.of("team: move the launch to the first week of June", "Lena: own the rollout plan",
                "Priya: prepare the customer email", "Marek: handle the vendor call", "Lena: check the contract terms with legal",
                "Tom: rotate the staging keys", "Priya: send the survey results to the team"), got);
        // Reported speech stays reported: "was" before anything but "decided/agreed".
        assertEquals(List.of(), items("Ann", "It was said that Lena will own the rollout plan."));
    }

    @Test
    void aDeclinedRequestBelongsToNobody() {
        assertEquals(List.of(), items(
                "Ann", "The parser fails on long files from the archive.",
                "Bob", "Can you send me one failing file from the archive?",
                "Carol", "I can't, the archive is on my other laptop."));
        only(items(
                "Ann", "The parser fails on long files from the archive.",
                "Bob", "Can you send me one failing file from the archive?",
                "Carol", "I can, give me a minute."), "Carol", "send me one failing file from the archive");
    }

    @Test
    void aTaskPutToTheRoomBelongsToWhoTakesItUp() {
        List<ActionItem> found = items(
                "Dana", "We need someone to update the release notes for the customer portal.",
                "Tom", "I'll do it.",
                "Dana", "Who can review the security checklist before Friday?",
                "Lena", "I can take that.",
                "Dana", "Can someone send the agenda to the partners?",
                "Marek", "Sure, I'll send it tonight.");
        assertEquals(3, found.size(), found.toString());
        assertEquals("Tom", found.get(0).getOwner());
        assertEquals("update the release notes for the customer portal", found.get(0).getTask());
        assertTrue(found.get(0).getEvidence().getText().startsWith("We need someone to update"), found.get(0).toString());
        assertTrue(found.get(0).getEvidence().getText().endsWith("I'll do it."), "the evidence shows who took it up: " + found.get(0));
        assertEquals("Lena", found.get(1).getOwner());
        assertEquals("review the security checklist before Friday", found.get(1).getTask());
        assertEquals("2024-03-08", found.get(1).getDueDate());
        ActionItem agenda = found.get(2);
        assertEquals("Marek", agenda.getOwner());
        assertEquals("send the agenda to the partners", agenda.getTask(), "the said-back 'it' is the agenda");
        assertEquals("2024-03-06", agenda.getDueDate(), "the due date said when taking it up is kept");
    }

    @Test
    void aRoleTheMeetingLacksIsATaskForWhoTakesItUp() {
        List<ActionItem> found = items(
                "Dana", "The workshop is on the twelfth.",
                "Dana", "We don't have a reviewer for the report on NLP technologies yet.",
                "Priya", "I can do that, I guess.",
                "Dana", "We still need a presenter for the customer demo.",
                "Tom", "Me.",
                "Dana", "We have no manager for this.");
        assertEquals(List.of("Priya: review the report on NLP technologies", "Tom: present the customer demo"), ownerAndTask(found));
        assertTrue(found.get(0).getConfidence() < found.get(1).getConfidence(), "taken up with a hedge: " + found);
        assertEquals("review", ActionItems.roleVerb("reviewer"));
        assertEquals("translate", ActionItems.roleVerb("translator"));
        assertEquals("organize", ActionItems.roleVerb("organizer"));
        assertNull(ActionItems.roleVerb("manager"));
    }

    @Test
    void aPersonProposedForATaskOwnsItOnceTheyTakeItUpAndTheLastWordHolds() {
        List<ActionItem> found = items(
                "Ann", "We still don't have a reviewer for the security audit report.",
                "Bob", "I can do that I guess.",
                "Ann", "Either you, or maybe someone from the vendor.",
                "Carol", "The vendor has people for this.",
                "Ann", "Would that be Dana to review the security audit report?",
                "Dana", "Hmm, it might not be me, maybe one of our developers.",
                "Ann", "It is written for people who are not experts.",
                "Dana", "Oh, then I would do this, yeah.",
                "Ann", "Great. Could Carol book the room for the workshop?",
                "Carol", "I don't think so, I'm away that week.");
        // Bob took the review up first, Dana last: hers; Carol was proposed but did not take the room booking
        assertEquals(List.of("Dana: review the security audit report"), ownerAndTask(found));
    }

    @Test
    void whomTheSpeakerTellsOrAdvisesIsAssignedNothingButAnOrderToAskHandsTheTaskOn() {
        assertEquals(List.of(), items("Ann", "The health officer is telling all Canadians to wear masks in public.",
                "Bob", "I would advise the member for Carleton to memorize those audit figures."));
        // the meeting's course: giving someone the floor, reminding of the rules
        assertEquals(List.of(), items("Ann", "Honourable Minister, please provide a short response.",
                "Bob", "I'm going to ask Nicola to come in in a minute, because she knows the figures.",
                "Ann", "I will remind honourable members that a petition needs a short summary."));
        only(items("Ann", "The vendor has not replied about the licence.", "Bob", "And ask [PERSON7] to review the licence terms.",
                "Carol", "The terms are long."),
                "PERSON7", "review the licence terms");
        // a capitalized verb before a name is no first name: "Ask Carol" and "Tell Carol" are Carol
        for (String verb : List.of("Ask", "Tell")) {
            only(items("Ann", "The vendor has not replied about the licence.", "Bob", verb + " Carol to review the licence terms.",
                    "Carol", "The terms are long."),
                    "Carol", "review the licence terms");
        }
    }

    @Test
    void aPolicyThatGoesOnIsWeakerThanANewTask() {
        List<ActionItem> found = candidates("Ann", "We will continue to review the supplier contracts.",
                "Bob", "We will review the tenant applications.");
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.get(0).getConfidence() < found.get(1).getConfidence() - 0.1, found.toString());
    }

    @Test
    void askingToBeToldOrShownNowIsNoTaskForLater() {
        assertEquals(List.of(), items("Ann", "Can you set out the impact the emergency has had on the care system?",
                "Bob", "It has been severe.",
                "Ann", "But can you give the committee an assurance today that this will be a priority?",
                "Bob", "Yes.",
                "Ann", "Can you draw it now?",
                "Bob", "Sure."));
        // with its object named, or for later, it is a task
        only(items("Ann", "Can you draw the new remote control for the next meeting?", "Bob", "Sure."),
                "Bob", "draw the new remote control for the next meeting");
    }

    @Test
    void aTaskPutToTheRoomThatNobodyTakesUpIsNoItem() {
        assertEquals(List.of(), items(
                "Anna", "Can someone send me the slides from the review?",
                "Ben", "I'll share my screen now.",
                "Anna", "We need a partner site who can also run the same worker."));
    }

    @Test
    void seeingIfICanIsATentativeOfferNotACondition() {
        // An offer, so below the threshold; without the rule the "if" dropped it altogether.
        List<ActionItem> found = candidates("Ann", "The licence runs out next month.",
                "Bob", "Let me see if I can contact the vendor about the licence renewal.");
        assertEquals(1, found.size(), found.toString());
        assertEquals("Bob", found.get(0).getOwner());
        assertEquals("contact the vendor about the licence renewal", found.get(0).getTask());
        assertTrue(found.get(0).getConfidence() < ActionItems.MIN_CONFIDENCE, found.toString());
        // "let's see if I can" is the same offer; whom the speaker contacts is assigned nothing
        List<ActionItem> lets = candidates("Ann", "The streaming server is down again.",
                "Bob", "Let's see if I can contact [PERSON2] to restart the streaming server.");
        assertEquals(List.of("Bob: contact [PERSON2] to restart the streaming server"), ownerAndTask(lets));
    }

    @Test
    void aNegationInAnEarlierClauseDeniesNothing() {
        only(items("Ann", "I don't know the figures, but I will send the budget to finance on Monday."),
                "Ann", "send the budget to finance on Monday");
        only(items("Bob", "And I still didn't touch the morphology so I still need to rewrite the chapter into sentences."),
                "Bob", "rewrite the chapter into sentences");
        assertEquals(List.of(), items("Ann", "I don't think I will send the figures to finance."));
    }

    @Test
    void doingThisIsATaskWhenItSaysWhat() {
        only(items("Ann", "I fixed the English segmenter, but I still need to do this manually for the Czech segmenter."),
                "Ann", "do this manually for the Czech segmenter");
        assertEquals(List.of(), items("Ann", "Sure, I'll do it right now."));
    }

    @Test
    void aPronounObjectNamesWhatTheClauseBeforeActedOn() {
        only(items("Bob", "And I still didn't touch morphology so I still need to rewrite it into sentences."),
                "Bob", "rewrite morphology into sentences");
        only(items("Ann", "We finished the migration guide, so could you review it before the release?", "Bob", "Sure."),
                "Bob", "review the migration guide before the release");
        // a person, a time, a clause or a long phrase is nothing to point back to
        assertEquals("send it to finance", ActionItems.pointedBack("send it to finance", "I talked to Dana so "));
        assertEquals("send it to finance", ActionItems.pointedBack("send it to finance", "I finished yesterday so "));
        assertEquals("send it", ActionItems.pointedBack("send it", "I think the draft is ready so "));
        assertEquals("fix it", ActionItems.pointedBack("fix it", "I looked at the long list of failing import tests and "));
        assertEquals("rerun them tonight", ActionItems.pointedBack("rerun them tonight", ""));
        assertEquals("test the parser", ActionItems.pointedBack("test it", "We could fix the parser, so "));
        assertEquals("test it", ActionItems.pointedBack("test it", "We could finally fix the parser, so "));
        assertEquals("send the quarterly report", ActionItems.pointedBack("send it", "I'm finishing the quarterly report and "));
        assertEquals("throw that lot together", ActionItems.pointedBack("throw it together", "so we can have that lot, "));
        assertEquals("send it", ActionItems.pointedBack("send it", "I have that, so "));
    }

    @Test
    void workStillToDoIsMoreLikelyAnItem() {
        float plain = only(candidates("Ann", "I need to update the release notes for the installer."),
                "Ann", "update the release notes for the installer").getConfidence();
        float still = only(candidates("Ann", "I still need to update the release notes for the installer."),
                "Ann", "update the release notes for the installer").getConfidence();
        assertEquals(0.1, still - plain, 1e-6);
    }

    @Test
    void helpOfferedAndTakenUpIsTheHelpersItem() {
        only(items("Ann", "I still have forty files to annotate before Friday.",
                        "Bob", "So if you want my help,\nAnn you can let me know.",
                        "Ann", "Yeah, yeah. I will definitely need hands with those files."),
                "Bob", "help Ann");
        only(items("Ann", "I still have forty files to annotate before Friday.",
                        "Bob", "If you need any help with the annotation, just tell me.",
                        "Ann", "Thanks, that would be great."),
                "Bob", "help Ann with the annotation");
        assertEquals(List.of(), items("Ann", "I still have forty files to annotate before Friday.",
                "Bob", "If you need any help with the annotation, just tell me.",
                "Ann", "No thanks, I am fine."));
        // help someone else gives is no offer of the speaker's
        assertEquals(List.of(), items("Ann", "I still have forty files to annotate before Friday.",
                "Bob", "If you need any help with the annotation, ask Dana.",
                "Ann", "Yes, thanks."));
    }

    @Test
    void aVerbOfWorkDoneAgainIsWork() {
        assertTrue(ActionItems.isWorkVerb("rewrite") && ActionItems.isWorkVerb("rerun") && ActionItems.isWorkVerb("re-send"));
        assertFalse(ActionItems.isWorkVerb("represent") || ActionItems.isWorkVerb("remain") || ActionItems.isWorkVerb("read-"));
        only(items("Ann", "Tom, rerun the nightly benchmarks on the new machine."), "Tom", "rerun the nightly benchmarks on the new machine");
    }

    @Test
    void firstPersonBelongsToTheSpeakerEvenWhenSpeakingToSomeone() {
        only(items("Ann", "I'll send you the signed contract tonight."), "Ann", "send you the signed contract tonight");
    }

    @Test
    void anUnnamedRequestGoesToWhoAcceptsItElseToThePreviousSpeaker() {
        List<ActionItem> accepted = items(
                "Ann", "The parser fails on long files from the archive.",
                "Bob", "Can you send me one failing file from the archive?",
                "Carol", "Sure, I have a few.");
        assertEquals("Carol", accepted.get(0).getOwner(), accepted.toString());
        List<ActionItem> answered = items(
                "Ann", "The parser fails on long files from the archive.",
                "Bob", "Can you send me one failing file from the archive?",
                "Carol", "The archive is huge.");
        assertEquals("Ann", answered.get(0).getOwner(), answered.toString());
    }

    /** Every candidate of a three-person meeting in which Bob's turn (of one or more sentences) is the third. */
    private static List<ActionItem> bobSays(String turn) {
        return candidates(Meetings.transcript("m", "m", "en", "2024-03-06", List.of(
                new Meetings.Utterance("Ann", "The parser fails on long files from the archive."),
                new Meetings.Utterance("Carol", "It did that last year too."),
                new Meetings.Utterance("Bob", turn),
                new Meetings.Utterance("Ann", "The archive files are huge."))));
    }

    @Test
    void aRequestDeepInATurnOfAMeetingIsTheRooms() {
        List<ActionItem> room = bobSays("Right. So that is the parser. Now the release itself is close. Please update the release checklist.");
        ActionItem item = room.stream().filter(i -> i.getTask().equals("update the release checklist")).findFirst().orElseThrow();
        assertEquals("team", item.getOwner(), room.toString());
        // the same request as the turn's opening answers whoever spoke before
        List<ActionItem> answer = bobSays("Please update the release checklist.");
        assertEquals("Carol", answer.get(0).getOwner(), answer.toString());
        assertTrue(item.getConfidence() < answer.get(0).getConfidence(), room + " " + answer);
        // a turn that spoke to someone by name before the request is still speaking to them
        assertEquals(List.of("Ann: send me one failing file from the archive"),
                ownerAndTask(bobSays("Thanks Ann. I looked at the logs this morning. Can you send me one failing file from the archive?")));
    }

    @Test
    void theAddressedPersonOwnsARequest() {
        List<ActionItem> items = items(
                "Ann", "So Tom, could you again please prepare the internal poll for the demo dates?",
                "Bob", "Lena please upload the corrected translation files to the shared folder.",
                "Ann", "Please, Dana, book the large meeting room for the review.");
        assertEquals(List.of("Tom", "Lena", "Dana"), items.stream().map(ActionItem::getOwner).toList(), items.toString());
    }

    @Test
    void anOwnerIsNeverTheOneTheTaskIsAbout() {
        List<ActionItem> items = items(
                "Carol", "I looked at the crash logs of the importer.",
                "Bob", "Can you discuss the importer fix with Ann?",
                "Ann", "Hm.");
        assertEquals("Carol", items.get(0).getOwner(), items.toString());
        assertEquals(List.of(), items("Ann", "I have to ask Ann about the travel budget."));
        assertTrue(ActionItems.selfReference("PERSON3", "ask [PERSON3] about the budget"));
        assertFalse(ActionItems.selfReference("PERSON3", "ask [PERSON9] about the budget"));
    }

    @Test
    void aSpeakerRestartKeepsWhatTheyMeant() {
        List<ActionItem> items = items(
                "Ann", "I will – I'll also put the installation guide into the project wiki.",
                "Bob", "Please ask Tom- or Dana, please ask Lena about the licence of the corpus.");
        assertEquals("put the installation guide into the project wiki", items.get(0).getTask());
        assertEquals("Dana", items.get(1).getOwner(), items.toString());
        assertEquals("ask Lena about the licence of the corpus", items.get(1).getTask());
    }

    @Test
    void spokenFalseStartsLeaveTheTask() {
        List<ActionItem> items = items("Ann", "I'm going to look for the for the test files of the parser, and prepare a an overview.");
        assertEquals("look for the test files of the parser, and prepare an overview", items.get(0).getTask());
    }

    @Test
    void aNameAfterAPrepositionIsNotTheOwnerButAfterForItIs() {
        List<ActionItem> items = items(
                "Ann", "The deadline from Acme to finalize the cost numbers is in June.",
                "Bob", "We are waiting for Dana to test the new sentence segmenter.");
        assertEquals(List.of("Dana"), items.stream().map(ActionItem::getOwner).toList(), items.toString());
    }

    @Test
    void aTranscriptLineWithItsSpeakerInParenthesesGivesTheOwner() {
        List<ActionItem> items = items(record(null, "en", null, "(PERSON6) I will download and prepare the parliament corpus."));
        assertEquals("PERSON6", items.get(0).getOwner(), items.toString());
        assertEquals("download and prepare the parliament corpus", items.get(0).getTask());
    }

    @Test
    void theTeamOwnsDecisionsNotTalkAboutTheMeeting() {
        List<ActionItem> items = items(
                "Ann", "We decided to review the marketing plan next week.",
                "Bob", "We will move on to the next point.",
                "Ann", "Let's see.");
        assertEquals(1, items.size(), items.toString());
        assertEquals("team", items.get(0).getOwner());
        assertEquals("2024-03-15", items.get(0).getDueDate());
    }

    @Test
    void tasksWithoutContentWordsAreNotTheSameItem() {
        List<ActionItem> found = candidates("Ann", "I still have to look at it again and then we can talk.", "Bob", "Okay, thanks.",
                "Ann", "I have to look it up again.");
        assertEquals(2, found.size(), found.toString());
    }

    @Test
    void aLongMeetingKeepsOnlyItsMostConfidentItemsAShortOneAllOfThem() {
        String[] people = {"Ann", "Bob", "Carol", "Dana"};
        String[] work = {"send the revised budget to finance", "prepare the slides for the board", "book the meeting room",
            "review the installer scripts", "update the project wiki", "translate the user guide", "fix the importer crash",
            "upload the corrected files"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            lines.add(people[i % people.length]);
            lines.add(i % 20 == 0 ? "I'll " + work[i / 20] + " by Friday." : "The importer reads files from the archive and the logs"
                    + " show what happened on each run of the nightly job.");
        }
        assertEquals(ActionItems.MIN_CAP, items(lines.toArray(String[]::new)).size());
        List<String> note = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            note.add(people[i % people.length]);
            note.add("I'll " + work[i] + " by Friday.");
        }
        assertEquals(5, items(note.toArray(String[]::new)).size());
        ActionItems rules = new ActionItems(ActionItems.MIN_CONFIDENCE, ActionItems.MAX_ITEMS, ActionItems.WORDS_PER_ITEM);
        assertEquals(ActionItems.MAX_ITEMS, rules.cap(0));
        assertEquals(ActionItems.MIN_CAP, rules.cap(ActionItems.SHORT_WORDS));
        assertEquals(5, rules.cap(15_000));
        for (int w = 0; w < 20_000; w += 100) {
            assertTrue(rules.cap(w) >= ActionItems.MIN_CAP && rules.cap(w) <= ActionItems.MAX_ITEMS, "cap at " + w);
        }
    }
}
