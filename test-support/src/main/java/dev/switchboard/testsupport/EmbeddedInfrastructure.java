package dev.switchboard.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the embedded servers a test class needs before its first test, once per JVM, and injects
 * {@link PostgresDatabase} parameters.
 *
 * <p>Every server also starts lazily on first use ({@link Postgres}, {@link Kafka}, {@link Redis}),
 * so the annotation is not required for correctness; it moves the start-up cost out of the first
 * test's timing and documents what the class depends on.
 *
 * <p>A test method, lifecycle method or constructor parameter of type {@link PostgresDatabase}
 * receives a database created for the test class: every parameter in one class gets the same
 * database, and no other class sees it.
 *
 * <pre>{@code
 * @EmbeddedInfrastructure({Server.POSTGRES, Server.KAFKA})
 * class OutboxRelayIT {
 *   @Test
 *   void relaysEveryRow(PostgresDatabase database) { ... Kafka.bootstrapServers() ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedInfrastructureExtension.class)
public @interface EmbeddedInfrastructure {

  /** The servers to start before the class's first test; all of them by default. */
  Server[] value() default {Server.POSTGRES, Server.KAFKA, Server.REDIS};

  /** An embedded server that the extension can start. */
  enum Server {
    /** {@link Postgres}. */
    POSTGRES,
    /** {@link Kafka}. */
    KAFKA,
    /** {@link Redis}. */
    REDIS
  }
}
