package dev.modelgate.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.model.ModelRouting;
import dev.modelgate.model.ModelStatus;
import dev.modelgate.model.StoredModel;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The order a routed call tries its links in ({@link Router#chain}), balancing by weight with a fixed source. */
class RouterTest {

    private static final StoredModel A = model("a-id", "a");

    private static StoredModel model(String id, String name) {
        return new StoredModel(id, "w", name, "", "AMAZON_BEDROCK", true, ModelStatus.READY, 1, "arn", "sts",
                "us-east-1", "ref", "[]", "{}", "{}", 1000, 10000, Instant.EPOCH, "t", Instant.EPOCH, "t");
    }

    private static ModelRouting.Link link(String name) {
        return new ModelRouting.Link(name + "-id", name, 0);
    }

    private static ModelRouting.Link weighted(String name, int weight) {
        return new ModelRouting.Link(name + "-id", name, weight);
    }

    /** A source whose next int below the bound is always {@code value}. */
    private static RandomGenerator fixed(int value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int nextInt(int bound) {
                assertThat(value).isLessThan(bound);
                return value;
            }
        };
    }

    private static List<String> names(List<ModelRouting.Link> chain) {
        return chain.stream().map(ModelRouting.Link::name).toList();
    }

    @Test
    void chain_withoutRouting_isTheModelAlone() {
        assertThat(names(Router.chain(A, ModelRouting.NONE, fixed(0)))).containsExactly("a");
    }

    @Test
    void chain_fallbacks_followTheModelInTheirOrder() {
        ModelRouting routing = new ModelRouting(List.of(link("b"), link("c")), List.of());

        assertThat(names(Router.chain(A, routing, fixed(0)))).containsExactly("a", "b", "c");
    }

    @Test
    void chain_balance_picksByWeight_thenTheModel_thenItsFallbacksWithoutRepeats() {
        ModelRouting routing = new ModelRouting(List.of(link("b"), link("c")),
                List.of(new ModelRouting.Link("a-id", "a", 3), weighted("b", 1)));

        // weights 3 and 1: draws 0..2 pick a, draw 3 picks b
        assertThat(names(Router.chain(A, routing, fixed(0)))).containsExactly("a", "b", "c");
        assertThat(names(Router.chain(A, routing, fixed(2)))).containsExactly("a", "b", "c");
        assertThat(names(Router.chain(A, routing, fixed(3)))).containsExactly("b", "a", "c");
    }

    @Test
    void chain_isBoundedToOnePlusFiveLinks() {
        ModelRouting routing = new ModelRouting(List.of(link("b"), link("c"), link("d"), link("e"), link("f")),
                List.of(weighted("g", 1), weighted("h", 1)));

        List<String> chain = names(Router.chain(A, routing, fixed(1)));

        assertThat(chain).containsExactly("h", "a", "b", "c", "d", "e");
        assertThat(chain).hasSize(Router.MAX_LINKS);
    }

    @Test
    void fallsBack_onlyOnThrottlingUnavailabilityAndModelNotReady() {
        for (InvokeException.Kind kind : InvokeException.Kind.values()) {
            boolean expected = kind == InvokeException.Kind.THROTTLED || kind == InvokeException.Kind.UNAVAILABLE
                    || kind == InvokeException.Kind.MODEL_NOT_READY;
            assertThat(Router.fallsBack(new InvokeException(kind, "x", 0, null, null, 1, null))).as(kind.name())
                    .isEqualTo(expected);
        }
    }
}
