package dev.modelgate.emulator.journal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a streamed answer (InvokeModelWithResponseStream, ConverseStream) went, updated while it is written: the
 * frames written so far and how it ended. Thread-safe.
 */
public final class StreamProgress {

    /** How a stream ended. */
    public enum Outcome {
        /** Still being written. */
        STREAMING,
        /** Every frame was written. */
        COMPLETED,
        /** An injected mid-stream exception frame ended it. */
        FAULT,
        /** The client went away: a write failed, and the writer stopped before generating another frame. */
        CLIENT_CLOSED
    }

    private final AtomicInteger frames = new AtomicInteger();
    private volatile Outcome outcome = Outcome.STREAMING;
    private volatile boolean faulted;

    /** The frames written to the client so far (an exception frame counts). */
    public int framesWritten() {
        return frames.get();
    }

    /** How the stream ended, or {@link Outcome#STREAMING} while it runs. */
    public Outcome outcome() {
        return outcome;
    }

    /** Counts a frame written. */
    public void frameWritten() {
        frames.incrementAndGet();
    }

    /** Notes that the next frame is an exception frame: the stream ends as {@link Outcome#FAULT}. */
    public void faulting() {
        faulted = true;
    }

    /** The writer returned normally. */
    public void finished() {
        outcome = faulted ? Outcome.FAULT : Outcome.COMPLETED;
    }

    /** A write failed because the client went away. */
    public void clientClosed() {
        outcome = Outcome.CLIENT_CLOSED;
    }

    @Override
    public String toString() {
        return outcome + " after " + frames.get() + " frames";
    }
}
