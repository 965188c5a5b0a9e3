package dev.modelgate.emulator.auth;

import dev.modelgate.emulator.iam.Principal;

/**
 * An authenticated caller.
 *
 * @param principal   who signed the request
 * @param region      the region of the credential scope: the region the client believes it is talking to
 * @param accessKeyId the access key that signed
 */
public record Caller(Principal principal, String region, String accessKeyId) {
}
