package dev.switchboard.bucketing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ConfigDocumentTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Features: {@code public-banner} (client-visible, with a prerequisite on {@code secret-backend},
   * which is not, and an audience chain beta → staff), {@code public-theme} (client-visible,
   * prerequisite on public-banner), {@code secret-backend} (server only, using audience {@code
   * internal}).
   */
  private static final String DOCUMENT =
      """
      {"schemaVersion": 1, "project": {"key": "shop", "id": "p-1"},
       "environment": {"key": "production", "id": "e-1"}, "version": 12,
       "features": [
         {"key": "public-banner", "clientVisible": true, "seed": null,
          "variations": [{"key": "off", "values": {"banner": false}},
                         {"key": "on", "values": {"banner": true}}],
          "targeting": {"on": true, "offVariation": "off", "rules": [
            {"id": "needs-backend",
             "audience": {"type": "and", "filters": [
               {"type": "prerequisite", "feature": "secret-backend", "variations": ["new"]},
               {"type": "all"}]},
             "serve": {"variation": "on"}},
            {"id": "beta", "audience": {"type": "audience", "audience": "beta"},
             "serve": {"variation": "on"}}]}},
         {"key": "public-theme", "clientVisible": true,
          "variations": [{"key": "light", "values": {"theme": "light", "theme-extra": null}},
                         {"key": "dark", "values": {"theme": "dark", "theme-extra": {"a": 1}}}],
          "targeting": {"on": true, "rules": [
            {"id": "banner-users",
             "audience": {"type": "prerequisite", "feature": "public-banner", "variations": ["on"]},
             "serve": {"variation": "dark"}}]}},
         {"key": "secret-backend", "clientVisible": false,
          "variations": [{"key": "old", "values": {"backend": "old"}},
                         {"key": "new", "values": {"backend": "new"}}],
          "targeting": {"on": true, "rules": [
            {"id": "internal", "audience": {"type": "audience", "audience": "internal"},
             "serve": {"variation": "new"}}]}}],
       "variables": [
         {"key": "banner", "type": "boolean", "feature": "public-banner"},
         {"key": "theme", "type": "string", "feature": "public-theme"},
         {"key": "theme-extra", "type": "json", "feature": "public-theme"},
         {"key": "backend", "type": "string", "feature": "secret-backend"}],
       "audiences": [
         {"key": "beta", "filter": {"type": "audience", "audience": "staff"}},
         {"key": "internal", "filter": {"type": "users", "ids": ["ops-1"]}},
         {"key": "staff", "filter": {"type": "attribute", "attribute": "email",
                                     "operator": "endsWith", "values": ["@shop.example"]}}]}
      """;

  private static ConfigDocument document() throws InvalidConfigException {
    return ConfigDocument.parse(DOCUMENT.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theCompactFormHasNoWhitespaceAndNoNullMembers() throws Exception {
    String compact = new String(document().toBytes(), StandardCharsets.UTF_8);

    assertThat(compact).doesNotContain(" ").doesNotContain("\n").doesNotContain("\"seed\"");
    assertThat(compact)
        .startsWith("{\"schemaVersion\":1,\"project\":{\"key\":\"shop\",\"id\":\"p-1\"}");
  }

  @Test
  void writeToWritesTheBytesOfToBytesAndLeavesTheStreamOpen() throws Exception {
    var out =
        new java.io.ByteArrayOutputStream() {
          boolean closed;

          @Override
          public void close() {
            closed = true;
          }
        };

    document().writeTo(out);

    assertThat(out.toByteArray()).isEqualTo(document().toBytes());
    assertThat(out.closed).isFalse();
  }

  @Test
  void aDocumentInsideALargerMessageIsReadFromItsRange() throws Exception {
    byte[] message = ("[" + DOCUMENT + ",1]").getBytes(StandardCharsets.UTF_8);
    int length = DOCUMENT.getBytes(StandardCharsets.UTF_8).length;

    assertThat(ConfigDocument.parse(message, 1, length).toBytes()).isEqualTo(document().toBytes());
    assertThatThrownBy(() -> ConfigDocument.parse(message, 1, length + 1))
        .isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(() -> ConfigDocument.parse(message, 1, message.length))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aJsonVariableWhoseValueIsNullKeepsIt() throws Exception {
    ConfigDocument document = document();
    JsonNode tree = JSON.readTree(document.toBytes());

    assertThat(tree.at("/features/1/variations/0/values").has("theme-extra")).isTrue();
    assertThat(tree.at("/features/1/variations/0/values/theme-extra").isNull()).isTrue();
    Evaluation<Object> light =
        Evaluator.of(document.config())
            .jsonVariable(User.builder("nobody").build(), "theme-extra", "default");
    assertThat(light.variationKey()).isNull(); // no rule applies: the caller's default
  }

  @Test
  void theDocumentIsWhatTheEngineReads() throws Exception {
    ConfigDocument document = document();
    Config reparsed = Config.parse(document.toBytes());

    assertThat(document.version()).isEqualTo(12);
    assertThat(reparsed.featureKeys())
        .containsExactly("public-banner", "public-theme", "secret-backend");
    assertThat(document.config().variableKeys()).isEqualTo(reparsed.variableKeys());
  }

  @Test
  void anInvalidDocumentIsRejectedWithItsPointer() {
    String invalid = DOCUMENT.replace("\"offVariation\": \"off\"", "\"offVariation\": \"nope\"");

    assertThatThrownBy(() -> ConfigDocument.parse(invalid.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(
            e ->
                assertThat(((InvalidConfigException) e).pointer())
                    .isEqualTo("/features/0/targeting/offVariation"));
    assertThatThrownBy(() -> ConfigDocument.parse("[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(() -> ConfigDocument.parse("{".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidConfigException.class);
  }

  @Test
  void theClientViewHoldsOnlyClientVisibleFeaturesAndTheirVariables() throws Exception {
    ConfigDocument client = document().clientView();
    String json = new String(client.toBytes(), StandardCharsets.UTF_8);

    assertThat(client.config().featureKeys()).containsExactly("public-banner", "public-theme");
    assertThat(client.config().variableKeys()).containsExactly("banner", "theme", "theme-extra");
    assertThat(json).doesNotContain("secret-backend").doesNotContain("\"backend\"");
    assertThat(client.version()).isEqualTo(12);
  }

  /**
   * The client view's exact bytes, pinned: they are what config-service writes and hashes into the
   * ETag, so a change here rewrites every client object (bump config-service's format revision).
   */
  @Test
  void theClientViewsBytesDoNotChange() throws Exception {
    String expected =
        "{\"schemaVersion\":1,\"project\":{\"key\":\"shop\",\"id\":\"p-1\"},\"environment\":{"
            + "\"key\":\"production\",\"id\":\"e-1\"},\"version\":12,\"features\":[{\"key\":\"publi"
            + "c-banner\",\"clientVisible\":true,\"variations\":[{\"key\":\"off\",\"values\":{\"ban"
            + "ner\":false}},{\"key\":\"on\",\"values\":{\"banner\":true}}],\"targeting\":{\"on\":t"
            + "rue,\"offVariation\":\"off\",\"rules\":[{\"id\":\"needs-backend\",\"audience\":{\"ty"
            + "pe\":\"and\",\"filters\":[{\"type\":\"serverOnlyPrerequisite\"},{\"type\":\"all\"}]}"
            + ",\"serve\":{\"variation\":\"on\"}},{\"id\":\"beta\",\"audience\":{\"type\":\"audienc"
            + "e\",\"audience\":\"beta\"},\"serve\":{\"variation\":\"on\"}}]}},{\"key\":\"public-th"
            + "eme\",\"clientVisible\":true,\"variations\":[{\"key\":\"light\",\"values\":{\"theme"
            + "\":\"light\",\"theme-extra\":null}},{\"key\":\"dark\",\"values\":{\"theme\":\"dark\""
            + ",\"theme-extra\":{\"a\":1}}}],\"targeting\":{\"on\":true,\"rules\":[{\"id\":\"banner"
            + "-users\",\"audience\":{\"type\":\"prerequisite\",\"feature\":\"public-banner\",\"var"
            + "iations\":[\"on\"]},\"serve\":{\"variation\":\"dark\"}}]}}],\"variables\":[{\"key\":"
            + "\"banner\",\"type\":\"boolean\",\"feature\":\"public-banner\"},{\"key\":\"theme\",\""
            + "type\":\"string\",\"feature\":\"public-theme\"},{\"key\":\"theme-extra\",\"type\":\""
            + "json\",\"feature\":\"public-theme\"}],\"audiences\":[{\"key\":\"beta\",\"filter\":{"
            + "\"type\":\"audience\",\"audience\":\"staff\"}},{\"key\":\"staff\",\"filter\":{\"type"
            + "\":\"attribute\",\"attribute\":\"email\",\"operator\":\"endsWith\",\"values\":[\"@sh"
            + "op.example\"]}}]}";

    assertThat(new String(document().clientView().toBytes(), StandardCharsets.UTF_8))
        .isEqualTo(expected);
  }

  @Test
  void theClientViewLeavesTheServerDocumentAsItWas() throws Exception {
    ConfigDocument server = document();
    byte[] before = server.toBytes();

    server.clientView();

    assertThat(server.toBytes()).isEqualTo(before);
    assertThat(ConfigDocument.parse(before).clientView().toBytes())
        .isEqualTo(server.clientView().toBytes());
  }

  @Test
  void theClientViewKeepsOnlyTheAudiencesItsRulesReach() throws Exception {
    JsonNode client = JSON.readTree(document().clientView().toBytes());

    assertThat(client.get("audiences").findValuesAsString("key")).containsExactly("beta", "staff");
  }

  @Test
  void aPrerequisiteOnAServerOnlyFeatureFailsClosedInTheClientView() throws Exception {
    ConfigDocument client = document().clientView();
    User opsUser = User.builder("ops-1").build();

    // on the server, ops-1 gets secret-backend "new", so the first rule serves "on"
    assertThat(Evaluator.of(document().config()).feature(opsUser, "public-banner").ruleId())
        .isEqualTo("needs-backend");
    // in the client view that rule never applies
    FeatureEvaluation clientSide = Evaluator.of(client.config()).feature(opsUser, "public-banner");
    assertThat(clientSide.reason()).isEqualTo(Reason.DEFAULT);
    assertThat(client.config().warnings())
        .extracting(ConfigWarning::pointer)
        .containsExactly("/features/0/targeting/rules/0/audience/filters/0");
    assertThat(new String(client.toBytes(), StandardCharsets.UTF_8))
        .contains("{\"type\":\"" + ConfigDocument.SERVER_ONLY_PREREQUISITE + "\"}");
  }

  @Test
  void clientVisibleFeaturesEvaluateInTheClientViewAsOnTheServer() throws Exception {
    Evaluator server = Evaluator.of(document().config());
    Evaluator client = Evaluator.of(document().clientView().config());

    for (User user :
        new User[] {
          User.builder("a").email("a@shop.example").build(),
          User.builder("b").email("b@elsewhere.example").build()
        }) {
      assertThat(client.feature(user, "public-banner"))
          .isEqualTo(server.feature(user, "public-banner"));
      assertThat(client.feature(user, "public-theme"))
          .isEqualTo(server.feature(user, "public-theme"));
    }
    User staff = User.builder("a").email("a@shop.example").build();
    assertThat(client.feature(staff, "public-theme").variationKey()).isEqualTo("dark");
  }

  @Test
  void theDocumentsMatchThePublishedSchema() throws Exception {
    var schema =
        com.networknt.schema.SchemaRegistry.withDefaultDialect(
                com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
            .getSchema(
                JSON.readTree(Files.readAllBytes(Path.of("..", "docs", "config-schema.json"))));

    assertThat(schema.validate(JSON.readTree(document().toBytes()))).isEmpty();
    assertThat(schema.validate(JSON.readTree(document().clientView().toBytes()))).isEmpty();
  }

  @Test
  void theExamplesSurviveTheRoundTrip() throws Exception {
    byte[] example = Files.readAllBytes(Path.of("..", "docs", "examples", "everything.json"));
    ConfigDocument document = ConfigDocument.parse(example);

    assertThat(JSON.readTree(document.toBytes())).isEqualTo(JSON.readTree(example));
    assertThat(ConfigDocument.parse(document.toBytes()).toBytes()).isEqualTo(document.toBytes());
  }
}
