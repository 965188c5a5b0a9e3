package dev.modelgate.bench;

/** One way of getting a model's answer, measured by {@link LoadRun}: a call either returns the text or throws. */
interface InvokePath extends AutoCloseable {

    /** How the results table names this path. */
    String label();

    /**
     * One blocking call, from request to the answer's text. Safe to call from many threads at once.
     *
     * @throws Exception any failure, including an answer that is not a 200 or has no text: an error to count
     */
    String call() throws Exception;

    @Override
    void close();
}
