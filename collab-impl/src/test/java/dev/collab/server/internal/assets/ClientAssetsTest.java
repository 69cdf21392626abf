package dev.collab.server.internal.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.server.internal.config.CollabConfiguration;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientAssetsTest {
  @TempDir Path dir;

  @Test
  void theBuildPackagedTheClientWithAVersionThatCarriesAContentHash() {
    ClientAssets assets = ClientAssets.load();
    assertThat(assets.version()).matches("[0-9A-Za-z.-]+-[0-9a-f]{10}");
    assertThat(assets.names()).contains("collab.js", "collab-quill.js", "quill.js", "quill.snow.css",
        "quill-cursors.css", "collab.css", "THIRD-PARTY-NOTICES.txt");
    assertThat(new String(assets.file("quill.js"), StandardCharsets.UTF_8)).contains("export");
    assertThat(new String(assets.file("THIRD-PARTY-NOTICES.txt"), StandardCharsets.UTF_8))
        .contains("==== quill 2.0.3", "==== quill-delta 5.1.0", "==== quill-cursors 6.0.0");
    assertThat(assets.file("nothing.js")).isNull();
  }

  @Test
  void aJarWithoutTheClientFailsWithAMessageSayingWhy() throws Exception {
    assertThatThrownBy(() -> ClientAssets.load(loader()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("version.properties")
        .hasMessageContaining("npm");
  }

  @Test
  void aMissingFileOrABadVersionIsNamed() throws Exception {
    Path root = Files.createDirectories(dir.resolve("META-INF/collab-client"));
    Files.writeString(root.resolve("version.properties"), "version=1.0-abc\nfiles=collab.js\n");
    assertThatThrownBy(() -> ClientAssets.load(loader()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("collab.js").hasMessageContaining("1.0-abc");
    Files.writeString(root.resolve("version.properties"), "version=../x\nfiles=collab.js\n");
    assertThatThrownBy(() -> ClientAssets.load(loader()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no valid version");
    Files.createDirectories(root.resolve("1.0-abc"));
    Files.writeString(root.resolve("1.0-abc/collab.js"), "export {};");
    Files.writeString(root.resolve("version.properties"), "version=1.0-abc\nfiles=collab.js\n");
    assertThat(ClientAssets.load(loader()).names()).containsExactly("collab.js");
  }

  @Test
  void mediaTypes() {
    assertThat(ClientAssets.contentType("collab.js")).isEqualTo("text/javascript;charset=utf-8");
    assertThat(ClientAssets.contentType("quill.snow.css")).isEqualTo("text/css;charset=utf-8");
    assertThat(ClientAssets.contentType("THIRD-PARTY-NOTICES.txt")).isEqualTo("text/plain;charset=utf-8");
  }

  @Test
  void theClientPathIsConfigurableAndCheckedAtStart() {
    String key = "collab.client.path";
    assertThat(CollabConfiguration.defaults().clientPath()).isEqualTo("/collab/client");
    assertThat(clientPath(key, "assets/collab/")).isEqualTo("/assets/collab");
    for (String bad : new String[] {"/", "/a b", "/x?y", "/*"}) {
      assertThatThrownBy(() -> clientPath(key, bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
    }
  }

  private static String clientPath(String key, String value) {
    return CollabConfiguration.parse(k -> k.equals(key) ? Optional.of(value) : Optional.empty()).clientPath();
  }

  private ClassLoader loader() throws Exception {
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
  }
}
