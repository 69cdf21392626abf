package dev.collab.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.JsonLimits;
import dev.collab.protocol.ProtocolCodec;
import dev.collab.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A lone surrogate (a pair cut by an edit, which the model allows) must survive a UTF-8 transport:
 * encoders escape it, so the JSON text is plain ASCII there and decodes back exactly.
 */
class LoneSurrogateTest {
  static String throughUtf8(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  @Test
  void escapesOnlyLoneSurrogates() {
    assertThat(BoundedJson.escapeLoneSurrogates("plain")).isSameAs(BoundedJson.escapeLoneSurrogates("plain"));
    assertThat(BoundedJson.escapeLoneSurrogates("a\uD83D\uDE00b")).isEqualTo("a\uD83D\uDE00b");
    assertThat(BoundedJson.escapeLoneSurrogates("a\uD83Db")).isEqualTo("a\\ud83db");
    assertThat(BoundedJson.escapeLoneSurrogates("\uDE00\uD83D")).isEqualTo("\\ude00\\ud83d");
    assertThat(BoundedJson.escapeLoneSurrogates("x\uD83D")).isEqualTo("x\\ud83d");
  }

  @Test
  void deltasAndFramesSurviveUtf8() {
    Delta delta = Delta.builder().insert("cut \uD83D here, \uDE00 there, whole \uD83D\uDE00").build();
    String json = DeltaJson.encode(delta);
    assertThat(DeltaJson.decode(throughUtf8(json))).isEqualTo(delta);

    ServerMessage.Op op = new ServerMessage.Op("d", 1, DeltaJson.toJson(delta), "c", 1,
        new ServerMessage.WireUser("u", "name \uDE00"));
    String frame = ProtocolCodec.encode(op);
    assertThat(ProtocolCodec.decodeServerFrame(throughUtf8(frame), JsonLimits.DEFAULT)).containsExactly(op);
    String spliced = ProtocolCodec.encodeOp("d", 1, json, "c", 1, new ServerMessage.WireUser("u", "name \uDE00"));
    assertThat(ProtocolCodec.decodeServerFrame(throughUtf8(spliced), JsonLimits.DEFAULT)).containsExactly(op);
  }
}
