package dev.collab.server.it;

import dev.collab.tck.WireSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;

/**
 * The Collab application on Jetty ({@link JettyApp}) started with some {@code collab.*} settings as
 * system properties, which {@link #close} clears again; with the raw clients and the REST create a
 * test of those settings needs.
 */
final class SettingsApp implements AutoCloseable {
  private final Map<String, String> settings;
  private final Server server;
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final List<WireSocket> clients = new ArrayList<>();

  private SettingsApp(Map<String, String> settings, Server server) {
    this.settings = settings;
    this.server = server;
    this.base = JettyApp.base(server, "/app");
  }

  /** Sets {@code settings} and starts the application (settings are read once per deployment). */
  static SettingsApp start(Map<String, String> settings) throws Exception {
    settings.forEach(System::setProperty);
    try {
      return new SettingsApp(settings, JettyApp.start("/app"));
    } catch (Exception | Error e) {
      settings.keySet().forEach(System::clearProperty);
      throw e;
    }
  }

  /** The application's root, ending in {@code /}. */
  URI base() {
    return base;
  }

  HttpClient http() {
    return http;
  }

  /** A raw protocol connection of {@code user}, closed by {@link #closeClients}. */
  WireSocket connect(String user) throws Exception {
    WireSocket client = WireSocket.open(http, URI.create("ws://" + base.getAuthority() + base.getPath() + "collab/ws"),
        Map.of("Authorization", TestSecurity.basic(user))).get(WireSocket.WAIT.toSeconds(), TimeUnit.SECONDS);
    clients.add(client);
    return client;
  }

  /** {@code POST collab/api/documents} as {@code user}, creating {@code id}. */
  HttpResponse<String> create(String user, String id) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("collab/api/documents")).timeout(Duration.ofSeconds(20))
        .header("Authorization", TestSecurity.basic(user)).header("X-Collab-Request", "1")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\"}")).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Closes the connections {@link #connect} opened. */
  void closeClients() {
    clients.forEach(WireSocket::close);
    clients.clear();
  }

  @Override
  public void close() throws Exception {
    try {
      closeClients();
      server.stop();
    } finally {
      settings.keySet().forEach(System::clearProperty);
    }
  }
}
