package dev.switchboard.management.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title, version and bearer-token security (served at /v3/api-docs). */
@Configuration
class OpenApiConfiguration {
  @Bean
  OpenAPI switchboardManagementApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Switchboard management API")
                .version("v1")
                .description(
                    "Projects, environments, SDK keys, features, targeting, audiences, audit log"
                        + " and API tokens. Errors are RFC 7807 problem details. Targeting rules"
                        + " and audience filters use the config document format"
                        + " (docs/config-format.md)."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "token", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
        .addSecurityItem(new SecurityRequirement().addList("token"));
  }
}
