package dev.modelgate.bench;

/** One way of streaming a model's answer, measured by {@link StreamLoad}: a call either returns the answer or throws. */
interface StreamPath extends AutoCloseable {

    /** How the results table names this path. */
    String label();

    /**
     * One blocking call, from the request to the end of the stream. Safe to call from many threads at once.
     *
     * @throws Exception any failure, including an answer that is not a 200 stream or a stream that ended in an error
     */
    StreamAnswer call() throws Exception;

    @Override
    void close();
}
