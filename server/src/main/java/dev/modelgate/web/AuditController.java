package dev.modelgate.web;

import dev.modelgate.audit.AuditAction;
import dev.modelgate.audit.AuditEvent;
import dev.modelgate.audit.AuditLog;
import dev.modelgate.audit.AuditQuery;
import dev.modelgate.error.NotFoundException;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.WorkspaceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/audit}: the caller's workspace's audit events, newest first; {@code GET /api/v1/audit/{id}}: one
 * of them (404 when it is not the workspace's). Read only: no method changes or deletes an event (PUT, PATCH, POST
 * and DELETE answer 405).
 *
 * <p>Query parameters, all optional: {@code action} (an {@link AuditAction} name), {@code resourceId},
 * {@code actor}, {@code from} (inclusive) and {@code to} (exclusive) as for {@code /api/v1/usage} (ISO-8601
 * instants or dates; default {@code to} now and {@code from} {@value #DEFAULT_DAYS} days before; at most 366 days
 * apart), {@code page} (from 0, default 0) and {@code size} (1 to 100, default 20). A value breaking these rules
 * answers 422 {@code invalid-input} naming the parameter as {@code field} and the {@code rule}: {@code one-of},
 * {@code too-long}, {@code iso-instant}, {@code out-of-range}, {@code before-to} or {@code max-range}.
 *
 * <p>The answer: {@code {"items": [<event>...], "page", "size", "total", "totalPages"}}, each event
 * {@code {"id", "occurredAt", "actor", "source", "action", "resourceType", "resourceId", "resourceName", "details"}}.
 */
@RestController
@RequestMapping(produces = "application/json")
public class AuditController {

    static final int DEFAULT_DAYS = 366;
    static final int MAX_PAGE = 100_000;

    private final AuditLog audit;
    private final WorkspaceContext workspaces;
    private final Clock clock;

    public AuditController(AuditLog audit, WorkspaceContext workspaces, Clock clock) {
        this.audit = audit;
        this.workspaces = workspaces;
        this.clock = clock;
    }

    /** An audit event as the API shows it. */
    record EventView(String id, Instant occurredAt, String actor, String source, AuditAction action,
                     String resourceType, String resourceId, String resourceName, ObjectNode details) {

        static EventView of(AuditEvent e) {
            return new EventView(e.id(), e.occurredAt(), e.actor(), e.source(), e.action(), e.resourceType(),
                    e.resourceId(), e.resourceName(), e.details());
        }
    }

    record Page(List<EventView> items, int page, int size, long total, long totalPages) {
    }

    /** An audit event as operators see it: with its workspace (null for the platform's own events). */
    record PlatformEventView(String id, String workspaceId, Instant occurredAt, String actor, String source,
                             AuditAction action, String resourceType, String resourceId, String resourceName,
                             ObjectNode details) {

        static PlatformEventView of(AuditEvent e) {
            return new PlatformEventView(e.id(), e.workspaceId(), e.occurredAt(), e.actor(), e.source(), e.action(),
                    e.resourceType(), e.resourceId(), e.resourceName(), e.details());
        }
    }

    record PlatformPage(List<PlatformEventView> items, int page, int size, long total, long totalPages) {
    }

    @GetMapping("/api/v1/audit")
    Page list(@RequestParam(required = false) String action, @RequestParam(required = false) String resourceId,
              @RequestParam(required = false) String actor, @RequestParam(required = false) String from,
              @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") String page,
              @RequestParam(defaultValue = "20") String size) {
        AuditQuery query = query(workspaces.current().id(), action, resourceId, actor, from, to, page, size);
        long total = audit.count(query);
        return new Page(audit.find(query).stream().map(EventView::of).toList(), query.offset() / query.limit(),
                query.limit(), total, (total + query.limit() - 1) / query.limit());
    }

    /**
     * {@code GET /api/v1/operator/audit}: for platform operators, every workspace's events and the platform's own
     * (operators' sign-ins, failed sign-ins under unknown names), or one workspace's with {@code workspaceId}; the
     * other parameters as for {@code /api/v1/audit}.
     */
    @GetMapping("/api/v1/operator/audit")
    PlatformPage listAll(@RequestParam(required = false) String workspaceId,
                         @RequestParam(required = false) String action,
                         @RequestParam(required = false) String resourceId,
                         @RequestParam(required = false) String actor, @RequestParam(required = false) String from,
                         @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") String page,
                         @RequestParam(defaultValue = "20") String size) {
        AuditQuery query = query(workspaceId, action, resourceId, actor, from, to, page, size);
        long total = audit.count(query);
        return new PlatformPage(audit.find(query).stream().map(PlatformEventView::of).toList(),
                query.offset() / query.limit(), query.limit(), total, (total + query.limit() - 1) / query.limit());
    }

    @GetMapping("/api/v1/operator/audit/{id}")
    PlatformEventView getAny(@PathVariable String id) {
        return audit.find(id).map(PlatformEventView::of).orElseThrow(() -> new NotFoundException("audit event", id));
    }

    private AuditQuery query(String workspaceId, String action, String resourceId, String actor, String from,
                             String to, String page, String size) {
        List<Violation> violations = new ArrayList<>();
        limitLength("workspaceId", workspaceId, AuditEvent.MAX_ID, violations);
        AuditAction auditAction = action == null ? null : action(action, violations);
        limitLength("resourceId", resourceId, AuditEvent.MAX_ID, violations);
        limitLength("actor", actor, AuditEvent.MAX_ACTOR, violations);
        Instant end = to == null ? clock.instant() : UsageController.instant("to", to, violations);
        Instant start = from == null ? (end == null ? null : end.minus(Duration.ofDays(DEFAULT_DAYS)))
                : UsageController.instant("from", from, violations);
        if (start != null && end != null) {
            if (!start.isBefore(end)) {
                violations.add(Violation.of("from", "before-to", "from must be before to, got from=" + start
                        + " and to=" + end));
            } else if (Duration.between(start, end).compareTo(AuditQuery.MAX_RANGE) > 0) {
                violations.add(Violation.of("from", "max-range", "from and to must be at most "
                        + AuditQuery.MAX_RANGE.toDays() + " days apart, got from=" + start + " and to=" + end));
            }
        }
        int pageNumber = number("page", page, 0, MAX_PAGE, violations);
        int pageSize = number("size", size, 1, AuditQuery.MAX_LIMIT, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        // In range, page * size is at most 10^7: no overflow.
        return new AuditQuery(workspaceId, auditAction, resourceId, actor, start, end, pageNumber * pageSize,
                pageSize);
    }

    @GetMapping("/api/v1/audit/{id}")
    EventView get(@PathVariable String id) {
        return audit.find(workspaces.current().id(), id).map(EventView::of)
                .orElseThrow(() -> new NotFoundException("audit event", id));
    }

    private static AuditAction action(String value, List<Violation> violations) {
        for (AuditAction action : AuditAction.values()) {
            if (action.name().equals(value)) {
                return action;
            }
        }
        violations.add(Violation.of("action", "one-of", "action must be one of "
                + Arrays.toString(AuditAction.values()) + ", got " + Quoted.of(value)));
        return null;
    }

    private static void limitLength(String field, String value, int max, List<Violation> violations) {
        if (value != null && (value.isEmpty() || value.length() > max)) {
            violations.add(Violation.of(field, "too-long", field + " must be 1 to " + max + " characters, got "
                    + value.length()));
        }
    }

    private static int number(String field, String value, int min, int max, List<Violation> violations) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        violations.add(Violation.of(field, "out-of-range", field + " must be between " + min + " and " + max
                + ", got " + Quoted.of(value)));
        return 0;
    }
}
