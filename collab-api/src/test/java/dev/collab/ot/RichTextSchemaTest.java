package dev.collab.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The content-safety rules: what a hostile client may not store for the next reader. */
class RichTextSchemaTest {

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("javascript: link", "[{\"insert\":\"x\",\"attributes\":{\"link\":\"javascript:alert(1)\"}}]", "link"),
        Arguments.of("data: link", "[{\"insert\":\"x\",\"attributes\":{\"link\":\"data:text/html,<b>\"}}]", "link"),
        Arguments.of("link with a quote breaking out of href", "[{\"insert\":\"x\",\"attributes\":{\"link\":\"https://a.example/\\\" onmouseover=\\\"x\"}}]", "link"),
        Arguments.of("link on a retain", "[{\"retain\":1,\"attributes\":{\"link\":\"vbscript:x\"}}]", "link"),
        Arguments.of("unknown attribute", "[{\"insert\":\"x\",\"attributes\":{\"onclick\":\"x\"}}]", "unknown attribute 'onclick'"),
        Arguments.of("bold as a string", "[{\"insert\":\"x\",\"attributes\":{\"bold\":\"yes\"}}]", "bold"),
        Arguments.of("header 7", "[{\"insert\":\"\\n\",\"attributes\":{\"header\":7}}]", "header"),
        Arguments.of("CSS smuggled into a colour", "[{\"insert\":\"x\",\"attributes\":{\"color\":\"red;background:url(x)\"}}]", "color"),
        Arguments.of("markup in a font name", "[{\"insert\":\"x\",\"attributes\":{\"font\":\"<script>\"}}]", "font"),
        Arguments.of("image with a javascript: URL", "[{\"insert\":{\"image\":\"javascript:alert(1)\"}}]", "image"),
        Arguments.of("image as a data: URL", "[{\"insert\":{\"image\":\"data:image/svg+xml,<svg onload=alert(1)>\"}}]", "image"),
        Arguments.of("unknown embed type", "[{\"insert\":{\"iframe\":\"https://a.example\"}}]", "unknown embed type 'iframe'"),
        Arguments.of("embed with two keys", "[{\"insert\":{\"image\":\"https://a.example/x.png\",\"video\":\"https://a.example/v\"}}]", "exactly one key"),
        Arguments.of("markup in a formula", "[{\"insert\":{\"formula\":\"</span><script>x</script>\"}}]", "formula"),
        Arguments.of("mention with an extra field", "[{\"insert\":{\"mention\":{\"id\":\"u1\",\"name\":\"Ann\",\"html\":\"<b>\"}}}]", "mention"),
        Arguments.of("mention with markup in the name", "[{\"insert\":{\"mention\":{\"id\":\"u1\",\"name\":\"<img src=x>\"}}}]", "mention"),
        Arguments.of("divider that is not true", "[{\"insert\":{\"divider\":\"yes\"}}]", "divider"),
        Arguments.of("indent 99", "[{\"retain\":1,\"attributes\":{\"indent\":99}}]", "indent"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  @DisplayName("the default schema refuses")
  void refusesUnsafeContent(String name, String json, String named) {
    Delta op = DeltaJson.decode(json);
    assertThatThrownBy(() -> RichText.SERVER.checkContent(op))
        .isInstanceOf(InvalidOpException.class)
        .hasMessageContaining("op 0")
        .hasMessageContaining(named)
        .satisfies(e -> assertThat(((InvalidOpException) e).problem()).isEqualTo(InvalidOpException.Problem.MALFORMED_OP));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("plain text with markup characters (text is text)", "[{\"insert\":\"<script>alert(1)</script>\"}]"),
        Arguments.of("bold, italic, link", "[{\"insert\":\"x\",\"attributes\":{\"bold\":true,\"italic\":false,\"link\":\"https://a.example/p?q=1\"}}]"),
        Arguments.of("mailto link", "[{\"insert\":\"x\",\"attributes\":{\"link\":\"mailto:ann@a.example\"}}]"),
        Arguments.of("removing a link on a retain", "[{\"retain\":3,\"attributes\":{\"link\":null,\"bold\":null}}]"),
        Arguments.of("colours", "[{\"insert\":\"x\",\"attributes\":{\"color\":\"#ff0000\",\"background\":\"rgb(1, 2, 3)\"}}]"),
        Arguments.of("header and list", "[{\"insert\":\"\\n\",\"attributes\":{\"header\":2,\"list\":\"bullet\"}}]"),
        Arguments.of("image with width", "[{\"insert\":{\"image\":\"https://a.example/cat.png\"},\"attributes\":{\"width\":\"100\"}}]"),
        Arguments.of("mention", "[{\"insert\":{\"mention\":{\"id\":\"u1\",\"name\":\"Ann\"}}}]"),
        Arguments.of("divider and formula", "[{\"insert\":{\"divider\":true}},{\"insert\":{\"formula\":\"e=mc^2\"}}]"),
        Arguments.of("code block with a language", "[{\"insert\":\"\\n\",\"attributes\":{\"code-block\":\"javascript\"}}]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  @DisplayName("the default schema accepts")
  void acceptsStandardFormats(String name, String json) {
    assertThatCode(() -> RichText.SERVER.checkContent(DeltaJson.decode(json))).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("a video host allow-list: only URLs on the listed hosts, however the URL tries to look like one")
  void videoHostAllowList() {
    RichText type = RichText.withSchema(RichTextSchema.builder().from(RichTextSchema.QUILL)
        .embed("video", RichTextSchema.httpUrlOn("www.youtube-nocookie.com", "Player.Vimeo.com", "localhost:8080")).build());
    for (String url : new String[] {"https://www.youtube-nocookie.com/embed/abc", "https://player.vimeo.com/video/1?h=2",
        "HTTPS://PLAYER.VIMEO.COM", "http://localhost:8080/v#t"}) {
      assertThatCode(() -> type.checkContent(video(url))).as(url).doesNotThrowAnyException();
    }
    for (String url : new String[] {"https://www.youtube.com/embed/abc", "https://player.vimeo.com.evil.example/v",
        "https://player.vimeo.com@evil.example/v", "https://evil.example/player.vimeo.com", "http://localhost:9090/v",
        "http://localhost/v", "javascript:alert(1)//player.vimeo.com"}) {
      assertThatThrownBy(() -> type.checkContent(video(url))).as(url).hasMessageContaining("an http or https URL on [");
    }
    assertThatThrownBy(() -> RichTextSchema.httpUrlOn("https://player.vimeo.com/")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a host name");
  }

  private static Delta video(String url) {
    return Delta.builder().insertEmbed(jakarta.json.Json.createObjectBuilder().add("video", url).build(), java.util.Map.of()).build();
  }

  @Test
  @DisplayName("an application extends the default schema with its own attribute, or removes one")
  void applicationSchema() {
    RichTextSchema custom = RichTextSchema.builder()
        .from(RichTextSchema.QUILL)
        .attribute("comment-id", RichTextSchema.matching("a comment id", Pattern.compile("c[0-9]{1,9}")))
        .without("video")
        .build();
    RichText type = RichText.withSchema(custom);
    assertThatCode(() -> type.checkContent(DeltaJson.decode("[{\"retain\":2,\"attributes\":{\"comment-id\":\"c42\"}}]")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> type.checkContent(DeltaJson.decode("[{\"retain\":2,\"attributes\":{\"comment-id\":\"x\"}}]")))
        .hasMessageContaining("a comment id");
    assertThatThrownBy(() -> type.checkContent(DeltaJson.decode("[{\"insert\":{\"video\":\"https://a.example/v\"}}]")))
        .hasMessageContaining("unknown embed type 'video'");
    assertThat(custom.attributeNames()).contains("bold", "comment-id");
    assertThatCode(() -> RichText.INSTANCE.checkContent(DeltaJson.decode("[{\"insert\":\"x\",\"attributes\":{\"onclick\":\"x\"}}]")))
        .as("the permissive instance is for trusted input")
        .doesNotThrowAnyException();
  }
}
