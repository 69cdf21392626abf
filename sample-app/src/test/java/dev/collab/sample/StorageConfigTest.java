package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StorageConfigTest {

  private static Function<String, Optional<String>> settings(Map<String, String> values) {
    return key -> Optional.ofNullable(values.get(key));
  }

  @Test
  @DisplayName("by default: H2 in ~/.collab-sample, a file database that outlives restarts")
  void defaults() {
    StorageConfig config = StorageConfig.from(settings(Map.of()));
    assertThat(config.vendor()).isEqualTo("h2");
    assertThat(config.dataDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".collab-sample"));
    assertThat(config.jdbcUrl()).isEqualTo("jdbc:h2:file:" + Path.of(System.getProperty("user.home"), ".collab-sample", "collab") + ";WRITE_DELAY=0");
  }

  @Test
  @DisplayName("sample.data-dir moves the H2 files; a relative one is made absolute")
  void dataDir() {
    StorageConfig config = StorageConfig.from(settings(Map.of("sample.data-dir", "some/dir")));
    assertThat(config.dataDir()).isEqualTo(Path.of("some/dir").toAbsolutePath().normalize());
    assertThat(config.jdbcUrl()).startsWith("jdbc:h2:file:/").endsWith("some/dir/collab;WRITE_DELAY=0");
    assertThatThrownBy(() -> StorageConfig.from(settings(Map.of("sample.data-dir", "data;INIT=x"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("';'");
  }

  @Test
  @DisplayName("sample.db=postgresql switches to PostgreSQL with its defaults or the given URL and role")
  void postgresql() {
    StorageConfig defaults = StorageConfig.from(settings(Map.of("sample.db", "postgresql")));
    assertThat(defaults).extracting(StorageConfig::vendor, StorageConfig::jdbcUrl, StorageConfig::user, StorageConfig::password)
        .containsExactly("postgresql", "jdbc:postgresql://127.0.0.1:5432/collab", "collab", "collab");
    assertThat(defaults.describe()).doesNotContain("collab@").doesNotContain("password");
    StorageConfig given = StorageConfig.from(settings(Map.of("sample.db", "postgresql",
        "sample.jdbc.url", "jdbc:postgresql://db:5432/docs", "sample.jdbc.user", "u", "sample.jdbc.password", "p")));
    assertThat(given.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/docs");
    assertThat(given.user()).isEqualTo("u");
    assertThat(given.password()).isEqualTo("p");
  }

  @Test
  @DisplayName("an unknown sample.db fails, naming the setting and the choices")
  void unknown() {
    assertThatThrownBy(() -> StorageConfig.from(settings(Map.of("sample.db", "mysql"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("sample.db=mysql is not one of h2, postgresql");
  }

  @Test
  @DisplayName("environment names: upper case, '.' and '-' as '_'")
  void environmentNames() {
    assertThat(SampleSettings.environmentName("sample.data-dir")).isEqualTo("SAMPLE_DATA_DIR");
    assertThat(SampleSettings.environmentName("collab.bus")).isEqualTo("COLLAB_BUS");
  }

  @Test
  @DisplayName("the start-up block lists every demo user with password and role")
  void banner() {
    String banner = StartupLog.banner("H2 in /x", "local");
    for (DemoUsers.DemoUser user : DemoUsers.ALL) {
      assertThat(banner).containsPattern(user.name() + "\\s+password " + user.password() + "\\s+role " + user.role());
    }
    assertThat(banner).contains("documents: H2 in /x").contains("bus:       local");
  }
}
