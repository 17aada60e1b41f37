package dev.switchboard.edge.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DirectRoutesTest {

  @Test
  void aPlainPathIsTheTargetWithoutItsQuery() {
    assertThat(DirectRoutes.plainPath("/v1/variables/new-checkout"))
        .isEqualTo("/v1/variables/new-checkout");
    assertThat(DirectRoutes.plainPath("/v1/variables?x=%20")).isEqualTo("/v1/variables");
    assertThat(DirectRoutes.plainPath("/sdk/v1/config/server/server-abc_1.json"))
        .isEqualTo("/sdk/v1/config/server/server-abc_1.json");
    assertThat(DirectRoutes.plainPath("/a/b~c!$&'()*+,=:@")).isEqualTo("/a/b~c!$&'()*+,=:@");
  }

  @Test
  void encodedPathsMatrixParametersAndOtherFormsGoOnToWebFlux() {
    assertThat(DirectRoutes.plainPath("/v1/variables/new%2Dcheckout")).isNull();
    assertThat(DirectRoutes.plainPath("/v1/variables/new-checkout;a=b")).isNull();
    assertThat(DirectRoutes.plainPath("/v1/variables/new checkout")).isNull();
    assertThat(DirectRoutes.plainPath("/v1/variables/{key}")).isNull();
    assertThat(DirectRoutes.plainPath("http://host/v1/variables")).isNull();
    assertThat(DirectRoutes.plainPath("*")).isNull();
    assertThat(DirectRoutes.plainPath("")).isNull();
  }
}
