package dev.collab.tck;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name of one of a kit's {@code @Nested} groups. Not {@code @DisplayName}, which JUnit would
 * show as it is: {@link KitDisplayNames} adds the concrete test class to it, so two
 * implementations of a kit in one build report apart.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface KitGroup {
  /**
   * The group's name.
   *
   * @return the name, without the implementation
   */
  String value();
}
