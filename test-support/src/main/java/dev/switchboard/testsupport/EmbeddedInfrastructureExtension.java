package dev.switchboard.testsupport;

import dev.switchboard.testsupport.EmbeddedInfrastructure.Server;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link EmbeddedInfrastructure}; register it with {@code @ExtendWith} only
 * where the annotation cannot be used.
 */
public final class EmbeddedInfrastructureExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedInfrastructureExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    Server[] servers =
        AnnotationSupport.findAnnotation(
                context.getRequiredTestClass(), EmbeddedInfrastructure.class)
            .map(EmbeddedInfrastructure::value)
            .orElse(Server.values());
    for (Server server : servers) {
      switch (server) {
        case POSTGRES -> Postgres.ensureStarted();
        case KAFKA -> Kafka.bootstrapServers();
        case REDIS -> Redis.port();
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PostgresDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return databaseOf(context);
  }

  /** The test class's database, created on first request and kept in the class-level store. */
  private static PostgresDatabase databaseOf(ExtensionContext context) {
    ExtensionContext classContext = classLevel(context);
    return classContext
        .getStore(NAMESPACE)
        .computeIfAbsent(
            classContext.getRequiredTestClass(),
            key -> Postgres.newDatabase(),
            PostgresDatabase.class);
  }

  private static ExtensionContext classLevel(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }
}
