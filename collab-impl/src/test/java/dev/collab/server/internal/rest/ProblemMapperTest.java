package dev.collab.server.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.server.bus.LogRecords;
import java.util.logging.Level;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A REST failure the client cannot act on is logged once; one it can act on is only answered. */
class ProblemMapperTest {
  private final ProblemMapper mapper = new ProblemMapper();

  @Test
  @DisplayName("an unexpected failure is answered 500 and logged once at ERROR with its stack trace")
  void unexpectedFailureIsLogged() {
    try (LogRecords log = new LogRecords(ProblemMapper.class)) {
      IllegalStateException failure = new IllegalStateException("store exploded");
      assertThat(mapper.toResponse(failure).getStatus()).isEqualTo(500);
      assertThat(log.records).singleElement().satisfies(r -> {
        assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
        assertThat(r.getMessage()).startsWith("collab: REST a REST request of user (unknown) failed; answered 500");
        assertThat(r.getThrown()).isSameAs(failure);
      });
    }
  }

  @Test
  @DisplayName("an internal error of the engine is logged as a WARNING; client errors are answered and not logged")
  void clientErrorsAreNotLogged() {
    try (LogRecords log = new LogRecords(ProblemMapper.class)) {
      assertThat(mapper.toResponse(new CollabException(ErrorCode.FORBIDDEN, "no")).getStatus()).isEqualTo(403);
      assertThat(mapper.toResponse(new CollabException(ErrorCode.RATE_LIMITED, "slow down")).getStatus()).isEqualTo(429);
      assertThat(mapper.toResponse(new CollabException(ErrorCode.DRAINING, "bye")).getStatus()).isEqualTo(503);
      assertThat(log.records).isEmpty();
      assertThat(mapper.toResponse(new CollabException(ErrorCode.INTERNAL, "the store failed")).getStatus()).isEqualTo(500);
      assertThat(log.at(Level.WARNING)).singleElement().asString().contains("answered 500");
    }
  }
}
