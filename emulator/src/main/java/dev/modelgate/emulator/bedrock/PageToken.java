package dev.modelgate.emulator.bedrock;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code nextToken} of a paginated list: the position of the next page, bound to the query it came from
 * (Region, caller account, filter). A token from another query, or text that is not a token, is rejected with
 * ValidationException "The provided nextToken is not valid." (emulator wording).
 */
record PageToken(String query, int offset) {

    private static final String VERSION = "mg1";

    PageToken {
        if (offset < 1) {
            throw new IllegalArgumentException("a page token points past the first page, got offset " + offset);
        }
    }

    String encode() {
        String plain = VERSION + "|" + query + "|" + offset;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a token issued for {@code query} over a list of {@code size} items.
     *
     * @throws BedrockException ValidationException when the token is not one this query issued
     */
    static PageToken decode(String token, String query, int size) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String prefix = VERSION + "|" + query + "|";
        if (!plain.startsWith(prefix)) {
            throw invalid();
        }
        String offset = plain.substring(prefix.length());
        if (!offset.matches("[1-9][0-9]{0,8}") || Integer.parseInt(offset) >= size) {
            throw invalid();
        }
        return new PageToken(query, Integer.parseInt(offset));
    }

    private static BedrockException invalid() {
        return BedrockException.validation("The provided nextToken is not valid.");
    }
}
