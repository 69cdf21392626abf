package dev.collab.sample;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where the sample keeps its documents, from its settings:
 *
 * <ul>
 *   <li>{@code sample.db=h2} (the default): an H2 database file in {@code sample.data-dir}, by
 *       default {@code ~/.collab-sample} (the user's home, so neither a {@code clean} nor a fresh
 *       checkout loses the documents; delete the directory to start over);
 *   <li>{@code sample.db=postgresql}: {@code sample.jdbc.url} (default
 *       {@code jdbc:postgresql://127.0.0.1:5432/collab}), {@code sample.jdbc.user} and
 *       {@code sample.jdbc.password} (default {@code collab}/{@code collab}).
 * </ul>
 *
 * @param vendor {@code h2} or {@code postgresql}: also the directory of collab-jpa's migrations
 * @param dataDir the H2 directory, null for PostgreSQL
 */
record StorageConfig(String vendor, String jdbcUrl, String user, String password, @Nullable Path dataDir) {

  static final String DEFAULT_DATA_DIR = "~/.collab-sample";

  static StorageConfig fromSettings() {
    return from(SampleSettings.SYSTEM);
  }

  static StorageConfig from(Function<String, Optional<String>> settings) {
    String db = settings.apply("sample.db").orElse("h2");
    switch (db) {
      case "h2":
        return h2(dataDir(settings.apply("sample.data-dir").orElse(DEFAULT_DATA_DIR)));
      case "postgresql":
        return new StorageConfig("postgresql",
            settings.apply("sample.jdbc.url").orElse("jdbc:postgresql://127.0.0.1:5432/collab"),
            settings.apply("sample.jdbc.user").orElse("collab"),
            settings.apply("sample.jdbc.password").orElse("collab"),
            null);
      default:
        throw new IllegalArgumentException("sample.db=" + db + " is not one of h2, postgresql");
    }
  }

  /**
   * An H2 database file {@code collab.mv.db} in {@code dir}. {@code WRITE_DELAY=0}: H2 writes a
   * commit to the file before the commit returns. With H2's default (up to 500 ms later, from a
   * background thread) a crash of the server lost edits it had already acknowledged
   * ({@code PayaraH2RestartIT}).
   */
  static StorageConfig h2(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    // No ';' in the path: it would end H2's URL and start a setting.
    if (absolute.toString().indexOf(';') >= 0) {
      throw new IllegalArgumentException("sample.data-dir must not contain ';': " + absolute);
    }
    return new StorageConfig("h2", "jdbc:h2:file:" + absolute.resolve("collab") + ";WRITE_DELAY=0", "sa", "", absolute);
  }

  /** {@code ~} or {@code ~/...} is the user's home. */
  static Path dataDir(String setting) {
    if (setting.equals("~") || setting.startsWith("~/")) {
      return Path.of(System.getProperty("user.home"), setting.substring(1).replaceFirst("^/", ""));
    }
    return Path.of(setting);
  }

  /** For the start-up log: where, without the password. */
  String describe() {
    return vendor.equals("h2") ? "H2 in " + dataDir : "PostgreSQL at " + jdbcUrl + " as " + user;
  }

  @Override
  public String toString() {
    return "StorageConfig[" + describe() + "]";
  }
}
