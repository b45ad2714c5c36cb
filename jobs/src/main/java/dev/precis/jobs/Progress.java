package dev.precis.jobs;

/** Names of the job's accumulators, which the launcher polls to show progress. */
public final class Progress {
    private Progress() {}

    public static final String DOCUMENTS = "precis-documents";
    public static final String FAILURES = "precis-failures";
    /** Files seen again with the content they had when last processed, so not analysed again. */
    public static final String UNCHANGED = "precis-unchanged";
}
