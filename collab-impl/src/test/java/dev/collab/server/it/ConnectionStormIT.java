package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import dev.collab.tck.WireSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connection storms on Payara Micro, the sample app's server: many clients connect, authenticate
 * (HTTP Basic, a container login), join and leave at once, in rounds, as after a node restart or a
 * drain, and as the load harness's verifiers do. Every connection must end by its own client's
 * close, answered with 1000: a close Collab did not ask for (#17's second round saw some on Payara,
 * never on Jetty) or a join without an answer fails the test, naming the client and what it saw.
 *
 * <p>It found the cause: with the container's idle timeout set (2 minutes), Tyrus closed one
 * connection in 2,000 to 3,000 with "Session closed by the container because of the idle timeout" (1006,
 * seen by the client as 1000) tens of milliseconds after it opened, sometimes before the hello was
 * answered. Collab now turns the container's idle timeout off and keeps its own.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConnectionStormIT {
  private static final int CLIENTS = 600;
  private static final int DOCUMENTS = 60;
  private static final int ROUNDS = 6;
  private static final int PARALLEL = 24;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Deployment(testable = false)
  static WebArchive deployment() {
    // two users hold every connection: the per-user caps are the subject of other tests (CapsIT)
    return Deployments.collabWar("collab-storm", "collab.max-connections-per-user=100000\n"
        + "collab.max-messages-per-second-per-user=1000000\n");
  }

  @ArquillianResource URL reported;

  @Test
  @DisplayName("600 clients connect, join 60 documents and close, six rounds (3,600 connections): every connection ends by its client's close, answered with 1000")
  void noConnectionIsLost() throws Exception {
    URI http = Deployments.http(reported);
    URI ws = Deployments.webSocket(reported);
    HttpClient client = HttpClient.newHttpClient();
    for (int d = 0; d < DOCUMENTS; d++) {
      HttpResponse<String> created = client.send(HttpRequest.newBuilder(http.resolve("test/create?id=storm-" + d))
          .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", TestSecurity.basic("ann")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).isEqualTo(201);
    }
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        WireSocket[] sockets = new WireSocket[CLIENTS];
        List<Future<?>> tasks = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < CLIENTS; i++) {
          int n = i;
          String name = "storm-" + round + "-" + n;
          tasks.add(pool.submit(() -> {
            try {
              WireSocket socket = WireSocket.open(client, ws,
                  Map.of("Authorization", TestSecurity.basic(n % 2 == 0 ? "ann" : "bob")), WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
              sockets[n] = socket;
              socket.hello(name);
              socket.send(new ClientMessage.Join("storm-" + n % DOCUMENTS, null));
              socket.next(ServerMessage.Snapshot.class);
            } catch (Throwable e) {
              problems.add(name + " joining: " + e);
            }
            return null;
          }));
        }
        for (Future<?> task : tasks) {
          task.get(5, TimeUnit.MINUTES);
        }
        long joined = System.nanoTime();
        for (int i = 0; i < CLIENTS; i++) {
          if (sockets[i] != null && sockets[i].isClosed()) {
            problems.add("storm-" + round + "-" + i + " was closed by the server: " + closeOf(sockets[i]));
          }
        }
        tasks.clear();
        for (int i = 0; i < CLIENTS; i++) {
          WireSocket socket = sockets[i];
          String name = "storm-" + round + "-" + i;
          if (socket == null || socket.isClosed()) {
            continue;
          }
          tasks.add(pool.submit(() -> {
            try {
              socket.closeAndWait();
              int code = socket.closeCode();
              if (code != 1000) {
                problems.add(name + " closing: the server answered " + code + " " + socket.closeReason());
              }
            } catch (Throwable e) {
              problems.add(name + " closing: " + e);
            }
            return null;
          }));
        }
        for (Future<?> task : tasks) {
          task.get(5, TimeUnit.MINUTES);
        }
        System.out.printf("ConnectionStormIT round %d: %d clients joined in %d ms, closed in %d ms, %d problem(s)%n", round,
            CLIENTS, TimeUnit.NANOSECONDS.toMillis(joined - started), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - joined),
            problems.size());
        assertThat(problems).as("round %d", round).isEmpty();
      }
      // every frame of this storm went through Tyrus with Collab's idle-timer scheduler (TyrusIdleTimer)
      assertThat(AmbiguousStoreIT.payaraLog()).contains("collab: Tyrus sessions use Collab's scheduler for their idle timer");
    } finally {
      pool.shutdownNow();
    }
  }

  private static String closeOf(WireSocket socket) {
    try {
      return socket.closeCode() + " " + socket.closeReason();
    } catch (Exception e) {
      return "no close frame: " + e;
    }
  }
}
