package dev.modelgate.usage;

/**
 * Stores usage records. Called on the caller's thread once a call has ended (succeeded or not), before its answer
 * goes out.
 */
public interface UsageRecorder {

    /**
     * Stores {@code record}, or keeps it to store later when the database is failing. Never throws; never loses a
     * record of a call that succeeded while the process lives, except past an explicit, counted limit the
     * implementation documents.
     */
    void record(UsageRecord record);
}
