package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.EmbeddedInfrastructure.Server;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@EmbeddedInfrastructure(Server.POSTGRES)
class PostgresIT {

  private static PostgresDatabase injectedBeforeAll;

  @BeforeAll
  static void rememberTheClassDatabase(PostgresDatabase database) {
    injectedBeforeAll = database;
  }

  @Test
  void eachNewDatabaseIsEmptyAndIsolated() throws SQLException {
    PostgresDatabase first = Postgres.newDatabase();
    PostgresDatabase second = Postgres.newDatabase();

    execute(first, "CREATE TABLE feature (key text PRIMARY KEY)");
    execute(first, "INSERT INTO feature VALUES ('new-checkout')");

    assertThat(first.name()).isNotEqualTo(second.name());
    assertThat(queryInt(first, "SELECT count(*) FROM feature")).isEqualTo(1);
    assertThat(queryInt(second, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
        .isZero();
  }

  @Test
  void aSelectRunsOnTheDatabaseTheUrlNames() throws SQLException {
    PostgresDatabase database = Postgres.newDatabase();

    assertThat(database.jdbcUrl())
        .startsWith("jdbc:postgresql://localhost:")
        .endsWith(database.name());
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT current_database(), version()")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getString(1)).isEqualTo(database.name());
      assertThat(result.getString(2)).startsWith("PostgreSQL 17");
    }
  }

  @Test
  void injectedDatabaseBelongsToTheTestClass(PostgresDatabase database, PostgresDatabase again) {
    assertThat(again).isEqualTo(database).isEqualTo(injectedBeforeAll);
    assertThat(Postgres.newDatabase()).isNotEqualTo(database);
  }

  static void execute(PostgresDatabase database, String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  static int queryInt(PostgresDatabase database, String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getInt(1);
    }
  }
}
