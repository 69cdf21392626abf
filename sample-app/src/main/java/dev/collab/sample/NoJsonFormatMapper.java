package dev.collab.sample;

import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;

/**
 * {@code hibernate.type.json_format_mapper}: Collab's entities map no JSON attributes, and without
 * this Hibernate 6.6 tries to create a JSON-B mapper whenever the JSON-B API is visible (in the
 * unit tests without an implementation).
 */
public final class NoJsonFormatMapper implements FormatMapper {
  @Override
  public <T> T fromString(CharSequence value, JavaType<T> type, WrapperOptions options) {
    throw new UnsupportedOperationException("no JSON attributes in Collab's entities");
  }

  @Override
  public <T> String toString(T value, JavaType<T> type, WrapperOptions options) {
    throw new UnsupportedOperationException("no JSON attributes in Collab's entities");
  }
}
