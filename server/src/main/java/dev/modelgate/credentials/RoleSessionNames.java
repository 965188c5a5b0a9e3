package dev.modelgate.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code RoleSessionName} of a workspace's sessions, which the tenant's CloudTrail shows as the caller:
 * {@code modelgate-<workspace id>}. STS allows 2 to 64 characters of {@code [\w+=,.@-]}; a workspace id that does
 * not fit as it is has its other characters replaced by {@code -} and is cut, and then gets {@code -} and 8 hex
 * digits of its SHA-256 appended, so that the name stays the same for the same id and differs between ids.
 */
final class RoleSessionNames {

    static final String PREFIX = "modelgate-";
    static final int MAX_LENGTH = 64;
    private static final int HASH_HEX_DIGITS = 8;

    private RoleSessionNames() {
    }

    /**
     * The session name for {@code workspaceId}.
     *
     * @throws IllegalArgumentException when {@code workspaceId} is blank
     */
    static String forWorkspace(String workspaceId) {
        if (workspaceId == null || workspaceId.isBlank()) {
            throw new IllegalArgumentException("workspace id must not be blank, got "
                    + (workspaceId == null ? "null" : "\"" + workspaceId + "\""));
        }
        StringBuilder name = new StringBuilder(PREFIX);
        boolean altered = false;
        for (int i = 0; i < workspaceId.length(); i++) {
            char c = workspaceId.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "_+=,.@-".indexOf(c) >= 0;
            name.append(allowed ? c : '-');
            altered |= !allowed;
        }
        if (!altered && name.length() <= MAX_LENGTH) {
            return name.toString();
        }
        name.setLength(Math.min(name.length(), MAX_LENGTH - HASH_HEX_DIGITS - 1));
        return name.append('-').append(hash(workspaceId)).toString();
    }

    private static String hash(String workspaceId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(workspaceId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HASH_HEX_DIGITS / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
