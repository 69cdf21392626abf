package dev.collab.sample;

import dev.collab.jpa.JpaDocumentStore;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.hibernate.jpa.HibernatePersistenceProvider;
import org.jspecify.annotations.Nullable;

/**
 * The persistence unit a {@code persistence.xml} would describe, as an object: RESOURCE_LOCAL on
 * the sample's pool, exactly the store's entity classes, no bean validation, no class transformer.
 */
final class CollabPersistenceUnit implements PersistenceUnitInfo {
  private final DataSource dataSource;
  private final ClassLoader loader;

  CollabPersistenceUnit(DataSource dataSource, ClassLoader loader) {
    this.dataSource = dataSource;
    this.loader = loader;
  }

  @Override
  public String getPersistenceUnitName() {
    return "collab-sample";
  }

  @Override
  public String getPersistenceProviderClassName() {
    return HibernatePersistenceProvider.class.getName();
  }

  @Override
  public PersistenceUnitTransactionType getTransactionType() {
    return PersistenceUnitTransactionType.RESOURCE_LOCAL;
  }

  @Override
  public @Nullable DataSource getJtaDataSource() {
    return null;
  }

  @Override
  public DataSource getNonJtaDataSource() {
    return dataSource;
  }

  @Override
  public List<String> getMappingFileNames() {
    return List.of();
  }

  @Override
  public List<URL> getJarFileUrls() {
    return List.of();
  }

  @Override
  public @Nullable URL getPersistenceUnitRootUrl() {
    return null;
  }

  @Override
  public List<String> getManagedClassNames() {
    return JpaDocumentStore.ENTITY_CLASSES.stream().map(Class::getName).toList();
  }

  @Override
  public boolean excludeUnlistedClasses() {
    return true;
  }

  @Override
  public SharedCacheMode getSharedCacheMode() {
    return SharedCacheMode.NONE;
  }

  @Override
  public ValidationMode getValidationMode() {
    return ValidationMode.NONE;
  }

  @Override
  public Properties getProperties() {
    return new Properties();
  }

  @Override
  public String getPersistenceXMLSchemaVersion() {
    return "3.0";
  }

  @Override
  public ClassLoader getClassLoader() {
    return loader;
  }

  @Override
  public void addTransformer(ClassTransformer transformer) {
    // no bytecode enhancement: the store's entities do not need it
  }

  @Override
  public ClassLoader getNewTempClassLoader() {
    return new URLClassLoader(new URL[0], loader);
  }
}
