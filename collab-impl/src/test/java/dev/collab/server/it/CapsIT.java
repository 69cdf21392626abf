package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.collab.protocol.ServerMessage;
import dev.collab.tck.WireSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The caps on work per principal over the real wire: Collab on embedded Jetty ({@link JettyApp})
 * with low limits, set as system properties of this JVM while the class runs (the settings are
 * read once, when the application starts).
 */
class CapsIT {
  private static final Map<String, String> SETTINGS = Map.of(
      "collab.max-connections-per-user", "2",
      "collab.max-creates-per-user", "2",
      "collab.max-presence-meta-length", "64");
  private static SettingsApp app;

  @BeforeAll
  static void boot() throws Exception {
    app = SettingsApp.start(SETTINGS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  @AfterEach
  void closeClients() {
    app.closeClients();
  }

  private WireSocket connect(String user) throws Exception {
    return app.connect(user);
  }

  private HttpResponse<String> create(String user, String id) throws Exception {
    return app.create(user, id);
  }

  @Test
  @DisplayName("a user's connection past collab.max-connections-per-user is closed with 1013; another user's is not; a closed one frees its place")
  void connectionsPerUser() throws Exception {
    WireSocket first = connect("ann");
    first.hello("ann-1");
    connect("ann").hello("ann-2");
    WireSocket third = connect("ann");
    assertThat(third.closeCode()).isEqualTo(1013);
    assertThat(third.closeReason()).contains("more than 2").contains("collab.max-connections-per-user");
    connect("bob").hello("bob-1");

    first.close();
    // The server hears of the close asynchronously: a new connection is admitted once it has.
    await().atMost(Duration.ofSeconds(20)).until(() -> connect("ann").welcomed("ann-again"));
  }

  @Test
  @DisplayName("a user's REST create past collab.max-creates-per-user in the window is 429 rate-limited")
  void createsPerUser() throws Exception {
    assertThat(create("dave", "caps-d1").statusCode()).isEqualTo(201);
    assertThat(create("dave", "caps-d2").statusCode()).isEqualTo(201);
    HttpResponse<String> refused = create("dave", "caps-d3");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(refused.body()).contains("rate-limited").contains("collab.max-creates-per-user");
    assertThat(create("bob", "caps-b1").statusCode()).as("another user's quota").isEqualTo(201);
  }

  @Test
  @DisplayName("a presence meta over collab.max-presence-meta-length is too-large; a smaller one is relayed")
  void presenceMeta() throws Exception {
    assertThat(create("bob", "caps-presence").statusCode()).isEqualTo(201);
    // dave and bob: the users whose connections and creates the other tests leave room for.
    WireSocket dave = connect("dave");
    dave.hello("dave-presence");
    WireSocket bob = connect("bob");
    bob.hello("bob-presence");
    dave.sendRaw("{\"t\":\"join\",\"doc\":\"caps-presence\"}");
    dave.next(ServerMessage.Snapshot.class);
    bob.sendRaw("{\"t\":\"join\",\"doc\":\"caps-presence\"}");
    bob.next(ServerMessage.Snapshot.class);

    dave.sendRaw("{\"t\":\"presence\",\"doc\":\"caps-presence\",\"range\":null,\"meta\":{\"note\":\"" + "x".repeat(64) + "\"}}");
    ServerMessage.Error refused = dave.next(ServerMessage.Error.class);
    assertThat(refused.code().wire()).isEqualTo("too-large");
    assertThat(refused.doc()).isEqualTo("caps-presence");
    dave.sendRaw("{\"t\":\"presence\",\"doc\":\"caps-presence\",\"range\":null,\"meta\":{\"note\":\"hi\"}}");
    ServerMessage.Presence seen = bob.next(ServerMessage.Presence.class);
    assertThat(seen.meta()).hasToString("{\"note\":\"hi\"}");
  }
}
