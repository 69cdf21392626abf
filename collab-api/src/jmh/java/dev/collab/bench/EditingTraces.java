package dev.collab.bench;

import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.Delta;
import dev.collab.ot.OtDocument;
import jakarta.json.JsonArray;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Sequential editing traces of josephg/editing-traces ({@code shared/data/editing-traces} beside
 * the repository): read, turned into deltas, and checked against the sha256 its README gives.
 */
public final class EditingTraces {
  /** sha256 of the final text (UTF-8) by file name, from the traces' README. */
  private static final Map<String, String> EXPECTED_SHA256 =
      Map.of(
          "automerge-paper.json.gz",
          "a489e9022976c14e46627aea174d07797edcb3fd17df42605956d4cf01bf9039",
          "sveltecomponent.json.gz",
          "d8bb93b7cf87b4c3a0394fddc028284a093d90d5794a213d1ccb0794eb4ede8f",
          "json-crdt-patch.json.gz",
          "9540c169a3b43734e045b140e0ece3dec26e48e5b26795a4b600384f92cf2177");

  private EditingTraces() {}

  /** The patches {@code [pos, del, text]} of every txn, in order. */
  public static List<JsonArray> readPatches(String path) {
    try (Reader reader =
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(Path.of(path)), 1 << 16),
                StandardCharsets.UTF_8);
        JsonReader json = BoundedJson.PROVIDER.createReader(reader)) {
      List<JsonArray> patches = new ArrayList<>();
      for (JsonValue txn : json.readObject().getJsonArray("txns")) {
        for (JsonValue patch : txn.asJsonObject().getJsonArray("patches")) {
          patches.add(patch.asJsonArray());
        }
      }
      return patches;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + path + " (run from the repository root)", e);
    }
  }

  /** The delta of one patch: {@code retain(pos).delete(del).insert(text)}. */
  public static Delta toDelta(JsonArray patch) {
    return Delta.builder().retain(patch.getInt(0)).delete(patch.getInt(1)).insert(patch.getString(2)).build();
  }

  public static Delta[] toDeltas(List<JsonArray> patches) {
    Delta[] deltas = new Delta[patches.size()];
    for (int i = 0; i < deltas.length; i++) {
      deltas[i] = toDelta(patches.get(i));
    }
    return deltas;
  }

  /** Fails loudly unless {@code document} holds the final text the README gives for the trace. */
  public static void verify(String path, OtDocument<Delta> document) {
    String name = Path.of(path).getFileName().toString();
    String expected = EXPECTED_SHA256.get(name);
    if (expected == null) {
      throw new IllegalStateException("no expected sha256 for trace " + name);
    }
    String actual = sha256(document.snapshot().text());
    if (!expected.equals(actual)) {
      throw new IllegalStateException(
          "trace " + name + " replayed to the wrong text: sha256 " + actual + ", expected " + expected);
    }
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
