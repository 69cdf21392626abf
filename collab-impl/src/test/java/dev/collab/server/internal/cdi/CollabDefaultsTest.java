package dev.collab.server.internal.cdi;

import dev.collab.server.internal.config.CollabSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.LocalClusterBus;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defaults that would lose or split data refuse to start unless asked for, with a message that
 * names the fix; settings come from the application's {@code META-INF/microprofile-config.properties}
 * where the server has no MicroProfile Config. Each case runs with an application class loader of
 * its own (the test class path's own properties file asks for the in-memory store), whose settings
 * are parsed once ({@link CollabSettings#deployed()}) and forgotten at its end.
 */
class CollabDefaultsTest {
  @TempDir Path dir;

  @AfterEach
  void clearProperties() {
    System.clearProperty("collab.store");
    System.clearProperty("collab.nodes");
  }

  /** Runs {@code call} as an application whose class path holds only {@code properties} (null: no file). */
  private <T> T inApplication(String properties, Callable<T> call) throws Exception {
    Path classes = Files.createDirectories(dir.resolve("app-" + System.nanoTime()));
    if (properties != null) {
      Path file = Files.createDirectories(classes.resolve("META-INF")).resolve("microprofile-config.properties");
      Files.writeString(file, properties, StandardCharsets.UTF_8);
    }
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (URLClassLoader application = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, null)) {
      thread.setContextClassLoader(application);
      try {
        return call.call();
      } finally {
        CollabSettings.undeployed(null);
      }
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @Test
  @DisplayName("without collab.store=memory the in-memory store refuses, naming the CDI 4.0 form and the setting")
  void inMemoryStoreRefusesUnlessAskedFor() {
    assertThatThrownBy(() -> inApplication(null, () -> new CollabDefaults().documentStore(CollabSettings.deployed())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the application provides no DocumentStore bean")
        .hasMessageContaining("@Alternative @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION)")
        .hasMessageContaining("put both annotations on the class that declares it")
        .hasMessageContaining("set collab.store=memory");
    assertThatThrownBy(() -> inApplication("collab.store=jpa\n", () -> new CollabDefaults().documentStore(CollabSettings.deployed())))
        .hasMessageContaining("collab.store=jpa is not a store Collab provides");
  }

  @Test
  @DisplayName("collab.store=memory from the WAR's properties file or a system property gives the in-memory store")
  void inMemoryStoreWhenAskedFor() throws Exception {
    assertThat(inApplication("collab.store = memory\n", () -> new CollabDefaults().documentStore(CollabSettings.deployed())))
        .isInstanceOf(InMemoryDocumentStore.class);
    System.setProperty("collab.store", "memory");
    assertThat(inApplication(null, () -> new CollabDefaults().documentStore(CollabSettings.deployed()))).isInstanceOf(InMemoryDocumentStore.class);
  }

  @Test
  @DisplayName("a system property outranks the properties file, as in MicroProfile Config")
  void systemPropertyOutranksTheFile() throws Exception {
    System.setProperty("collab.store", "nothing-like-it");
    assertThatThrownBy(() -> inApplication("collab.store=memory\n", () -> new CollabDefaults().documentStore(CollabSettings.deployed())))
        .hasMessageContaining("collab.store=nothing-like-it");
  }

  @Test
  @DisplayName("the in-JVM bus serves one node and refuses when collab.nodes says there are more")
  void localBusRefusesSeveralNodes() throws Exception {
    assertThat(inApplication(null, () -> new CollabDefaults().clusterBus(CollabSettings.deployed()))).isInstanceOf(LocalClusterBus.class);
    assertThat(inApplication("collab.nodes=1\n", () -> new CollabDefaults().clusterBus(CollabSettings.deployed()))).isInstanceOf(LocalClusterBus.class);
    assertThatThrownBy(() -> inApplication("collab.nodes=3\n", () -> new CollabDefaults().clusterBus(CollabSettings.deployed())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("collab.nodes=3")
        .hasMessageContaining("Set collab.bus=redis or collab.bus=jms");
    assertThatThrownBy(() -> inApplication("collab.nodes=0\n", () -> new CollabDefaults().clusterBus(CollabSettings.deployed())))
        .hasMessageContaining("collab.nodes=0 is not valid");
  }

  /** An application's bean class, and a subclass named as Weld names its client proxies. */
  static class ApplicationStore {}

  static class ApplicationStore$Proxy$_$$_WeldClientProxy extends ApplicationStore {}

  @Test
  @DisplayName("the start-up log names a bean's own class, not its container proxy's")
  void beanClassSeesThroughProxies() {
    assertThat(CollabProducer.beanClass(new ApplicationStore$Proxy$_$$_WeldClientProxy())).isEqualTo(ApplicationStore.class.getName());
    assertThat(CollabProducer.beanClass(new ApplicationStore())).isEqualTo(ApplicationStore.class.getName());
    assertThat(CollabProducer.beanClass(new InMemoryDocumentStore())).isEqualTo(InMemoryDocumentStore.class.getName());
  }
}
