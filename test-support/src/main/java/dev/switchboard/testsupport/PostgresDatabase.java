package dev.switchboard.testsupport;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh, empty database on the JVM's embedded PostgreSQL server, created by {@link
 * Postgres#newDatabase()}.
 *
 * <p>The server trusts every local connection, so {@code password} is accepted but not checked; it
 * is there for configurations that insist on one.
 *
 * @param name the database name, unique within the JVM
 * @param jdbcUrl a JDBC URL without credentials, e.g. {@code
 *     jdbc:postgresql://localhost:54321/test_3}
 * @param username a superuser, so migrations may create extensions and schemas
 * @param password the password to configure (not checked by the server)
 */
public record PostgresDatabase(String name, String jdbcUrl, String username, String password) {

  /**
   * A new, unpooled {@link DataSource} for this database: every {@code getConnection()} opens a
   * physical connection. Wrap it in a pool if a test opens many connections.
   */
  public DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(jdbcUrl);
    dataSource.setUser(username);
    dataSource.setPassword(password);
    return dataSource;
  }
}
