package dev.modelgate.web;

import dev.modelgate.access.Account;
import dev.modelgate.access.Accounts;
import dev.modelgate.access.Caller;
import dev.modelgate.access.Role;
import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import dev.modelgate.error.NotFoundException;
import dev.modelgate.workspace.WorkspaceContext;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/members}: the workspace's console accounts (admins only). Never answers a password or its hash. A new
 * member's {@code username} is the name the admin gives in the workspace's namespace, {@code <name>.<namespace>}
 * ({@link Accounts#addWorkspaceMember}): the answer never tells whether a name exists outside the workspace.
 */
@RestController
@RequestMapping(path = "/api/v1/members", produces = "application/json")
public class MembersController {

    /** {@code passwordChangeRequired}: the password is one an admin set, and the member has not changed it yet. */
    record MemberView(String id, String username, String role, Instant createdAt, String createdBy,
                      Instant lockedUntil, boolean passwordChangeRequired) {

        static MemberView of(Account account, Instant now) {
            return new MemberView(account.id(), account.username(), account.role().name(), account.createdAt(),
                    account.createdBy(), account.lockedAt(now) ? account.lockedUntil() : null,
                    account.passwordChangeRequired());
        }
    }

    record NewMember(String username, String password, Role role) {
        @Override
        public String toString() {
            return "NewMember[" + username + ", " + role + "]";
        }
    }

    record MemberList(List<MemberView> members) {
    }

    record NewPassword(String password) {
        @Override
        public String toString() {
            return "NewPassword[…]";
        }
    }

    private final Accounts accounts;
    private final WorkspaceContext workspaces;
    private final Clock clock;

    public MembersController(Accounts accounts, WorkspaceContext workspaces, Clock clock) {
        this.accounts = accounts;
        this.workspaces = workspaces;
        this.clock = clock;
    }

    @GetMapping
    MemberList list() {
        Instant now = clock.instant();
        return new MemberList(accounts.members(workspaces.current().id()).stream()
                .map(a -> MemberView.of(a, now)).toList());
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<MemberView> add(@RequestBody NewMember body) {
        Role role = body.role() == null ? Role.DEVELOPER : body.role();
        Account account = accounts.addWorkspaceMember(workspaces.current().id(), body.username(), body.password(),
                role, workspaces.actor());
        return ResponseEntity.created(URI.create("/api/v1/members/" + account.id()))
                .body(MemberView.of(account, clock.instant()));
    }

    /** Sets a member's password (a temporary one to hand over) and lifts a lockout: 204. */
    @PostMapping(path = "/{id}/password", consumes = "application/json")
    ResponseEntity<Void> resetPassword(@PathVariable String id, @RequestBody NewPassword body) {
        if (!accounts.resetPassword(workspaces.current().id(), id, body.password(), workspaces.actor())) {
            throw new NotFoundException("member", id);
        }
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> remove(@PathVariable String id) {
        var caller = workspaces.caller();
        if (caller.kind() == Caller.Kind.ACCOUNT && caller.id().equals(id)) {
            throw new ModelgateException(ErrorCode.CANNOT_REMOVE_SELF,
                    "an admin cannot remove their own account; ask another admin");
        }
        if (!accounts.removeMember(workspaces.current().id(), id, workspaces.actor())) {
            throw new NotFoundException("member", id);
        }
        return ResponseEntity.noContent().build();
    }
}
