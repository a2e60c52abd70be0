package org.deskfleet.api.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Forged, unsigned, foreign, expired or misused tokens are refused with their reason. */
class TokenServiceTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void everyAlgorithmOfTheSettingSignsAndChecks(@TempDir Path keys) {
        for (String alg : new String[]{"HS256", "HS512", "RS256", "RS512", "ES256"}) {
            TokenService t = TokenService.withKeyIn(keys, alg);
            String token = t.issue("account:a", "s1", TokenService.Kind.ACCESS, NOW, NOW.plusSeconds(60));
            assertThat(t.verify(token, TokenService.Kind.ACCESS, NOW).sessionId()).isEqualTo("s1");
            // the key is kept: a restart checks the same tokens
            assertThat(TokenService.withKeyIn(keys, alg).verify(token, TokenService.Kind.ACCESS, NOW).accountId()).isEqualTo("account:a");
        }
        assertThatThrownBy(() -> TokenService.withKeyIn(keys, "none")).hasMessageContaining("HS256, HS512, RS256, RS512 or ES256");
    }

    @Test
    void badTokensAreRefused(@TempDir Path keys) {
        TokenService t = TokenService.withKeyIn(keys, "HS256");
        String good = t.issue("account:a", "s1", TokenService.Kind.ACCESS, NOW, NOW.plusSeconds(60));
        assertThatThrownBy(() -> t.verify(good, TokenService.Kind.ACCESS, NOW.plusSeconds(60))).hasMessage("token expired");
        assertThatThrownBy(() -> t.verify(good, TokenService.Kind.REFRESH, NOW)).hasMessage("not a refresh token of this server");
        // another server's key
        TokenService other = new TokenService("HS256", TokenService.generate(JWSAlgorithm.HS256));
        assertThatThrownBy(() -> t.verify(other.issue("account:a", "s1", TokenService.Kind.ACCESS, NOW, NOW.plusSeconds(60)),
                TokenService.Kind.ACCESS, NOW)).hasMessage("token signature is not valid");
        // another algorithm
        TokenService rs = TokenService.withKeyIn(keys, "RS256");
        assertThatThrownBy(() -> t.verify(rs.issue("account:a", "s1", TokenService.Kind.ACCESS, NOW, NOW.plusSeconds(60)),
                TokenService.Kind.ACCESS, NOW)).hasMessage("token signed with RS256, this server uses HS256");
        // alg: none
        String none = new PlainJWT(new PlainHeader(), new JWTClaimsSet.Builder().issuer("deskfleet").subject("account:a")
                .claim("sid", "s1").claim("typ", "access").expirationTime(Date.from(NOW.plus(Duration.ofHours(1)))).build()).serialize();
        assertThatThrownBy(() -> t.verify(none, TokenService.Kind.ACCESS, NOW)).hasMessage("not a signed token");
        // a changed payload (the same signature)
        String[] parts = good.split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"iss\":\"deskfleet\",\"sub\":\"account:admin\",\"sid\":\"s1\",\"typ\":\"access\",\"exp\":4102444800}".getBytes()) + "." + parts[2];
        assertThatThrownBy(() -> t.verify(forged, TokenService.Kind.ACCESS, NOW)).hasMessage("token signature is not valid");
        assertThatThrownBy(() -> t.verify("garbage", TokenService.Kind.ACCESS, NOW)).hasMessage("not a signed token");
    }
}
