package dev.modelgate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.modelgate.access.ApiKey;
import dev.modelgate.access.ApiKeys;
import dev.modelgate.access.Role;
import dev.modelgate.error.NotFoundException;
import dev.modelgate.workspace.WorkspaceContext;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/keys}: the workspace's API keys (admins only). The token is answered once, by the creation, with
 * {@code Cache-Control: no-store}; afterwards a key shows only its prefix.
 */
@RestController
@RequestMapping(path = "/api/v1/keys", produces = "application/json")
public class KeysController {

    /**
     * A key as listed: never its secret or hash. {@code state} is ACTIVE, EXPIRED or REVOKED; {@code models} the
     * names and patterns of the models it may call, null when it may call every model of the workspace;
     * {@code limits} its own request-rate limit, null when the configured per-caller limit applies.
     */
    record KeyView(String id, String name, String role, String prefix, String state, Instant createdAt,
                   String createdBy, Instant expiresAt, Instant revokedAt, String revokedBy, List<String> models,
                   LimitsView limits) {

        static KeyView of(ApiKey key, Instant now) {
            return new KeyView(key.id(), key.name(), key.role().name(), key.prefix(), key.state(now),
                    key.createdAt(), key.createdBy(), key.expiresAt(), key.revokedAt(), key.revokedBy(),
                    KeysController.models(key), LimitsView.of(key));
        }
    }

    /**
     * A key's own limits: requests per second and the burst allowed at once (null when the configured per-caller
     * limit applies), and model tokens per minute (left out when the key has no such limit).
     */
    record LimitsView(Long requestsPerSecond, Long burst,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Long tokensPerMinute) {

        static LimitsView of(ApiKey key) {
            if (key.limits() == null && key.tokenLimit() == null) {
                return null;
            }
            return new LimitsView(key.limits() == null ? null : key.limits().requestsPerSecond(),
                    key.limits() == null ? null : key.limits().burst(),
                    key.tokenLimit() == null ? null : key.tokenLimit().tokensPerMinute());
        }
    }

    /** A key just created, with the token to copy now: it is never shown again. */
    record CreatedKeyView(String id, String name, String role, String prefix, String state, Instant createdAt,
                          String createdBy, Instant expiresAt, List<String> models, LimitsView limits,
                          String token) {
        @Override
        public String toString() {
            return "CreatedKeyView[" + prefix + "]";
        }
    }

    /**
     * {@code models}: optional, the names and patterns ({@code support-*}) of the models the key may call;
     * {@code limits}: optional, the key's own request-rate limit (requestsPerSecond and burst, both given) and/or
     * its token-per-minute limit (tokensPerMinute, 1 to 1,000,000,000).
     */
    record NewKey(String name, Role role, Instant expiresAt, List<String> models, ApiKeys.RequestedLimits limits) {
    }

    record KeyList(List<KeyView> keys) {
    }

    private final ApiKeys keys;
    private final WorkspaceContext workspaces;
    private final Clock clock;

    public KeysController(ApiKeys keys, WorkspaceContext workspaces, Clock clock) {
        this.keys = keys;
        this.workspaces = workspaces;
        this.clock = clock;
    }

    @GetMapping
    KeyList list() {
        Instant now = clock.instant();
        return new KeyList(keys.list(workspaces.current().id()).stream().map(k -> KeyView.of(k, now)).toList());
    }

    @GetMapping("/{id}")
    KeyView get(@PathVariable String id) {
        return keys.find(workspaces.current().id(), id).map(k -> KeyView.of(k, clock.instant()))
                .orElseThrow(() -> new NotFoundException("API key", id));
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<CreatedKeyView> create(@RequestBody NewKey body) {
        ApiKeys.Created created = keys.create(workspaces.current().id(), body.name(), body.role(), body.expiresAt(),
                body.models(), body.limits(), workspaces.actor());
        ApiKey key = created.key();
        return ResponseEntity.created(URI.create("/api/v1/keys/" + key.id()))
                .cacheControl(CacheControl.noStore())
                .body(new CreatedKeyView(key.id(), key.name(), key.role().name(), key.prefix(),
                        key.state(clock.instant()), key.createdAt(), key.createdBy(), key.expiresAt(),
                        KeysController.models(key), LimitsView.of(key), created.token()));
    }

    /** Revokes the key: it is refused from the next request on. Revoking a revoked key answers it unchanged. */
    @PostMapping("/{id}/revoke")
    KeyView revoke(@PathVariable String id) {
        return keys.revoke(workspaces.current().id(), id, workspaces.actor()).map(k -> KeyView.of(k, clock.instant()))
                .orElseThrow(() -> new NotFoundException("API key", id));
    }

    private static List<String> models(ApiKey key) {
        return key.models() == null ? null : key.models().entries();
    }
}
