package dev.modelgate.registration;

import dev.modelgate.emulator.iam.Role;
import dev.modelgate.emulator.iam.World;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test setup: roles approved for a workspace, written straight to {@code role_registrations} as a platform operator's
 * approval leaves them (without an audit event, which tests of other features do not expect). The gate reads them
 * at the next {@code AssumeRole}.
 */
public final class TestApprovals {

    public static final String ACTOR = "test-setup";

    private TestApprovals() {
    }

    /** Approves each role for the workspace, inserting or updating its registration. */
    public static void approve(JdbcClient jdbc, String workspaceId, List<String> roleArns) {
        Timestamp now = Timestamp.from(Instant.now());
        for (String roleArn : roleArns) {
            int updated = jdbc.sql("UPDATE role_registrations SET state = 'APPROVED', decided_at = ?, decided_by = ? "
                    + "WHERE workspace_id = ? AND role_arn = ?").params(now, ACTOR, workspaceId, roleArn).update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO role_registrations (id, workspace_id, role_arn, state, requested_at, "
                                + "requested_by, decided_at, decided_by) VALUES (?, ?, ?, 'APPROVED', ?, ?, ?, ?)")
                        .params(UUID.randomUUID().toString(), workspaceId, roleArn, now, ACTOR, now, ACTOR).update();
            }
        }
    }

    /** Approves every role of the emulator's world for the workspace, and {@code more} besides. */
    public static void approveWorld(JdbcClient jdbc, String workspaceId, World world, String... more) {
        List<String> arns = new ArrayList<>(world.accounts().stream().flatMap(a -> a.roles().stream())
                .map(Role::arn).toList());
        arns.addAll(List.of(more));
        approve(jdbc, workspaceId, arns);
    }

    /** Approves every role of the emulator's world for the workspace named {@code workspaceName}. */
    public static void approveWorldFor(JdbcClient jdbc, String workspaceName, World world, String... more) {
        String id = jdbc.sql("SELECT id FROM workspaces WHERE name = ?").param(workspaceName).query(String.class)
                .single();
        approveWorld(jdbc, id, world, more);
    }
}
