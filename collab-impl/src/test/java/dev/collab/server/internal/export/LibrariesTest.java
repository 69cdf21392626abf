package dev.collab.server.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.export.ExportFormat;
import dev.collab.export.ImportFormat;
import java.util.EnumSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each format is offered exactly when its libraries are on the class path. */
class LibrariesTest {
  /** A class loader that does not find the classes of one package tree. */
  private static ClassLoader without(String prefix) {
    return new ClassLoader(LibrariesTest.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(prefix)) {
          throw new ClassNotFoundException(name);
        }
        return super.loadClass(name, resolve);
      }
    };
  }

  @Test
  @DisplayName("with every library, every format")
  void all() {
    ClassLoader loader = LibrariesTest.class.getClassLoader();
    assertThat(Libraries.exportFormats(loader)).isEqualTo(EnumSet.allOf(ExportFormat.class));
    assertThat(Libraries.importFormats(loader)).isEqualTo(EnumSet.allOf(ImportFormat.class));
  }

  @Test
  @DisplayName("without jsoup: no HTML or PDF export, no HTML or Markdown import")
  void withoutJsoup() {
    ClassLoader loader = without("org.jsoup.");
    assertThat(Libraries.exportFormats(loader)).containsExactlyInAnyOrder(ExportFormat.MARKDOWN, ExportFormat.TEXT, ExportFormat.DOCX);
    assertThat(Libraries.importFormats(loader)).containsExactly(ImportFormat.DOCX);
  }

  @Test
  @DisplayName("without POI, commonmark or openhtmltopdf: their formats go, plain text stays")
  void withoutOthers() {
    assertThat(Libraries.exportFormats(without("org.apache.poi."))).doesNotContain(ExportFormat.DOCX).contains(ExportFormat.PDF);
    assertThat(Libraries.importFormats(without("org.apache.poi."))).doesNotContain(ImportFormat.DOCX);
    assertThat(Libraries.exportFormats(without("org.commonmark."))).doesNotContain(ExportFormat.MARKDOWN);
    assertThat(Libraries.importFormats(without("org.commonmark."))).containsExactlyInAnyOrder(ImportFormat.HTML, ImportFormat.DOCX);
    assertThat(Libraries.exportFormats(without("com.openhtmltopdf."))).doesNotContain(ExportFormat.PDF).contains(ExportFormat.HTML);
    assertThat(Libraries.exportFormats(without("org."))).containsExactly(ExportFormat.TEXT);
  }
}
