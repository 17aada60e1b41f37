package dev.switchboard.management.security;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface ApiTokenRepository extends JpaRepository<ApiToken, UUID> {
  Optional<ApiToken> findByTokenHashAndRevokedAtIsNull(String tokenHash);

  List<ApiToken> findAllByOrderByCreatedAtAsc();
}
