package dev.collab.server.it;

import dev.collab.tck.ProtocolConformanceKit.Participant;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The TCK's participants as users of {@link TestSecurity}: ann writes, carol reads, dave
 * administers. Client side only (not deployed).
 */
final class TestUsers {
  private TestUsers() {}

  static Map<String, String> credentials(Participant who) {
    String user = switch (who) {
      case WRITER -> "ann";
      case READER -> "carol";
      case ADMIN -> "dave";
    };
    String basic = Base64.getEncoder().encodeToString((user + ":" + TestSecurity.PASSWORD).getBytes(StandardCharsets.UTF_8));
    return Map.of("Authorization", "Basic " + basic);
  }
}
