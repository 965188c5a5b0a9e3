package dev.modelgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.MovableClock;
import dev.modelgate.cluster.Invalidations;
import dev.modelgate.db.TestDatabase;
import dev.modelgate.model.RequestOptions.ServiceTier;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Override versions on H2 and PostgreSQL: each in effect from its time, so an instant in the past is priced as it was;
 * the workspace's before the platform's before the shipped table; the overrides read last serve while the table
 * cannot be read.
 */
class PriceBookIT {

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @ParameterizedTest
    @EnumSource(TestDatabase.Engine.class)
    void eachVersion_isInEffectFromItsTime_theWorkspacesFirst_andTheLastReadServesWhenTheTableCannotBeRead(
            TestDatabase.Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            String mine = workspace(db);
            String theirs = workspace(db);
            MovableClock clock = new MovableClock(T0);
            PriceBook book = new PriceBook(ShippedPrices.load(JsonMapper.builder().build()),
                    new PriceOverrideRepository(db.dataSource()), Invalidations.local(), clock);

            clock.advance(Duration.ofHours(1));
            long platform = book.set(null, HAIKU, "*", ServiceTier.DEFAULT, price("1", "2"), "operator").id();
            clock.advance(Duration.ofHours(1));
            long own = book.set(mine, HAIKU, "us-east-1", ServiceTier.DEFAULT, price("3.25", "4"), "operator").id();
            clock.advance(Duration.ofHours(1));
            book.set(mine, HAIKU, "us-east-1", ServiceTier.DEFAULT, null, "operator");

            assertThat(at(book, mine, T0)).isEqualTo("SHIPPED 0.25 shipped 2026-12-08");
            assertThat(at(book, mine, T0.plus(Duration.ofMinutes(90)))).isEqualTo("PLATFORM 1 override " + platform);
            assertThat(at(book, mine, T0.plus(Duration.ofMinutes(150)))).isEqualTo("WORKSPACE 3.25 override " + own);
            assertThat(at(book, theirs, T0.plus(Duration.ofMinutes(150)))).isEqualTo("PLATFORM 1 override " + platform);
            assertThat(at(book, mine, T0.plus(Duration.ofMinutes(210)))).isEqualTo("PLATFORM 1 override " + platform);
            assertThat(book.price(mine, HAIKU, "eu-west-1", T0.plus(Duration.ofMinutes(150))).orElseThrow().level())
                    .as("the workspace's price is for us-east-1 only").isEqualTo("PLATFORM");
            assertThat(book.current(mine, false)).extracting(PriceOverride::id).containsExactly(platform);

            db.jdbc().sql("ALTER TABLE price_overrides RENAME TO price_overrides_away").update();
            try {
                book.forgetAll();
                assertThat(at(book, mine, T0.plus(Duration.ofMinutes(150)))).isEqualTo("WORKSPACE 3.25 override " + own);
            } finally {
                db.jdbc().sql("ALTER TABLE price_overrides_away RENAME TO price_overrides").update();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Engine.class)
    void eachTier_hasPricesOfItsOwn_readBackWithTheirTier_andATierWithoutOne_hasNone(TestDatabase.Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            String mine = workspace(db);
            MovableClock clock = new MovableClock(T0);
            PriceOverrideRepository repository = new PriceOverrideRepository(db.dataSource());
            PriceBook book = new PriceBook(ShippedPrices.load(JsonMapper.builder().build()), repository,
                    Invalidations.local(), clock);

            long priority = book.set(null, HAIKU, "*", ServiceTier.PRIORITY, price("0.3125", "1.5625"), "operator")
                    .id();
            long flex = book.set(mine, HAIKU, "us-east-1", ServiceTier.FLEX, price("0.1", "0.5"), "operator").id();
            clock.advance(Duration.ofMinutes(1));
            Instant now = clock.instant();

            // Read back from the table (a fresh book), each version with its tier and a ref that names it.
            PriceBook fresh = new PriceBook(ShippedPrices.load(JsonMapper.builder().build()), repository,
                    Invalidations.local(), clock);
            assertThat(repository.all()).extracting(o -> o.id() + " " + o.serviceTier() + " " + o.price().ref())
                    .containsExactly(priority + " PRIORITY override " + priority + " priority",
                            flex + " FLEX override " + flex + " flex");
            assertThat(tier(fresh, mine, ServiceTier.PRIORITY, now))
                    .isEqualTo("PLATFORM PRIORITY 0.3125 override " + priority + " priority");
            assertThat(tier(fresh, mine, ServiceTier.FLEX, now)).isEqualTo("WORKSPACE FLEX 0.1 override " + flex
                    + " flex");
            assertThat(fresh.price(mine, HAIKU, "us-east-1", ServiceTier.FLEX, T0.minusSeconds(1)))
                    .as("before the flex price was set, the tier had none").isEmpty();
            assertThat(tier(fresh, mine, ServiceTier.DEFAULT, now))
                    .as("a tier's price is not the standard one").isEqualTo("SHIPPED DEFAULT 0.25 shipped 2026-12-08");
            String theirs = workspace(db);
            assertThat(fresh.price(theirs, HAIKU, "us-east-1", ServiceTier.FLEX, now))
                    .as("another workspace's flex price").isEmpty();
            assertThat(fresh.current(mine, false)).extracting(PriceOverride::serviceTier)
                    .containsExactly(ServiceTier.PRIORITY, ServiceTier.FLEX);

            // Removing the priority price removes that tier's only.
            fresh.set(null, HAIKU, "*", ServiceTier.PRIORITY, null, "operator");
            assertThat(fresh.price(mine, HAIKU, "us-east-1", ServiceTier.PRIORITY, clock.instant())).isEmpty();
            assertThat(tier(fresh, mine, ServiceTier.FLEX, clock.instant())).startsWith("WORKSPACE FLEX 0.1");
        }
    }

    private static String tier(PriceBook book, String workspaceId, ServiceTier tier, Instant at) {
        PriceBook.InEffect price = book.price(workspaceId, HAIKU, "us-east-1", tier, at).orElseThrow();
        return price.level() + " " + price.serviceTier() + " "
                + price.price().input().stripTrailingZeros().toPlainString() + " " + price.price().ref();
    }

    private static String at(PriceBook book, String workspaceId, Instant at) {
        PriceBook.InEffect price = book.price(workspaceId, HAIKU, "us-east-1", at).orElseThrow();
        return price.level() + " " + price.price().input().stripTrailingZeros().toPlainString() + " "
                + price.price().ref();
    }

    private static Price price(String input, String output) {
        return new Price(new BigDecimal(input), new BigDecimal(output), null, null, null, "new");
    }

    private static String workspace(TestDatabase db) {
        String id = UUID.randomUUID().toString();
        new WorkspaceRepository(db.jdbc()).insert(new Workspace(id, "ws-" + id.substring(0, 8),
                "mg-" + id.substring(0, 8), T0));
        return id;
    }
}
