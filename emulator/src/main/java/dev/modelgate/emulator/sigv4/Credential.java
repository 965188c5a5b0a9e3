package dev.modelgate.emulator.sigv4;

/**
 * The {@code Credential} of a SigV4 signature: {@code <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request}.
 *
 * @param accessKeyId the access key id
 * @param date        the scope date, {@code yyyyMMdd}
 * @param region      the scope region
 * @param service     the scope service (signing name)
 */
record Credential(String accessKeyId, String date, String region, String service) {

    /**
     * Parses a credential as it appears in the {@code Authorization} header or {@code X-Amz-Credential}.
     *
     * @throws SigV4Exception INCOMPLETE_SIGNATURE when it does not have five '/'-separated elements
     *                        ending in {@code aws4_request}
     */
    static Credential parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 5) {
            throw new SigV4Exception(SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                    "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '"
                            + text + "'");
        }
        if (!parts[4].equals(SignatureCalculator.TERMINATOR)) {
            throw new SigV4Exception(SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                    "Credential should be scoped with a valid terminator: '" + SignatureCalculator.TERMINATOR
                            + "', not '" + parts[4] + "'.");
        }
        return new Credential(parts[0], parts[1], parts[2], parts[3]);
    }

    /** The credential scope, {@code <yyyyMMdd>/<region>/<service>/aws4_request}. */
    String scope() {
        return date + '/' + region + '/' + service + '/' + SignatureCalculator.TERMINATOR;
    }
}
