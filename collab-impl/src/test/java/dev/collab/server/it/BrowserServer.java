package dev.collab.server.it;

import dev.collab.server.defaults.InMemoryDocumentStore;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * The server of the browser tests: the Collab application of {@link JettyApp} on embedded Jetty at
 * {@code /app}, on 127.0.0.1, with users logged in by a cookie ({@link CookieAuthenticator}), the
 * test pages of {@code src/test/resources/browser} at {@code /app/test/browser/}, and one
 * {@link InMemoryDocumentStore} that outlives {@link #stop()}: a {@link #start()} after it comes
 * back on the same port with the same documents, as a restarted server on a durable store would.
 */
final class BrowserServer implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final InMemoryDocumentStore store = new InMemoryDocumentStore();
  private @Nullable Server server;
  private int port;
  /** While true, WebSocket handshakes are refused with 503 (the pages and REST still answer). */
  static volatile boolean refuseWebSockets;

  /** Starts the server: on a free port the first time, on the same port afterwards. */
  void start() throws Exception {
    ProcessBeans.store = store;
    Server s = new Server();
    ServerConnector connector = new ServerConnector(s);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    s.addConnector(connector);
    ConstraintSecurityHandler security = new ConstraintSecurityHandler();
    security.setLoginService(JettyApp.loginService());
    security.setAuthenticator(new CookieAuthenticator());
    ServletContextHandler context = JettyApp.context("/app", security);
    context.addServlet(new ServletHolder(new PageServlet()), "/test/browser/*");
    context.addServlet(new ServletHolder(new LoginServlet()), "/test/login");
    FilterHolder refuse = new FilterHolder(new RefuseFilter());
    refuse.setName("test-refuse-websockets");
    refuse.setAsyncSupported(true);
    context.getServletHandler().prependFilter(refuse);
    FilterMapping mapping = new FilterMapping();
    mapping.setFilterName(refuse.getName());
    mapping.setPathSpec("/collab/ws");
    mapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
    context.getServletHandler().prependFilterMapping(mapping);
    s.setHandler(context);
    s.start();
    port = connector.getLocalPort();
    server = s;
  }

  /** Stops the server (Collab drains: its connections close with 1001). The store stays. */
  void stop() throws Exception {
    Server s = server;
    server = null;
    if (s != null) {
      s.stop();
    }
  }

  /** The store the server's documents live in (for a test that writes one directly). */
  InMemoryDocumentStore store() {
    return store;
  }

  /** Creates an empty rich-text document with a new id (through the test servlet); returns the id. */
  String newDocument() throws IOException, InterruptedException {
    String id = "b-" + UUID.randomUUID();
    HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(base().resolve("test/create?id=" + id))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("test/create answered " + created.statusCode() + ": " + created.body());
    }
    return id;
  }

  /** The document's text as the server has it (REST, as ann). */
  String serverText(String doc) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base().resolve("collab/api/documents/" + doc))
        .header("Cookie", CookieAuthenticator.COOKIE + "=ann").GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("reading " + doc + " answered " + response.statusCode() + ": " + response.body());
    }
    JsonObject json = Json.createReader(new StringReader(response.body())).readObject();
    StringBuilder text = new StringBuilder();
    for (JsonValue op : json.getJsonArray("data")) {
      JsonValue insert = op.asJsonObject().get("insert");
      if (insert != null && insert.getValueType() == JsonValue.ValueType.STRING) {
        text.append(((JsonString) insert).getString());
      }
    }
    return text.toString();
  }

  /** {@code http://127.0.0.1:<port>/app/} */
  URI base() {
    return URI.create("http://127.0.0.1:" + port + "/app/");
  }

  @Override
  public void close() throws Exception {
    try {
      stop();
    } finally {
      ProcessBeans.store = null;
    }
  }

  /** The pages (and pictures) of {@code src/test/resources/browser}, never cached. */
  static final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String name = request.getPathInfo();
      if (name == null || !name.matches("/[a-z-]+\\.(html|png|js|css)")) {
        response.sendError(404);
        return;
      }
      try (InputStream in = BrowserServer.class.getClassLoader().getResourceAsStream("browser" + name)) {
        if (in == null) {
          response.sendError(404);
          return;
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(name.endsWith(".png") ? "image/png"
            : name.endsWith(".js") ? "text/javascript;charset=utf-8"
            : name.endsWith(".css") ? "text/css;charset=utf-8" : "text/html;charset=utf-8");
        response.getOutputStream().write(in.readAllBytes());
      }
    }
  }

  /** {@code /test/login?user=ann}: the cookie {@link CookieAuthenticator} reads. */
  static final class LoginServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String user = request.getParameter("user");
      if (user == null || !user.matches("[a-z]+")) {
        response.sendError(400);
        return;
      }
      response.setHeader("Set-Cookie", CookieAuthenticator.COOKIE + "=" + user + "; Path=" + request.getContextPath()
          + "; HttpOnly; SameSite=Lax");
      response.setHeader("Cache-Control", "no-store");
      response.setContentType("text/plain;charset=utf-8");
      response.getWriter().write("logged in as " + user);
    }
  }

  /** Refuses WebSocket handshakes while {@link #refuseWebSockets} is set. */
  static final class RefuseFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      if (refuseWebSockets) {
        response.sendError(503, "refused by the test");
        return;
      }
      chain.doFilter(request, response);
    }
  }
}
