package dev.collab.internal.ot;

import dev.collab.internal.json.BoundedJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A sequential editing trace of josephg/editing-traces (see {@code shared/data/editing-traces}
 * next to the repository): its patches flattened in order, and its expected end text.
 */
final class EditingTrace {
  final int[] positions;
  final int[] deleted;
  final String[] inserted;
  final String endContent;

  private EditingTrace(int[] positions, int[] deleted, String[] inserted, String endContent) {
    this.positions = positions;
    this.deleted = deleted;
    this.inserted = inserted;
    this.endContent = endContent;
  }

  /**
   * The trace file {@code name} in {@code shared/data/editing-traces} beside the repository, looked
   * up from the working directory (the module directory under surefire, or the repository root).
   */
  static Optional<Path> find(String name) {
    for (String prefix : new String[] {"../../shared", "../shared"}) {
      Path path = Path.of(prefix, "data", "editing-traces", name);
      if (Files.isRegularFile(path)) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }

  static EditingTrace read(Path path) throws IOException {
    try (Reader reader =
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(path), 1 << 16), StandardCharsets.UTF_8);
        JsonReader json = BoundedJson.PROVIDER.createReader(reader)) {
      JsonObject trace = json.readObject();
      List<JsonArray> patches = new ArrayList<>();
      for (JsonValue txn : trace.getJsonArray("txns")) {
        for (JsonValue patch : txn.asJsonObject().getJsonArray("patches")) {
          patches.add(patch.asJsonArray());
        }
      }
      int count = patches.size();
      int[] positions = new int[count];
      int[] deleted = new int[count];
      String[] inserted = new String[count];
      for (int i = 0; i < count; i++) {
        JsonArray patch = patches.get(i);
        positions[i] = patch.getInt(0);
        deleted[i] = patch.getInt(1);
        inserted[i] = patch.getString(2);
      }
      return new EditingTrace(positions, deleted, inserted, trace.getString("endContent"));
    }
  }
}
