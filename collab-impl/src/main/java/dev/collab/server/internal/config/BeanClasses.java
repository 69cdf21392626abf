package dev.collab.server.internal.config;

/**
 * The class of a bean as a person wants to read it (in the start-up log, the admin API): seen
 * through the container's client proxy, which is a synthetic subclass.
 */
public final class BeanClasses {
  private BeanClasses() {}

  /** The name of the class {@code bean}'s proxy (if any) stands for. */
  public static String name(Object bean) {
    Class<?> type = bean.getClass();
    while (type.getSuperclass() != null && type.getSuperclass() != Object.class
        && (type.isSynthetic() || type.getName().contains("$Proxy") || type.getName().contains("$$"))) {
      type = type.getSuperclass();
    }
    return type.getName();
  }
}
