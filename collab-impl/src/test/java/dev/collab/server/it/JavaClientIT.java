package dev.collab.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.client.CollabClient;
import dev.collab.client.DocumentListener;
import dev.collab.client.SharedDocument;
import dev.collab.ot.Delta;
import dev.collab.ot.Op;
import dev.collab.testing.RandomDeltas;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CollabClient}s against the real endpoint inside Payara Micro: several users edit one
 * document at once with seeded random edits while one client's connection is dropped twice; all
 * converge on the server's document, and nothing the dropped client typed is lost.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JavaClientIT {
  private static final long SEED = Long.getLong("collab.seed", new Random().nextLong());
  /** Markers the dropped client inserts: CJK ideographs, which no other client types or deletes. */
  private static final char FIRST_MARKER = '\u4e00';

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.collabWar("collab-client", "collab.any-user-writes=true\n");
  }

  @ArquillianResource URL reported;
  URI http;
  URI ws;
  final List<CollabClient> clients = new ArrayList<>();

  @BeforeEach
  void urls() {
    http = Deployments.http(reported);
    ws = Deployments.webSocket(reported);
  }

  @AfterEach
  void close() {
    clients.forEach(CollabClient::close);
  }

  void create(String id) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(http.resolve("test/create?id=" + id)).POST(HttpRequest.BodyPublishers.noBody())
            .header("Authorization", TestSecurity.basic("ann")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  CollabClient client(String user) throws Exception {
    return client(user, new CollabClient.Listener() {});
  }

  CollabClient client(String user, CollabClient.Listener listener) throws Exception {
    CollabClient client = CollabClient.builder(ws)
        .listener(listener)
        .header("Authorization", TestSecurity.basic(user))
        .reconnectBackoff(Duration.ofMillis(50), Duration.ofSeconds(1))
        .jitterSeed(SEED)
        .connect();
    clients.add(client);
    assertThat(client.user().id()).isEqualTo(user);
    return client;
  }

  @Test
  @DisplayName("five clients of two users edit one document at random, one is dropped twice; all converge, nothing lost")
  void concurrentEditorsConverge() throws Exception {
    System.out.println("JavaClientIT seed: " + SEED + " (rerun with -Dcollab.seed=" + SEED + ")");
    create("java-client");
    String[] users = {"ann", "bob", "ann", "bob", "ann"};
    List<SharedDocument<Delta>> docs = new ArrayList<>();
    AtomicInteger welcomes = new AtomicInteger();
    docs.add(client(users[0], new CollabClient.Listener() {
      @Override
      public void onConnected(dev.collab.User user) {
        welcomes.incrementAndGet();
      }
    }).open("java-client"));
    for (int i = 1; i < users.length; i++) {
      docs.add(client(users[i]).open("java-client"));
    }
    CollabClient dropped = clients.get(0);
    SharedDocument<Delta> markers = docs.get(0);
    Set<Long> markerAcks = ConcurrentHashMap.newKeySet();
    List<String> errors = new CopyOnWriteArrayList<>();
    markers.addListener(new DocumentListener<>() {
      @Override
      public void onAck(long seq, long version) {
        markerAcks.add(seq);
      }
    });
    for (SharedDocument<Delta> doc : docs) {
      doc.addListener(new DocumentListener<>() {
        @Override
        public void onError(dev.collab.client.DocumentError error) {
          errors.add(doc.id() + ": " + error);
        }
      });
    }

    int editsPerClient = 40;
    AtomicInteger markerCount = new AtomicInteger();
    ExecutorService editors = Executors.newFixedThreadPool(docs.size());
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      SharedDocument<Delta> doc = docs.get(i);
      Random random = new Random(SEED + i);
      RandomDeltas deltas = new RandomDeltas(random);
      boolean isMarkerClient = i == 0;
      running.add(editors.submit(() -> {
        for (int k = 0; k < editsPerClient; k++) {
          if (isMarkerClient) {
            char marker = (char) (FIRST_MARKER + markerCount.getAndIncrement());
            doc.edit(d -> Delta.builder().retain(random.nextInt(d.length() + 1)).insert(String.valueOf(marker)).build());
            if (k == 10 || k == 25) {
              // The second drop only once the first was followed by a new connection: dropping a
              // connection that is still being re-established would test nothing new (and, on a
              // slow machine, left the count of connections one short).
              int before = k == 10 ? 1 : 2;
              Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> welcomes.get() >= before);
              dropped.abortConnection();
            }
          } else {
            doc.edit(d -> keepingMarkers(deltas, d));
          }
          Thread.sleep(5 + random.nextInt(15));
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get(60, TimeUnit.SECONDS);
    }
    editors.shutdown();
    for (SharedDocument<Delta> doc : docs) {
      doc.whenSynced().get(60, TimeUnit.SECONDS);
    }
    long head = docs.stream().mapToLong(SharedDocument::version).max().orElseThrow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (docs.stream().anyMatch(d -> d.version() != head) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Delta expected = docs.get(1).document();
    for (SharedDocument<Delta> doc : docs) {
      assertThat(doc.version()).as("version, seed " + SEED).isEqualTo(head);
      assertThat(doc.document()).as("document, seed " + SEED).isEqualTo(expected);
    }
    SharedDocument<Delta> fresh = client("bob").open("java-client");
    assertThat(fresh.version()).isEqualTo(head);
    assertThat(fresh.document().text()).as("a fresh join, seed " + SEED).isEqualTo(expected.text());
    assertThat(normal(fresh.document())).isEqualTo(normal(expected));

    String text = expected.text();
    for (int m = 0; m < markerCount.get(); m++) {
      char marker = (char) (FIRST_MARKER + m);
      assertThat(text.chars().filter(c -> c == marker).count()).as("marker " + m + ", seed " + SEED).isEqualTo(1);
    }
    assertThat(welcomes.get()).as("the dropped client's connections").isEqualTo(3);
    assertThat(markerAcks).as("acks heard by the dropped client").isNotEmpty();
    assertThat(head).isGreaterThan(markerAcks.size());
    System.out.println("JavaClientIT: " + head + " versions, " + text.length() + " characters, errors: " + errors);
  }

  /** Normalised (adjacent ops merged), so that documents compare by content. */
  private static Delta normal(Delta delta) {
    Delta.Builder builder = Delta.builder();
    delta.ops().forEach(builder::push);
    return builder.build();
  }

  /**
   * A typing edit of the shared generator that deletes no marker (so a marker is only ever removed
   * if the server lost or duplicated something): an edit that would is drawn again.
   */
  private static Delta keepingMarkers(RandomDeltas deltas, Delta document) {
    while (true) {
      Delta edit = deltas.edit(document);
      if (!deletesMarker(edit, document)) {
        return edit;
      }
    }
  }

  private static boolean deletesMarker(Delta edit, Delta document) {
    String text = document.text();
    int at = 0;
    for (Op op : edit.ops()) {
      if (op.isDelete()) {
        // Positions are characters of the text only while nothing is an embed (nobody inserts one).
        return text.length() != document.length() || text.substring(at, at + op.length()).chars()
            .anyMatch(c -> c >= FIRST_MARKER && c < FIRST_MARKER + 4096);
      }
      at += op.isRetain() ? op.length() : 0;
    }
    return false;
  }
}
