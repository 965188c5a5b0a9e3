package dev.modelgate.demo;

import java.util.Objects;

/** Demo mode could not start the AWS emulator: its port is invalid or taken. */
public final class DemoEmulatorStartException extends RuntimeException {

    private final String action;

    private DemoEmulatorStartException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = Objects.requireNonNull(action, "action");
    }

    static DemoEmulatorStartException invalidPort(int port) {
        return new DemoEmulatorStartException(DemoEmulatorInitializer.EMULATOR_PORT
                + " must be between 0 and 65535, got " + port, "Set " + DemoEmulatorInitializer.EMULATOR_PORT
                + " to a port number, or to 0 to pick a free one.", null);
    }

    static DemoEmulatorStartException cannotListen(int port, Exception cause) {
        String reason = cause.getCause() != null ? cause.getCause().getMessage() : cause.getMessage();
        return new DemoEmulatorStartException("demo mode could not start the AWS emulator on 127.0.0.1:" + port + ": "
                + reason, "Stop what listens on port " + port + " (an earlier ./modelgate demo, a separately started "
                + "emulator, LocalStack), or give the emulator another port: ./modelgate demo --"
                + DemoEmulatorInitializer.EMULATOR_PORT + "=4567 (0 picks a free one).", cause);
    }

    /** What the operator can do about it. */
    public String action() {
        return action;
    }
}
