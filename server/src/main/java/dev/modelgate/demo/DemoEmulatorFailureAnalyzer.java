package dev.modelgate.demo;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says what to do when demo mode cannot start the emulator, instead of a stack trace. */
public final class DemoEmulatorFailureAnalyzer extends AbstractFailureAnalyzer<DemoEmulatorStartException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DemoEmulatorStartException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
