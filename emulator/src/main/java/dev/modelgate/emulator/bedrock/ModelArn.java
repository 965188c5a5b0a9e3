package dev.modelgate.emulator.bedrock;

import java.util.Optional;

/**
 * The parts of an ARN naming a model resource: {@code arn:<partition>:<service>:<region>:<account>:<type>/<id>}.
 * The ID may itself contain {@code :} (inference profile IDs do) and {@code /}.
 */
record ModelArn(String partition, String service, String region, String account, String resourceType,
                String resourceId) {

    /** Splits an ARN; empty when the text is not {@code arn:…:…:…:…:<type>/<id>}. */
    static Optional<ModelArn> parse(String text) {
        if (!text.startsWith("arn:")) {
            return Optional.empty();
        }
        String[] parts = text.split(":", 6);
        if (parts.length != 6) {
            return Optional.empty();
        }
        String resource = parts[5];
        int slash = resource.indexOf('/');
        if (slash <= 0 || slash == resource.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new ModelArn(parts[1], parts[2], parts[3], parts[4], resource.substring(0, slash),
                resource.substring(slash + 1)));
    }
}
