package org.deskfleet.api.security;

import com.nimbusds.jose.JWSAlgorithm;
import org.deskfleet.kernel.account.AccountCreated;
import org.deskfleet.kernel.account.AccountDeleted;
import org.deskfleet.kernel.account.AccountLocked;
import org.deskfleet.kernel.account.Language;
import org.deskfleet.kernel.account.Role;
import org.deskfleet.kernel.account.SessionEnded;
import org.deskfleet.kernel.account.SignedIn;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A token is only as good as its session and account now: checked on every request, also once verified before. */
class AuthenticatorTest {

    private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");
    private final TokenService tokens = new TokenService("HS256", TokenService.generate(JWSAlgorithm.HS256));
    private final AccountDirectory directory = new AccountDirectory();

    private Authenticator at(Instant now) {
        return new Authenticator(tokens, directory, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void endedSessionsLockedAndDeletedAccountsAndExpiryAreRefusedAtOnce() {
        directory.on(new AccountCreated("account:a", "a", Language.EN, null, Set.of(Role.OPERATOR), "h", false, "admin", T));
        directory.on(new SignedIn("account:a", "s1", "curl/8", false, T.plusSeconds(3600), -1, T));
        directory.on(new SignedIn("account:a", "s2", "curl/8", false, T.plusSeconds(3600), -1, T));
        String t1 = tokens.issue("account:a", "s1", TokenService.Kind.ACCESS, T, T.plusSeconds(900));
        String t2 = tokens.issue("account:a", "s2", TokenService.Kind.ACCESS, T, T.plusSeconds(900));
        Authenticator auth = at(T.plusSeconds(1));
        assertThat(auth.authenticate(t1).userName()).isEqualTo("a");
        assertThat(auth.authenticate(t1).roles()).containsExactly(Role.OPERATOR);
        directory.on(new SessionEnded("account:a", "s1", "a", T));
        assertThatThrownBy(() -> auth.authenticate(t1)).hasMessage("session ended");
        assertThat(auth.authenticate(t2).sessionId()).isEqualTo("s2");
        assertThatThrownBy(() -> at(T.plusSeconds(900)).authenticate(t2)).hasMessage("token expired");
        directory.on(new AccountLocked("account:a", T.plusSeconds(60), 5, T));
        assertThatThrownBy(() -> auth.authenticate(t2)).hasMessageStartingWith("account locked until");
        assertThat(at(T.plusSeconds(61)).authenticate(t2).sessionId()).isEqualTo("s2");
        directory.on(new AccountDeleted("account:a", "admin", T));
        assertThatThrownBy(() -> at(T.plusSeconds(61)).authenticate(t2)).hasMessage("account deleted");
        // a refresh token is no session token
        String refresh = tokens.issue("account:a", "s2", TokenService.Kind.REFRESH, T, T.plusSeconds(3600));
        assertThatThrownBy(() -> auth.authenticate(refresh)).hasMessage("not a session token of this server");
    }

    @Test
    void browsersAndSystemsAreNamed() {
        String firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assertThat(UserAgentParts.describe(firefox)).isEqualTo("Firefox on Windows");
        assertThat(UserAgentParts.describe("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"))
                .isEqualTo("Safari on macOS");
        assertThat(UserAgentParts.describe("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"))
                .isEqualTo("Chrome on Linux");
        assertThat(UserAgentParts.describe(null)).isEqualTo("unknown on unknown");
    }
}
