package dev.collab.it.jta;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.spi.AppendRequest;
import dev.collab.spi.AppendResult;
import dev.collab.spi.DocumentStore;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.UserTransaction;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the JTA-specific checks of the JPA store inside the server and answers one line per check,
 * {@code <name> ok} or {@code <name> FAILED: <why>}; {@code ?head=<doc>} answers a document's
 * head (through the store), {@code ?rows=<doc>} its op rows in the data source (plain JDBC). The store's full contract is the kit's business (on H2 and PostgreSQL in Java SE); here the
 * point is the transactions: a key violation inside a JTA transaction becomes a result, the
 * fallback of {@code appendAll} runs new transactions after a failed one, an append made while the
 * caller has a transaction open commits on its own, and calls from a plain thread work.
 */
@WebServlet("/test/jta")
public class JtaCheckServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject DocumentStore store;
  @Resource UserTransaction transaction;
  @Resource(lookup = "java:app/jdbc/collab") DataSource dataSource;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setContentType("text/plain");
    String head = request.getParameter("head");
    if (head != null) {
      response.getWriter().print(store.head(head));
      return;
    }
    String rows = request.getParameter("rows");
    if (rows != null) {
      try {
        response.getWriter().print(rows(rows));
      } catch (SQLException e) {
        throw new IOException(e);
      }
      return;
    }
    List<String> lines = new ArrayList<>();
    check(lines, "conflicts-are-results", () -> {
      create("jta-a");
      expect(store.append("jta-a", 0, List.of(op("jta-a", 1, "c", 1))), new AppendResult.Appended(1, 1));
      expect(store.append("jta-a", 0, List.of(op("jta-a", 1, "d", 1))), new AppendResult.Conflict(1));
      // right head, committed (client, seq): only the unique key sees it, inside the JTA transaction
      expect(store.append("jta-a", 1, List.of(op("jta-a", 2, "c", 1))), new AppendResult.Conflict(1));
      expect(store.head("jta-a"), 1L);
    });
    check(lines, "append-all-falls-back", () -> {
      for (String id : List.of("jta-x", "jta-y", "jta-z")) {
        create(id);
      }
      expect(store.append("jta-y", 0, List.of(op("jta-y", 1, "c", 1))), new AppendResult.Appended(1, 1));
      expect(store.appendAll(List.of(
              new AppendRequest("jta-x", 0, List.of(op("jta-x", 1, "c", 1), op("jta-x", 2, "c", 2))),
              new AppendRequest("jta-y", 1, List.of(op("jta-y", 2, "c", 1))),
              new AppendRequest("jta-z", 0, List.of(op("jta-z", 1, "c", 1))))),
          List.of(new AppendResult.Appended(1, 2), new AppendResult.Conflict(1), new AppendResult.Appended(1, 1)));
      expect(store.head("jta-x"), 2L);
      expect(store.head("jta-y"), 1L);
      expect(store.head("jta-z"), 1L);
    });
    check(lines, "requires-new", () -> {
      create("jta-r");
      transaction.begin();
      try {
        expect(store.append("jta-r", 0, List.of(op("jta-r", 1, "c", 1))), new AppendResult.Appended(1, 1));
      } finally {
        transaction.rollback(); // the caller's transaction; the append had its own and stays
      }
      expect(store.head("jta-r"), 1L);
    });
    check(lines, "plain-thread", () -> {
      create("jta-t");
      AtomicReference<Object> result = new AtomicReference<>();
      Thread thread = new Thread(() -> {
        try {
          result.set(store.append("jta-t", 0, List.of(op("jta-t", 1, "c", 1))));
        } catch (RuntimeException e) {
          result.set(e);
        }
      }, "not-a-container-thread");
      thread.start();
      thread.join(30_000);
      expect(result.get(), new AppendResult.Appended(1, 1));
      expect(store.head("jta-t"), 1L);
    });
    // The rows are in the data source's tables: the store really is the JPA one on the JTA unit.
    check(lines, "rows-in-the-data-source", () -> {
      expect(rows("jta-x"), 2L);
      expect(rows("jta-y"), 1L);
      expect(rows("jta-r"), 1L);
    });
    response.getWriter().print(String.join("\n", lines));
  }

  private interface Check {
    void run() throws Exception;
  }

  private static void check(List<String> lines, String name, Check check) {
    try {
      check.run();
      lines.add(name + " ok");
    } catch (Exception | AssertionError e) {
      lines.add(name + " FAILED: " + e);
    }
  }

  /** The op rows of {@code doc} in the data source, read with plain JDBC. */
  private long rows(String doc) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM collab_op WHERE document_id = ?")) {
      s.setString(1, doc);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private void create(String id) {
    expect(store.create(new DocumentInfo(id, "rich-text", id, Map.of(), "setup", Instant.now())), true);
  }

  private static CommittedOp op(String doc, long version, String client, long seq) {
    return new CommittedOp(doc, version, "[{\"insert\":\"" + client + seq + "\"}]", client, seq, "u", "U", Instant.now());
  }

  private static void expect(Object actual, Object expected) {
    if (!Objects.equals(actual, expected)) {
      throw new AssertionError("expected " + expected + " but was " + actual);
    }
  }
}
