package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The scrape token's check ({@link MetricsServlet#bearerMatches}); the endpoint itself is tested by {@code SampleMetricsIT}. */
class MetricsServletTest {
  @Test
  @DisplayName("only 'Bearer <the token>' matches; no token configured matches nothing")
  void bearer() {
    Optional<String> token = Optional.of("s3cret-token");
    assertThat(MetricsServlet.bearerMatches("Bearer s3cret-token", token)).isTrue();
    assertThat(MetricsServlet.bearerMatches("bearer s3cret-token", token)).as("the scheme is case-insensitive").isTrue();
    assertThat(MetricsServlet.bearerMatches("Bearer s3cret-token2", token)).isFalse();
    assertThat(MetricsServlet.bearerMatches("Bearer s3cret", token)).isFalse();
    assertThat(MetricsServlet.bearerMatches("Basic s3cret-token", token)).isFalse();
    assertThat(MetricsServlet.bearerMatches("s3cret-token", token)).isFalse();
    assertThat(MetricsServlet.bearerMatches(null, token)).isFalse();
    assertThat(MetricsServlet.bearerMatches("Bearer ", Optional.empty())).isFalse();
    assertThat(MetricsServlet.bearerMatches("Bearer anything", Optional.empty())).isFalse();
  }
}
