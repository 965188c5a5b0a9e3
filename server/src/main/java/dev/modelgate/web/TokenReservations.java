package dev.modelgate.web;

import dev.modelgate.access.Caller;
import dev.modelgate.access.RateLimits;
import dev.modelgate.usage.SettlingUsageRecorder;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Token-per-minute limits on an API call: before the call an estimate of its tokens is taken from the key's and the
 * workspace's buckets ({@link RateLimits#acquireTokens}); an empty bucket is 429 {@code rate-limited} with
 * {@code Retry-After}. The estimate is the request body's size in bytes divided by 4, rounded up (its
 * {@code Content-Length}, or the size of the body as read when it came chunked). Once the call's usage record is
 * written, the {@link SettlingUsageRecorder} settles the estimate with the real token count: the extra taken, the
 * surplus given back. A request that recorded no usage (refused before it reached the model: variables that do not
 * fit, say) gives its whole estimate back when it ends ({@link #release}).
 */
public final class TokenReservations {

    /** The request attribute holding the call's reservation. */
    static final String ATTRIBUTE = TokenReservations.class.getName() + ".reservation";

    private TokenReservations() {
    }

    /**
     * Takes the call's estimate when the caller's key or workspace has a token-per-minute limit.
     *
     * @param bodySize the body's size as read, asked for only when the request has no {@code Content-Length}
     * @throws TooManyRequestsException when a bucket has too few tokens
     */
    static void acquire(RateLimits limits, Caller caller, HttpServletRequest request, LongSupplier bodySize) {
        if (!limits.countsTokens(caller)) {
            return;
        }
        long bytes = request.getContentLengthLong() >= 0 ? request.getContentLengthLong() : bodySize.getAsLong();
        long estimate = Math.max(1, (bytes + 3) / 4);
        Optional<RateLimits.Refusal> refused = limits.acquireTokens(caller, estimate);
        if (refused.isPresent()) {
            String whose = refused.get().scope().equals("key-tokens") ? "key" : "workspace";
            throw new TooManyRequestsException(refused.get().retryAfter(), "the " + whose
                    + "'s token-per-minute limit is reached; retry after %d s");
        }
        request.setAttribute(ATTRIBUTE, new Reservation(limits, caller, estimate));
    }

    /** Gives back the estimate of a request that ends without having recorded usage; any other is settled already. */
    static void release(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof SettlingUsageRecorder.Reservation reservation) {
            reservation.settle(0);
        }
    }

    /** The reservation of the request the current thread serves, if it took one. */
    public static Optional<SettlingUsageRecorder.Reservation> current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes == null ? Optional.empty() : Optional.ofNullable(
                (SettlingUsageRecorder.Reservation) attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
    }

    private static final class Reservation implements SettlingUsageRecorder.Reservation {

        private final RateLimits limits;
        private final Caller caller;
        /** What is left of the estimate taken: all of it until the first settlement, then nothing. */
        private final AtomicLong unsettled;

        Reservation(RateLimits limits, Caller caller, long estimate) {
            this.limits = limits;
            this.caller = caller;
            this.unsettled = new AtomicLong(estimate);
        }

        @Override
        public void settle(long usedTokens) {
            long estimate = unsettled.getAndSet(0);
            if (estimate != 0 || usedTokens != 0) {
                limits.correctTokens(caller, estimate, usedTokens);
            }
        }
    }
}
