package dev.collab.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.Access;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The listener put between a session and its connection when the engine has an observer (metrics)
 * must pass every call on: a default method it does not override would do the default's thing
 * instead of the connection's (that is how the wire message {@code access} got lost under metrics,
 * and an administrator's unload answered {@code draining} instead of closing with 1001).
 */
class RejectionCounterTest {

  @Test
  @DisplayName("it overrides every method of SessionListener, the default ones included")
  void overridesEverything() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Method method : SessionListener.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Method own = RejectionCounter.class.getMethod(method.getName(), method.getParameterTypes());
      if (own.getDeclaringClass() != RejectionCounter.class) {
        missing.add(method.getName());
      }
    }
    assertThat(missing).as("methods left to SessionListener's defaults").isEmpty();
  }

  @Test
  @DisplayName("an access change and an unload reach the connection's own listener")
  void passesAccessAndUnloadOn() {
    List<String> heard = new ArrayList<>();
    SessionListener connection = (SessionListener) java.lang.reflect.Proxy.newProxyInstance(
        SessionListener.class.getClassLoader(), new Class<?>[] {SessionListener.class},
        (proxy, method, args) -> {
          heard.add(method.getName());
          return null;
        });
    SessionListener wrapped = RejectionCounter.wrap(connection, new EngineObserver() {});
    assertThat(wrapped).isInstanceOf(RejectionCounter.class);
    wrapped.accessChanged("doc", Access.READ);
    wrapped.unloaded("doc");
    assertThat(heard).containsExactly("accessChanged", "unloaded");
  }
}
