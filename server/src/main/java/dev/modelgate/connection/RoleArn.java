package dev.modelgate.connection;

import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The ARN of the IAM role a tenant lets Modelgate assume: {@code arn:aws:iam::123456789012:role/Name} or, with a
 * path, {@code arn:aws:iam::123456789012:role/teams/ml/Name}.
 *
 * <p>IAM's rules: the name is 1 to 64 of {@code [\w+=,.@-]}; the path is {@code /} or {@code /segment/.../}, each
 * segment printable ASCII (IAM allows {@code !} to {@code ~}), at most 512 characters with its slashes. Modelgate
 * also refuses empty path segments ({@code role//Name}), which IAM's pattern would let through but which are
 * always a typo.
 *
 * @param partition the ARN's partition
 * @param accountId the 12-digit account that owns the role
 * @param path      the role's path, {@code /} when it has none, else starting and ending with {@code /}
 * @param name      the role's name
 */
public record RoleArn(AwsPartition partition, String accountId, String path, String name) {

    /** Longest role name IAM allows. */
    public static final int MAX_NAME_LENGTH = 64;
    /** Longest role path IAM allows, its slashes included. */
    public static final int MAX_PATH_LENGTH = 512;

    private static final String FIELD = "roleArn";
    private static final String SHAPE = "arn:aws:iam::<12 digits>:role/<name>";
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1," + MAX_NAME_LENGTH + "}");
    private static final Pattern PATH = Pattern.compile("/|/([\\x21-\\x2E\\x30-\\x7E]+/)+");

    /**
     * Checks each part against IAM's rules.
     *
     * @throws InvalidInputException (field {@code roleArn}) when a part breaks them
     */
    public RoleArn {
        Objects.requireNonNull(partition, "partition");
        List<Violation> violations = new ArrayList<>();
        checkParts(String.valueOf(accountId), String.valueOf(path), String.valueOf(name),
                "arn:" + partition.id() + ":iam::" + accountId + ":role" + path + name, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    /**
     * Reads a role ARN as a tenant typed it.
     *
     * @throws InvalidInputException (field {@code roleArn}) with every rule the value breaks: {@code blank},
     *                               {@code whitespace}, {@code invalid-character}, {@code malformed-role-arn},
     *                               {@code arn-partition}, {@code arn-service}, {@code arn-region}, {@code arn-account},
     *                               {@code arn-resource-type}, {@code role-name}, {@code role-path}
     */
    public static RoleArn parse(String raw) {
        List<Violation> violations = new ArrayList<>();
        RoleArn arn = read(raw, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return arn;
    }

    /** Every rule {@code raw} breaks as a role ARN, as {@link #parse} would report them; empty when it is one. */
    public static List<Violation> validate(String raw) {
        List<Violation> violations = new ArrayList<>();
        read(raw, violations);
        return violations;
    }

    /** The ARN as AWS writes it. */
    public String arn() {
        return "arn:" + partition.id() + ":iam::" + accountId + ":role" + path + name;
    }

    @Override
    public String toString() {
        return arn();
    }

    private static RoleArn read(String raw, List<Violation> violations) {
        if (raw == null || raw.isEmpty()) {
            violations.add(Violation.of(FIELD, "blank", "role ARN must not be blank; expected " + SHAPE));
            return null;
        }
        String whitespace = Quoted.whitespace(raw);
        if (whitespace != null) {
            violations.add(Violation.of(FIELD, "whitespace", "role ARN must not contain whitespace (found " + whitespace
                    + "), got " + Quoted.of(raw)));
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c < 0x21 || c > 0x7E) && !Quoted.isWhitespace(c)) {
                violations.add(Violation.of(FIELD, "invalid-character", "role ARN may contain only printable ASCII, got "
                        + Quoted.character(raw, i) + " at index " + i + " in " + Quoted.of(raw)));
                break;
            }
        }
        if (!violations.isEmpty()) {
            return null;
        }
        String[] parts = raw.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            violations.add(Violation.of(FIELD, "malformed-role-arn", "role ARN must look like " + SHAPE + ", got "
                    + Quoted.of(raw)));
            return null;
        }
        AwsPartition partition = AwsPartition.fromId(parts[1]).orElse(null);
        if (partition == null) {
            violations.add(Violation.of(FIELD, "arn-partition", "role ARN partition must be "
                    + AwsPartition.idsForMessages() + ", got " + Quoted.of(parts[1]) + " in " + Quoted.of(raw)));
        }
        boolean session = parts[2].equals("sts") && parts[5].startsWith("assumed-role/");
        if (!parts[2].equals("iam")) {
            violations.add(Violation.of(FIELD, "arn-service", session
                    ? "role ARN must be the role's IAM ARN, not an assumed-role session ARN: use " + SHAPE + ", got " + Quoted.of(raw)
                    : "role ARN must be an IAM ARN (" + SHAPE + "), got service " + Quoted.of(parts[2]) + " in " + Quoted.of(raw)));
        }
        if (!parts[3].isEmpty()) {
            violations.add(Violation.of(FIELD, "arn-region", "role ARN must have an empty region (IAM is global: "
                    + SHAPE + "), got " + Quoted.of(parts[3]) + " in " + Quoted.of(raw)));
        }
        String resource = parts[5].equals("role") ? "role/" : parts[5];
        if (session) {
            checkAccount(parts[4], raw, violations);
            return null;
        }
        if (!resource.startsWith("role/")) {
            int slash = resource.indexOf('/');
            violations.add(Violation.of(FIELD, "arn-resource-type", "role ARN must name a role (" + SHAPE + "), got "
                    + Quoted.of(slash < 0 ? resource : resource.substring(0, slash)) + " in " + Quoted.of(raw)));
            checkAccount(parts[4], raw, violations);
            return null;
        }
        String pathAndName = resource.substring("role".length());
        int lastSlash = pathAndName.lastIndexOf('/');
        String path = pathAndName.substring(0, lastSlash + 1);
        String name = pathAndName.substring(lastSlash + 1);
        checkParts(parts[4], path, name, raw, violations);
        return violations.isEmpty() ? new RoleArn(partition, parts[4], path, name) : null;
    }

    private static void checkParts(String account, String path, String name, String raw, List<Violation> violations) {
        checkAccount(account, raw, violations);
        if (!NAME.matcher(name).matches()) {
            violations.add(Violation.of(FIELD, "role-name", "role ARN's role name must be 1 to " + MAX_NAME_LENGTH
                    + " letters, digits or _+=,.@-, got " + Quoted.of(name) + " in " + Quoted.of(raw)));
        }
        if (path.length() > MAX_PATH_LENGTH) {
            violations.add(Violation.of(FIELD, "role-path", "role ARN's path must have at most " + MAX_PATH_LENGTH
                    + " characters, got " + path.length() + " in " + Quoted.of(raw)));
        } else if (!PATH.matcher(path).matches()) {
            violations.add(Violation.of(FIELD, "role-path", "role ARN's path must be / or /segment/.../ with non-empty "
                    + "segments of printable ASCII, got " + Quoted.of(path) + " in " + Quoted.of(raw)));
        }
    }

    private static void checkAccount(String account, String raw, List<Violation> violations) {
        if (!ACCOUNT.matcher(account).matches()) {
            violations.add(Violation.of(FIELD, "arn-account", "role ARN must look like " + SHAPE + ", got " + Quoted.of(raw)));
        }
    }
}
