package dev.modelgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.db.TestDatabase;
import dev.modelgate.db.TestDatabase.Engine;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The audit log on the embedded H2 and on the real PostgreSQL server. */
class JdbcAuditLogIT {

    private static final Instant T = Instant.parse("2026-11-24T10:00:00.123456Z");
    private static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");
    private final JsonMapper json = JsonMapper.builder().build();

    private static String workspace(JdbcClient jdbc) {
        String id = UUID.randomUUID().toString();
        new WorkspaceRepository(jdbc).insert(new Workspace(id, "ws-" + id, "mg-" + id.substring(0, 8), T));
        return id;
    }

    private JdbcAuditLog log(TestDatabase db, Instant at) {
        return new JdbcAuditLog(db.jdbc(), json, Clock.fixed(at, ZoneOffset.UTC));
    }

    private AuditEntry entry(String workspace, String actor, AuditAction action, String resourceId) {
        ObjectNode details = json.createObjectNode();
        details.putObject("inferenceEnabled").put("before", true).put("after", false);
        return new AuditEntry(workspace, actor, action, "MODEL", resourceId, "haiku", details);
    }

    private static AuditQuery all(String workspace) {
        return new AuditQuery(workspace, null, null, null, Instant.EPOCH, FAR, 0, 100);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void append_thenFind_returnsEveryFieldVerbatim_withTheBoundClientAddress(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            String workspace = workspace(db.jdbc());
            AuditEvent appended;
            ClientAddress.bind("203.0.113.7");
            try {
                appended = log(db, T).append(entry(workspace, "alice", AuditAction.INFERENCE_TOGGLED, "m-1"));
            } finally {
                ClientAddress.clear();
            }

            assertThat(appended.source()).isEqualTo("203.0.113.7");
            assertThat(appended.occurredAt()).isEqualTo(T);
            assertThat(log(db, T).find(workspace, appended.id())).contains(appended);
            assertThat(log(db, T).find(all(workspace))).containsExactly(appended);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void append_outsideARequest_hasNoSource(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            String workspace = workspace(db.jdbc());

            AuditEvent appended = log(db, T).append(entry(workspace, "alice", AuditAction.MODEL_DELETED, "m-1"));

            assertThat(log(db, T).find(workspace, appended.id()).orElseThrow().source()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void find_isNewestFirst_evenWithinTheSameMicrosecond(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            String workspace = workspace(db.jdbc());
            JdbcAuditLog log = log(db, T);
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(log.append(entry(workspace, "alice", AuditAction.MODEL_UPDATED, "m-" + i)).id());
            }
            log(db, T.minusSeconds(1)).append(entry(workspace, "alice", AuditAction.MODEL_CREATED, "m-0"));

            assertThat(log.find(all(workspace)).stream().map(AuditEvent::id).limit(5))
                    .containsExactlyElementsOf(ids.reversed());
            assertThat(log.find(all(workspace)).getLast().action()).isEqualTo(AuditAction.MODEL_CREATED);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void find_filtersAndPages_withinTheWorkspaceOnly(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            String workspace = workspace(db.jdbc());
            String other = workspace(db.jdbc());
            log(db, T).append(entry(workspace, "alice", AuditAction.MODEL_CREATED, "m-1"));
            log(db, T.plusSeconds(1)).append(entry(workspace, "bob", AuditAction.MODEL_UPDATED, "m-1"));
            log(db, T.plusSeconds(2)).append(entry(workspace, "alice", AuditAction.MODEL_CREATED, "m-2"));
            AuditEvent foreign = log(db, T).append(entry(other, "alice", AuditAction.MODEL_CREATED, "m-1"));
            JdbcAuditLog log = log(db, T);

            assertThat(log.count(all(workspace))).isEqualTo(3);
            assertThat(log.find(new AuditQuery(workspace, AuditAction.MODEL_CREATED, null, null, Instant.EPOCH, FAR, 0,
                    100))).extracting(AuditEvent::resourceId).containsExactly("m-2", "m-1");
            assertThat(log.find(new AuditQuery(workspace, null, "m-1", null, Instant.EPOCH, FAR, 0, 100)))
                    .extracting(AuditEvent::actor).containsExactly("bob", "alice");
            assertThat(log.count(new AuditQuery(workspace, null, null, "bob", Instant.EPOCH, FAR, 0, 100)))
                    .isEqualTo(1);
            assertThat(log.find(new AuditQuery(workspace, null, null, null, T, T.plusSeconds(2), 0, 100)))
                    .extracting(AuditEvent::actor).containsExactly("bob", "alice");
            assertThat(log.find(new AuditQuery(workspace, null, null, null, Instant.EPOCH, FAR, 1, 1)))
                    .extracting(AuditEvent::actor).containsExactly("bob");
            assertThat(log.find(workspace, foreign.id())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void append_detailsTooLarge_isRefused(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            String workspace = workspace(db.jdbc());
            ObjectNode details = json.createObjectNode().put("x", "y".repeat(AuditEvent.MAX_DETAILS));

            assertThatThrownBy(() -> log(db, T).append(new AuditEntry(workspace, "alice", AuditAction.MODEL_CREATED,
                    "MODEL", "m-1", "haiku", details)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("audit details of MODEL_CREATED take 262152 characters; at most 262144 can be stored");
            assertThat(log(db, T).count(all(workspace))).isZero();
        }
    }
}
