package org.deskfleet.api.security;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.deskfleet.kernel.account.SignIn;
import org.deskfleet.kernel.account.SignInOutcome;
import org.deskfleet.kernel.account.UserName;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Sign-in: the Account aggregate checks password, lock-out and TOTP code and records the outcome; this mints
 * the tokens. An unknown or malformed user name gets the same answer after the same work (a password hash
 * checked against a dummy), so answers and timing do not tell which names exist.
 */
@Component
public class SignInService {

    /** One answer for every refusal. */
    public static final String REFUSED = "sign-in refused: wrong user name, password or code, or the account is locked for a while after repeated failures";

    public record Tokens(String sessionToken, String refreshToken, Instant tokenExpiresAt, Instant sessionExpiresAt) {
    }

    /** What a sign-in gives: tokens, or that the second factor is missing. */
    public record Result(boolean mfaRequired, boolean mustChangePassword, String accountId, Tokens tokens) {
    }

    public static final class Refused extends RuntimeException {
        Refused() {
            super(REFUSED);
        }
    }

    private final CommandGateway commands;
    private final PasswordEncoder passwords;
    private final TokenService tokens;
    private final AccountDirectory directory;
    private final SessionSettings settings;
    private final Clock clock = Clock.systemUTC();
    private final String dummyHash;

    public SignInService(CommandGateway commands, PasswordEncoder passwords, TokenService tokens, AccountDirectory directory,
                         SessionSettings settings) {
        this.commands = commands;
        this.passwords = passwords;
        this.tokens = tokens;
        this.directory = directory;
        this.settings = settings;
        this.dummyHash = passwords.encode(UUID.randomUUID().toString());
    }

    public Result signIn(String userName, String password, String code, boolean keepLoggedIn, String userAgent) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        UserName name;
        try {
            name = new UserName(userName);
        } catch (IllegalArgumentException e) {
            passwords.matches(password == null ? "" : password, dummyHash);
            throw new Refused();
        }
        String sessionId = UUID.randomUUID().toString();
        Instant expires = now.plus(keepLoggedIn ? settings.keepLoggedIn() : settings.session());
        String agent = userAgent == null ? null : userAgent.substring(0, Math.min(userAgent.length(), 256));
        SignInOutcome outcome;
        try {
            outcome = commands.sendAndWait(new SignIn(name.accountId(), password, code, sessionId, keepLoggedIn, agent, expires, now));
        } catch (AggregateNotFoundException e) {
            passwords.matches(password == null ? "" : password, dummyHash);
            throw new Refused();
        }
        return switch (outcome.result()) {
            case REFUSED -> throw new Refused();
            case MFA_REQUIRED -> new Result(true, false, name.accountId(), null);
            case SIGNED_IN -> {
                awaitKnown(name.accountId());
                directory.sessionStarted(new AccountDirectory.Session(sessionId, name.accountId(), agent, keepLoggedIn, now, expires));
                yield new Result(false, outcome.mustChangePassword(), name.accountId(), mint(name.accountId(), sessionId, now, expires));
            }
        };
    }

    /** A new session token for a session still open, from its refresh token. */
    public Result refresh(String refreshToken) {
        SignedInAccount who;
        try {
            who = new Authenticator(tokens, directory).refresh(refreshToken);
        } catch (TokenService.InvalidToken e) {
            throw new InvalidInput("refresh refused: " + e.getMessage());
        }
        Instant now = clock.instant();
        var session = directory.openSession(who.sessionId(), now).orElseThrow(() -> new InvalidInput("refresh refused: session ended"));
        Instant tokenExpiry = min(now.plus(settings.sessionToken()), session.expiresAt());
        return new Result(false, who.mustChangePassword(), who.accountId(), new Tokens(
                tokens.issue(who.accountId(), who.sessionId(), TokenService.Kind.ACCESS, now, tokenExpiry),
                refreshToken, tokenExpiry, session.expiresAt()));
    }

    /** This node stops accepting the session at once (other nodes when the event reaches them). */
    public void ended(String sessionId) {
        directory.sessionEnded(sessionId);
    }

    private Tokens mint(String accountId, String sessionId, Instant now, Instant sessionExpires) {
        Instant tokenExpiry = min(now.plus(settings.sessionToken()), sessionExpires);
        return new Tokens(tokens.issue(accountId, sessionId, TokenService.Kind.ACCESS, now, tokenExpiry),
                tokens.issue(accountId, sessionId, TokenService.Kind.REFRESH, now, sessionExpires), tokenExpiry, sessionExpires);
    }

    /** Right after a start the directory may still be replaying: the token must work on the next request. */
    private void awaitKnown(String accountId) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (directory.account(accountId).isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
