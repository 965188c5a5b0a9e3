package dev.modelgate.emulator.iam;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An AWS account of the world.
 *
 * @param id                 12 digits
 * @param users              its IAM users; names unique, ignoring case (as IAM)
 * @param roles              its IAM roles; names unique, ignoring case (as IAM)
 * @param stsDisabledRegions regions where STS is not activated for this account: {@code AssumeRole}
 *                           of its roles signed for such a region fails with {@code RegionDisabledException}
 * @param guardrails         its Bedrock guardrails; ids unique. A guardrail exists in every Region (the emulator
 *                           does not place them)
 */
public record Account(String id, List<User> users, List<Role> roles, Set<String> stsDisabledRegions,
                      List<Guardrail> guardrails) {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    public Account {
        IamNames.checkAccountId("id", id);
        users = List.copyOf(users);
        roles = List.copyOf(roles);
        stsDisabledRegions = Set.copyOf(stsDisabledRegions);
        guardrails = List.copyOf(guardrails);
        checkMembers(id, "users", users, User::accountId, User::name);
        checkMembers(id, "roles", roles, Role::accountId, Role::name);
        checkMembers(id, "guardrails", guardrails, Guardrail::accountId, Guardrail::id);
        for (String region : stsDisabledRegions) {
            if (!REGION.matcher(region).matches()) {
                throw new InvalidWorldException("stsDisabledRegions",
                        "must list region names such as us-east-1, got \"" + region + "\"");
            }
        }
    }

    /** An account without guardrails. */
    public Account(String id, List<User> users, List<Role> roles, Set<String> stsDisabledRegions) {
        this(id, users, roles, stsDisabledRegions, List.of());
    }

    /** The guardrail with this id, if the account has one. */
    public java.util.Optional<Guardrail> guardrail(String guardrailId) {
        return guardrails.stream().filter(g -> g.id().equals(guardrailId)).findFirst();
    }

    private static <T> void checkMembers(String id, String field, List<T> members, Function<T, String> accountOf,
                                  Function<T, String> nameOf) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < members.size(); i++) {
            T member = members.get(i);
            if (!accountOf.apply(member).equals(id)) {
                throw new InvalidWorldException(field + "[" + i + "]",
                        "belongs to account " + accountOf.apply(member) + ", not " + id);
            }
            String name = nameOf.apply(member);
            Integer first = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
            if (first != null && field.equals("guardrails")) {
                throw new InvalidWorldException(field + "[" + i + "].id",
                        "duplicates " + field + "[" + first + "].id, got \"" + name + "\"");
            }
            if (first != null) {
                throw new InvalidWorldException(field + "[" + i + "].name",
                        "duplicates " + field + "[" + first + "].name (IAM names ignore case), got \"" + name + "\"");
            }
        }
    }
}
