package dev.collab.server.it;

import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;

/**
 * {@code hibernate.type.json_format_mapper} of {@link ServerProcess}'s persistence unit: the store
 * maps no JSON attributes, but Hibernate 6.6 sees the JSON-B API of the test class path (the
 * Jakarta EE API jar, without an implementation) and would fail to create one.
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
