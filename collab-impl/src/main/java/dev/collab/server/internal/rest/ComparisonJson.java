package dev.collab.server.internal.rest;

import dev.collab.VersionComparison;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.JsonLimits;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/**
 * A {@link VersionComparison} as JSON: {@code {id, from, to, authorsKnown, authors: [{id, name}],
 * diff: [Delta ops], parts: [{kind, text, attributes, changedFormats?, author?}]}}, kinds in lower
 * case ({@code unchanged}, {@code inserted}, {@code deleted}, {@code formatted}).
 */
final class ComparisonJson {
  private ComparisonJson() {}

  static String render(VersionComparison comparison) {
    JsonArrayBuilder authors = BoundedJson.PROVIDER.createArrayBuilder();
    comparison.authors().values().forEach(a -> authors.add(BoundedJson.PROVIDER.createObjectBuilder()
        .add("id", a.id()).add("name", a.name())));
    JsonArrayBuilder parts = BoundedJson.PROVIDER.createArrayBuilder();
    for (VersionComparison.Part part : comparison.parts()) {
      JsonObjectBuilder json = BoundedJson.PROVIDER.createObjectBuilder()
          .add("kind", part.kind().name().toLowerCase(java.util.Locale.ROOT)).add("text", part.text())
          .add("attributes", BoundedJson.read(part.attributes(), JsonLimits.STORAGE));
      if (part.kind() == VersionComparison.Kind.FORMATTED) {
        json.add("changedFormats", BoundedJson.read(part.changedFormats(), JsonLimits.STORAGE));
      }
      if (part.author() != null) {
        json.add("author", part.author().id());
      }
      parts.add(json);
    }
    return BoundedJson.escapeLoneSurrogates(BoundedJson.PROVIDER.createObjectBuilder()
        .add("id", comparison.documentId()).add("from", comparison.from()).add("to", comparison.to())
        .add("authorsKnown", comparison.authorsKnown()).add("authors", authors)
        .add("diff", BoundedJson.read(comparison.diff(), JsonLimits.STORAGE)).add("parts", parts)
        .build().toString());
  }
}
