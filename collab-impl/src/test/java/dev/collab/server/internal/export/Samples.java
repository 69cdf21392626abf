package dev.collab.server.internal.export;

import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.Delta;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The sample document of docs/EXPORT.md (every format of the Quill schema once) and the corpus files. */
final class Samples {
  static final Path OUT = Path.of("target", "export");

  private Samples() {}

  static JsonValue s(String value) {
    return BoundedJson.PROVIDER.createValue(value);
  }

  static JsonValue n(int value) {
    return BoundedJson.PROVIDER.createValue(value);
  }

  /** A document using every attribute and embed of {@link dev.collab.ot.RichTextSchema#QUILL}. */
  static Delta everyFormat() {
    return Delta.builder()
        .insert("Release notes").insert("\n", Map.of("header", n(1)))
        .insert("Collab exports ").insert("bold", Map.of("bold", JsonValue.TRUE)).insert(", ")
        .insert("italic", Map.of("italic", JsonValue.TRUE)).insert(", ")
        .insert("underlined", Map.of("underline", JsonValue.TRUE)).insert(", ")
        .insert("struck", Map.of("strike", JsonValue.TRUE)).insert(" and ")
        .insert("code", Map.of("code", JsonValue.TRUE)).insert(" text, H")
        .insert("2", Map.of("script", s("sub"))).insert("O and x")
        .insert("2", Map.of("script", s("super"))).insert(".\n")
        .insert("Colours: ").insert("red", Map.of("color", s("#e60000"))).insert(", ")
        .insert("highlight", Map.of("background", s("#ffff00"))).insert(", ")
        .insert("serif", Map.of("font", s("serif"))).insert(", ")
        .insert("large", Map.of("size", s("large"))).insert(" and a ")
        .insert("link", Map.of("link", s("https://example.org/docs"))).insert(" <script>alert(1)</script>.\n")
        .insert("Features").insert("\n", Map.of("header", n(2)))
        .insert("Export").insert("\n", Map.of("list", s("bullet")))
        .insert("Import").insert("\n", Map.of("list", s("bullet")))
        .insert("Nested").insert("\n", Map.of("list", s("bullet"), "indent", n(1)))
        .insert("First").insert("\n", Map.of("list", s("ordered")))
        .insert("Second").insert("\n", Map.of("list", s("ordered")))
        .insert("Done").insert("\n", Map.of("list", s("checked")))
        .insert("Open").insert("\n", Map.of("list", s("unchecked")))
        .insert("A quoted line.").insert("\n", Map.of("blockquote", JsonValue.TRUE))
        .insert("int x = 1;").insert("\n", Map.of("code-block", s("java")))
        .insert("int y = x * 2;").insert("\n", Map.of("code-block", s("java")))
        .insert("Centred").insert("\n", Map.of("align", s("center")))
        .insert("Indented").insert("\n", Map.of("indent", n(2)))
        .insert("\u05e9\u05dc\u05d5\u05dd").insert("\n", Map.of("direction", s("rtl"), "align", s("right")))
        .insertEmbed(BoundedJson.PROVIDER.createObjectBuilder().add("divider", true).build(), Map.of()).insert("\n")
        .insert("Embeds: ")
        .insertEmbed(BoundedJson.PROVIDER.createObjectBuilder().add("image", "https://example.org/logo.png").build(),
            Map.of("alt", s("Logo"), "width", n(64), "height", n(32)))
        .insert(" ")
        .insertEmbed(BoundedJson.PROVIDER.createObjectBuilder().add("video", "https://example.org/intro.mp4").build(), Map.of())
        .insert(" ")
        .insertEmbed(BoundedJson.PROVIDER.createObjectBuilder().add("formula", "e=mc^2").build(), Map.of())
        .insert(" ")
        .insertEmbed(BoundedJson.PROVIDER.createObjectBuilder().add("mention",
            BoundedJson.PROVIDER.createObjectBuilder().add("id", "ann").add("name", "Ann")).build(), Map.of())
        .insert("\n")
        .build();
  }

  static byte[] corpus(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("/export-corpus/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource export-corpus/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(String name, byte[] content) {
    try {
      Files.createDirectories(OUT);
      return Files.write(OUT.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
