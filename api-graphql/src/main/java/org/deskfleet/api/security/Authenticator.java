package org.deskfleet.api.security;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * Turns a bearer token into the signed-in account: signature, algorithm, expiry (Nimbus), then the session and
 * the account as this node knows them now (ended session, deleted, disabled or locked account: refused). All
 * in memory: a few microseconds per request (see the bench-auth benchmark).
 */
@Component
public class Authenticator {

    private final TokenService tokens;
    private final AccountDirectory directory;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    public Authenticator(TokenService tokens, AccountDirectory directory) {
        this(tokens, directory, Clock.systemUTC());
    }

    Authenticator(TokenService tokens, AccountDirectory directory, Clock clock) {
        this.tokens = tokens;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * Tokens whose signature was checked already: the signature and claims of a given token string never change,
     * so only expiry, session and account are checked again on every request. Bounded: emptied when full.
     */
    private final java.util.Map<String, TokenService.Claims> verified = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int VERIFIED_MAX = 10_000;

    /** Whether accounts and sessions are current (see {@link AccountDirectory#ready()}). */
    public boolean ready() {
        return directory.ready();
    }

    /** @throws TokenService.InvalidToken with the reason */
    public SignedInAccount authenticate(String bearer) {
        Instant now = clock.instant();
        TokenService.Claims c = verified.get(bearer);
        if (c == null) {
            c = tokens.verify(bearer, TokenService.Kind.ACCESS, now);
            if (verified.size() >= VERIFIED_MAX) {
                verified.clear();
            }
            verified.put(bearer, c);
        } else if (!now.isBefore(c.expiresAt())) {
            verified.remove(bearer);
            throw new TokenService.InvalidToken("token expired");
        }
        return check(c, now);
    }

    /** A refresh token's session, still open. */
    public SignedInAccount refresh(String refreshToken) {
        Instant now = clock.instant();
        return check(tokens.verify(refreshToken, TokenService.Kind.REFRESH, now), now);
    }

    private SignedInAccount check(TokenService.Claims c, Instant now) {
        var session = directory.openSession(c.sessionId(), now)
                .filter(s -> s.accountId().equals(c.accountId()))
                .orElseThrow(() -> new TokenService.InvalidToken("session ended"));
        var account = directory.account(c.accountId()).orElseThrow(() -> new TokenService.InvalidToken("account deleted"));
        if (account.disabled()) {
            throw new TokenService.InvalidToken("account disabled");
        }
        if (account.lockedAt(now)) {
            throw new TokenService.InvalidToken("account locked until " + account.lockedUntil());
        }
        return new SignedInAccount(account.accountId(), account.userName(), account.roles(), session.sessionId(),
                account.mustChangePassword());
    }

    /** The token out of an {@code Authorization: Bearer ...} header value, or null. */
    public static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
