package dev.collab.server.it;

import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;

/**
 * {@code hibernate.type.json_format_mapper} of {@link ServerProcess}'s persistence unit: the store
 * maps no JSON attributes, but Hibernate 6.6 sees the JSON-B API of the test class path (the
 * Jakarta EE API jar, without an implementation) and would fail to create one.
 *
 * <p>The sample app has the same class in its main code (its WAR builds its own persistence unit
 * at run time); this module's tests cannot use that one (sample-app depends on collab-impl), and
 * collab-jpa, which both see, is written to depend on no JPA provider, so each keeps its own.
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
