package dev.modelgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvalidationsTest {

    @Test
    void publish_runsTheTopicsListenersAtOnce_inTheOrderTheySubscribed_andNoOtherTopics() {
        List<String> heard = new ArrayList<>();
        try (Invalidations invalidations = Invalidations.local()) {
            invalidations.subscribe("api-key", key -> heard.add("first " + key));
            invalidations.subscribe("api-key", key -> heard.add("second " + key));
            invalidations.subscribe("workspace", key -> heard.add("workspace " + key));

            invalidations.publish("api-key", "mg_abc");
            invalidations.publish("api-key", Invalidations.EVERYTHING);

            assertThat(heard).containsExactly("first mg_abc", "second mg_abc", "first *", "second *");
            assertThat(invalidations.listening()).as("local: no other instance to hear").isFalse();
        }
    }

    @Test
    void aFailingListener_doesNotKeepTheOthersFromHearing() {
        List<String> heard = new ArrayList<>();
        try (Invalidations invalidations = Invalidations.local()) {
            invalidations.subscribe("model", key -> {
                throw new IllegalStateException("broken");
            });
            invalidations.subscribe("model", heard::add);

            invalidations.publish("model", "*");

            assertThat(heard).containsExactly("*");
        }
    }

    @Test
    void topicsAndKeys_areChecked() {
        try (Invalidations invalidations = Invalidations.local()) {
            assertThatThrownBy(() -> invalidations.publish("a|b", "k")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a topic is non-empty and has no '|', got a|b");
            assertThatThrownBy(() -> invalidations.subscribe("", k -> { })).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> invalidations.publish("model", "k".repeat(Invalidations.MAX_KEY_LENGTH + 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("an invalidation key is at most 1000 characters");
        }
    }
}
