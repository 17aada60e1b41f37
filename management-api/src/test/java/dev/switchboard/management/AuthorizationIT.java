package dev.switchboard.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authorization matrix: each role × each resource kind × its own and a foreign project. A token
 * limited to one project can neither read nor change another.
 */
class AuthorizationIT extends ManagementApiTestBase {
  private String own;
  private String foreign;
  private final Map<String, String> tokens = new java.util.HashMap<>();

  /** An operation on a project; {@code needs} is the least role allowed to do it. */
  private record Operation(String name, String needs, String method, String path, Object body) {}

  @BeforeEach
  void projectsAndTokens() {
    own = createProject(unique("own"));
    foreign = createProject(unique("foreign"));
    for (String project : List.of(own, foreign)) {
      createFeature(project, "checkout", ADMIN);
      api.post(
          "/api/v1/projects/" + project + "/audiences",
          ADMIN,
          Map.of("key", "beta", "name", "Beta", "filter", Map.of("type", "all")));
    }
    for (String role : List.of("viewer", "editor", "admin")) {
      ApiClient.Response created =
          api.post(
              "/api/v1/tokens",
              ADMIN,
              Map.of("name", role + "-of-" + own, "role", role, "projects", List.of(own)));
      assertThat(created.status()).as(created.raw()).isEqualTo(201);
      tokens.put(role, created.body().get("secret").stringValue());
    }
  }

  private List<Operation> operations(String project) {
    String base = "/api/v1/projects/" + project;
    String targeting = base + "/features/checkout/targeting/staging";
    return List.of(
        new Operation("read project", "viewer", "GET", base, null),
        new Operation("rename project", "editor", "PATCH", base, Map.of("name", "Renamed")),
        new Operation("list environments", "viewer", "GET", base + "/environments", null),
        new Operation("create environment", "editor", "POST", base + "/environments", null),
        new Operation("read keys", "editor", "GET", base + "/environments/staging/keys", null),
        new Operation(
            "rotate key",
            "editor",
            "POST",
            base + "/environments/staging/keys/client/rotate",
            null),
        new Operation("list features", "viewer", "GET", base + "/features", null),
        new Operation("read feature", "viewer", "GET", base + "/features/checkout", null),
        new Operation("create feature", "editor", "POST", base + "/features", null),
        new Operation(
            "update feature",
            "editor",
            "PATCH",
            base + "/features/checkout",
            Map.of("name", "Checkout 2")),
        new Operation("read targeting", "viewer", "GET", targeting, null),
        new Operation("write targeting", "editor", "PUT", targeting, Map.of("on", false)),
        new Operation("kill switch", "editor", "POST", targeting + "/off", null),
        new Operation("list audiences", "viewer", "GET", base + "/audiences", null),
        new Operation(
            "update audience",
            "editor",
            "PUT",
            base + "/audiences/beta",
            Map.of("name", "Beta", "filter", Map.of("type", "all"))),
        new Operation("read audit log", "viewer", "GET", base + "/audit", null));
  }

  @Test
  void everyRoleGetsExactlyWhatItNeedsOnItsOwnProjectAndNothingOnAnother() {
    List<String> roles = List.of("viewer", "editor", "admin");
    List<String> failures = new ArrayList<>();
    for (String project : List.of(own, foreign)) {
      for (Operation operation : operations(project)) {
        for (String role : roles) {
          boolean allowed =
              project.equals(own) && roles.indexOf(role) >= roles.indexOf(operation.needs());
          ApiClient.Response response = perform(operation, tokens.get(role));
          boolean ok = response.status() < 300;
          boolean expectedStatus = allowed ? ok : response.status() == 403;
          if (!expectedStatus) {
            failures.add(
                role
                    + " "
                    + operation.name()
                    + " on "
                    + (project.equals(own) ? "own" : "foreign")
                    + ": "
                    + response.status()
                    + " "
                    + response.raw());
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void missingOrUnknownTokensGet401() {
    ApiClient.Response none = api.get("/api/v1/projects/" + own, null);
    ApiClient.Response bad = api.get("/api/v1/projects/" + own, "sbt_not-a-real-token");
    for (ApiClient.Response response : List.of(none, bad)) {
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.problemType())
          .isEqualTo("https://switchboard.dev/problems/unauthenticated");
    }
  }

  @Test
  void scopedTokensListOnlyTheirProjectsAndCannotManageTokensOrCreateProjects() {
    ApiClient.Response list = api.get("/api/v1/projects?limit=500", tokens.get("admin"));
    assertThat(list.status()).isEqualTo(200);
    List<String> keys = new ArrayList<>();
    list.body().get("items").forEach(item -> keys.add(item.get("key").stringValue()));
    assertThat(keys).containsExactly(own);
    assertThat(api.get("/api/v1/tokens", tokens.get("admin")).status()).isEqualTo(403);
    assertThat(
            api.post(
                    "/api/v1/projects",
                    tokens.get("admin"),
                    Map.of("key", unique("x"), "name", "X"))
                .status())
        .isEqualTo(403);
  }

  @Test
  void aRevokedTokenStopsWorkingAndTheSecretIsNeverShownAgain() {
    ApiClient.Response created =
        api.post("/api/v1/tokens", ADMIN, Map.of("name", "temporary", "role", "viewer"));
    String secret = created.body().get("secret").stringValue();
    String id = created.body().get("token").get("id").stringValue();
    assertThat(secret).startsWith("sbt_").hasSizeGreaterThanOrEqualTo(4 + 43); // 256 bits
    assertThat(api.get("/api/v1/projects/" + own, secret).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/tokens", ADMIN).raw()).doesNotContain(secret);
    assertThat(
            jdbc.sql("select count(*) from api_token where token_hash = :s")
                .param("s", secret)
                .query(Long.class)
                .single())
        .isZero(); // stored hashed

    assertThat(api.delete("/api/v1/tokens/" + id, ADMIN).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/projects/" + own, secret).status()).isEqualTo(401);
  }

  private ApiClient.Response perform(Operation operation, String token) {
    Object body = operation.body();
    if (operation.name().equals("create feature")) {
      return createFeature(operation.path().split("/")[4], unique("f"), token);
    }
    if (operation.name().equals("create environment")) {
      body = Map.of("key", unique("qa"), "name", "QA"); // a fresh key for every attempt
    }
    return api.send(operation.method(), operation.path(), token, body, Map.of());
  }
}
