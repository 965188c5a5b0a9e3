package dev.modelgate.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What one JSON document read by the API may contain ({@code modelgate.api.json.*}): every request body, and the JSON
 * Modelgate stored from them. A body past a limit is refused before it is bound, with a problem naming the limit
 * ({@code json-limit-exceeded}, or {@code payload-too-large} for the document's length). Bodies are read with
 * duplicate property names refused as well ({@code duplicate-key}). Bedrock's responses are read by the invoker with
 * Jackson's defaults: what AWS sends is mapped as it comes.
 *
 * @param maxNestingDepth   objects and arrays open at once, default 100
 * @param maxNumberLength   characters of one number, default 100 (a {@code long} needs 20, a {@code double} 25)
 * @param maxStringLength   characters of one string value, default 1,048,576 (the default body limit)
 * @param maxNameLength     characters of one property name, default 1,024
 * @param maxDocumentLength bytes (or characters) of one document, default 1,048,576; a body is also capped, before it
 *                          is parsed, by {@code modelgate.api.max-request-bytes}
 */
@ConfigurationProperties("modelgate.api.json")
public record JsonReadLimits(@DefaultValue("100") int maxNestingDepth, @DefaultValue("100") int maxNumberLength,
                             @DefaultValue("1048576") int maxStringLength, @DefaultValue("1024") int maxNameLength,
                             @DefaultValue("1048576") long maxDocumentLength) {

    public JsonReadLimits {
        positive("max-nesting-depth", maxNestingDepth);
        positive("max-number-length", maxNumberLength);
        positive("max-string-length", maxStringLength);
        positive("max-name-length", maxNameLength);
        positive("max-document-length", maxDocumentLength);
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException("modelgate.api.json." + name + " must be positive, got " + value);
        }
    }
}
