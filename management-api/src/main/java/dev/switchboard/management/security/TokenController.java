package dev.switchboard.management.security;

import dev.switchboard.management.audit.AuditLog;
import dev.switchboard.management.web.ApiException;
import dev.switchboard.management.web.Keys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** API tokens: created (and shown) once, listed without their secret, revoked. Admins only. */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {
  private final ApiTokenRepository tokens;
  private final AuditLog audit;
  private final Clock clock;

  TokenController(ApiTokenRepository tokens, AuditLog audit, Clock clock) {
    this.tokens = tokens;
    this.audit = audit;
    this.clock = clock;
  }

  record CreateToken(
      @NotBlank @Size(max = 200) String name,
      @NotNull @Pattern(regexp = "viewer|editor|admin") String role,
      @Nullable List<@Pattern(regexp = Keys.PATTERN) String> projects) {}

  record TokenView(
      UUID id,
      String name,
      String role,
      @Nullable List<String> projects,
      Instant createdAt,
      String createdBy,
      @Nullable Instant revokedAt) {
    static TokenView of(ApiToken token) {
      return new TokenView(
          token.id,
          token.name,
          token.role,
          token.projects,
          token.createdAt,
          token.createdBy,
          token.revokedAt);
    }
  }

  /** The one response that carries the secret. */
  record CreatedToken(TokenView token, String secret) {}

  @GetMapping
  List<TokenView> list(Caller caller) {
    caller.requireUnscoped(Role.ADMIN);
    return tokens.findAllByOrderByCreatedAtAsc().stream().map(TokenView::of).toList();
  }

  @PostMapping
  @Transactional
  ResponseEntity<CreatedToken> create(Caller caller, @Valid @RequestBody CreateToken request) {
    caller.requireUnscoped(Role.ADMIN);
    String secret = Secrets.generate("sbt_");
    ApiToken token =
        tokens.save(
            new ApiToken(
                request.name(),
                Secrets.sha256(secret),
                Role.fromWireName(request.role()),
                request.projects() == null ? null : List.copyOf(request.projects()),
                caller.name(),
                clock.instant()));
    audit.record(caller, null, "token", token.id.toString(), "create", null, TokenView.of(token));
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new CreatedToken(TokenView.of(token), secret));
  }

  @DeleteMapping("/{id}")
  @Transactional
  ResponseEntity<Void> revoke(Caller caller, @PathVariable UUID id) {
    caller.requireUnscoped(Role.ADMIN);
    ApiToken token = tokens.findById(id).orElseThrow(() -> ApiException.notFound("token " + id));
    if (token.revokedAt == null) {
      TokenView before = TokenView.of(token);
      token.revokedAt = clock.instant();
      audit.record(caller, null, "token", id.toString(), "revoke", before, TokenView.of(token));
    }
    return ResponseEntity.noContent().build();
  }
}
