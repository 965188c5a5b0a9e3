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
 * @param maxNumberLength   characters of one number, default 100 (a long needs 20, a double 25)
 * @param maxStringLength   characters of one string value, default 1,048,576 (the default body limit)
 * @param maxNameLength     characters of one property name, default 1,024
 * @param maxDocumentLength bytes (or characters) of one document, default 1,048,576; a body is also capped, before it
 *                          is parsed, by modelgate.api.max-request-bytes
 */
@ConfigurationProperties(JsonReadLimits.PREFIX)
public record JsonReadLimits(@DefaultValue("100") int maxNestingDepth, @DefaultValue("100") int maxNumberLength,
                             @DefaultValue("1048576") int maxStringLength, @DefaultValue("1024") int maxNameLength,
                             @DefaultValue("1048576") long maxDocumentLength) {

    static final String PREFIX = "modelgate.api.json";

    public JsonReadLimits {
        PropertyRules.atLeast(PREFIX + ".max-nesting-depth", maxNestingDepth, 1);
        PropertyRules.atLeast(PREFIX + ".max-number-length", maxNumberLength, 1);
        PropertyRules.atLeast(PREFIX + ".max-string-length", maxStringLength, 1);
        PropertyRules.atLeast(PREFIX + ".max-name-length", maxNameLength, 1);
        PropertyRules.atLeast(PREFIX + ".max-document-length", maxDocumentLength, 1);
    }
}
