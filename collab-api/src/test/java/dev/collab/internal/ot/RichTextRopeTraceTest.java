package dev.collab.internal.ot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ot.Delta;
import dev.collab.ot.OtDocument;
import dev.collab.ot.RichText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Replays a real editing trace through the rope. Runs only where the shared trace data sits next
 * to the repository; skipped elsewhere.
 */
class RichTextRopeTraceTest {
  /** sha256 of the final text, from the traces' README. */
  private static final String SVELTE_SHA256 =
      "d8bb93b7cf87b4c3a0394fddc028284a093d90d5794a213d1ccb0794eb4ede8f";

  @Test
  @DisplayName("replaying sveltecomponent ends with the text the trace's README names")
  void sveltecomponent() throws Exception {
    Path path = EditingTrace.find("sveltecomponent.json.gz").orElse(null);
    Assumptions.assumeTrue(path != null, "trace data not found beside the repository");
    EditingTrace trace = EditingTrace.read(path);
    OtDocument<Delta> document = RichText.INSTANCE.newDocument(Delta.empty());
    assertThat(document).isInstanceOf(RichTextRope.class);
    for (int i = 0; i < trace.positions.length; i++) {
      document.apply(
          Delta.builder()
              .retain(trace.positions[i])
              .delete(trace.deleted[i])
              .insert(trace.inserted[i])
              .build());
    }
    String text = document.snapshot().text();
    assertThat(document.snapshot().ops()).hasSize(1);
    assertThat(text).isEqualTo(trace.endContent);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    assertThat(HexFormat.of().formatHex(digest)).isEqualTo(SVELTE_SHA256);
    ((RichTextRope) document).checkInvariants();
  }
}
