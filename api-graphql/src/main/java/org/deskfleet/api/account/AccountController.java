package org.deskfleet.api.account;

import org.deskfleet.kernel.InvalidInput;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.api.security.AccountDirectory;
import org.deskfleet.api.security.AuthenticationInterceptor;
import org.deskfleet.api.security.SignInService;
import org.deskfleet.api.security.SignedInAccount;
import org.deskfleet.kernel.account.ChangePassword;
import org.deskfleet.kernel.account.ClearNotifications;
import org.deskfleet.kernel.account.ConfirmMfa;
import org.deskfleet.kernel.account.CreateAccount;
import org.deskfleet.kernel.account.DeleteAccount;
import org.deskfleet.kernel.account.DisableMfa;
import org.deskfleet.kernel.account.EndAllSessions;
import org.deskfleet.kernel.account.EndSession;
import org.deskfleet.kernel.account.Language;
import org.deskfleet.kernel.account.MarkNotificationsRead;
import org.deskfleet.kernel.account.MfaSetup;
import org.deskfleet.kernel.account.ResetPassword;
import org.deskfleet.kernel.account.Role;
import org.deskfleet.kernel.account.SetAccountDisabled;
import org.deskfleet.kernel.account.StartMfaEnrollment;
import org.deskfleet.kernel.account.UnlockAccount;
import org.deskfleet.kernel.account.UpdateAccount;
import org.deskfleet.kernel.account.UserName;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Accounts, sign-in, sessions, MFA and notifications (OSEM 2.2, 2.7, 2.8). Who may call what: AccessRules. */
@Controller
public class AccountController {

    private final CommandGateway commands;
    private final AccountDirectory directory;
    private final SignInService signIns;

    public AccountController(CommandGateway commands, AccountDirectory directory, SignInService signIns) {
        this.commands = commands;
        this.directory = directory;
        this.signIns = signIns;
    }

    public record AccountDto(String userName, String email, Language language, List<Role> roles, int failedLogins,
                             Instant lastFailedLogin, boolean locked, Instant lockedUntil, boolean disabled, boolean mfaEnabled,
                             boolean mustChangePassword, Instant createdAt) {
        static AccountDto of(AccountDirectory.AccountView a) {
            boolean locked = a.lockedAt(Instant.now());
            return new AccountDto(a.userName(), a.email(), a.language(), a.roles().stream().sorted().toList(), a.failedLogins(),
                    a.lastFailedLogin(), locked, locked ? a.lockedUntil() : null, a.disabled(), a.mfaEnabled(), a.mustChangePassword(), a.createdAt());
        }
    }

    public record SignInResultDto(boolean mfaRequired, String sessionToken, String refreshToken, Instant tokenExpiresAt,
                                  Instant sessionExpiresAt, boolean mustChangePassword, AccountDto account) {
    }

    public record SessionDto(String id, String browser, String operatingSystem, Instant start, Instant expiresAt,
                             boolean keepLoggedIn, boolean current) {
    }

    public record MfaEnrollmentDto(String otpauthUri, String qrCode, String secret, String algorithm, int digits, int period) {
    }

    public record NotificationDto(String id, Instant at, String kind, String message, boolean read) {
    }

    public record NewAccount(String userName, String email, Language language, List<Role> roles, String password) {
        @Override
        public String toString() {
            return "NewAccount[" + userName + "]";
        }
    }

    // --- signing in and out -------------------------------------------------------------------------

    @MutationMapping
    public SignInResultDto signIn(@Argument String userName, @Argument String password, @Argument String code,
                                  @Argument Boolean keepMeLoggedIn,
                                  @ContextValue(name = AuthenticationInterceptor.USER_AGENT) Optional<String> userAgent) {
        SignInService.Result r;
        try {
            r = signIns.signIn(userName, password, code, Boolean.TRUE.equals(keepMeLoggedIn), userAgent.orElse(null));
        } catch (SignInService.Refused e) {
            throw new InvalidInput(e.getMessage());
        }
        return result(r);
    }

    @MutationMapping
    public SignInResultDto refreshSession(@Argument String refreshToken) {
        return result(signIns.refresh(refreshToken));
    }

    private SignInResultDto result(SignInService.Result r) {
        if (r.mfaRequired()) {
            return new SignInResultDto(true, null, null, null, null, false, null);
        }
        var t = r.tokens();
        return new SignInResultDto(false, t.sessionToken(), t.refreshToken(), t.tokenExpiresAt(), t.sessionExpiresAt(),
                r.mustChangePassword(), directory.account(r.accountId()).map(AccountDto::of).orElse(null));
    }

    @MutationMapping
    public boolean signOut(@ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        commands.sendAndWait(new EndSession(who.accountId(), who.sessionId(), who.userName(), now()));
        signIns.ended(who.sessionId());
        return true;
    }

    @MutationMapping
    public boolean changePassword(@Argument String oldPassword, @Argument String newPassword,
                                  @ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        commands.sendAndWait(new ChangePassword(who.accountId(), oldPassword, newPassword, who.userName(), now()));
        awaitDirectory(() -> directory.account(who.accountId()).map(a -> !a.mustChangePassword()).orElse(true));
        return true;
    }

    // --- about myself -------------------------------------------------------------------------------------

    @QueryMapping
    public AccountDto me(@ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        return directory.account(who.accountId()).map(AccountDto::of).orElseThrow();
    }

    @QueryMapping
    public List<SessionDto> mySessions(@ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        return directory.sessionsOf(who.accountId(), Instant.now()).stream()
                .map(s -> new SessionDto(s.sessionId(), org.deskfleet.api.security.UserAgentParts.browser(s.userAgent()),
                        org.deskfleet.api.security.UserAgentParts.operatingSystem(s.userAgent()), s.start(), s.expiresAt(),
                        s.keepLoggedIn(), s.sessionId().equals(who.sessionId()))).toList();
    }

    @MutationMapping
    public boolean endSession(@Argument String id, @ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        commands.sendAndWait(new EndSession(who.accountId(), id, who.userName(), now()));
        signIns.ended(id);
        return true;
    }

    @MutationMapping
    public int endAllSessions(@ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        return endAll(who.accountId(), who.userName());
    }

    private int endAll(String accountId, String actor) {
        List<AccountDirectory.Session> open = directory.sessionsOf(accountId, Instant.now());
        commands.sendAndWait(new EndAllSessions(accountId, actor, now()));
        open.forEach(s -> signIns.ended(s.sessionId()));
        return open.size();
    }

    @MutationMapping
    public MfaEnrollmentDto startMfaEnrollment(@ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        MfaSetup setup = commands.sendAndWait(new StartMfaEnrollment(who.accountId(), who.userName(), now()));
        return new MfaEnrollmentDto(setup.otpauthUri(), qrPng(setup.otpauthUri()), setup.secretBase32(), setup.algorithm(),
                setup.digits(), setup.periodSeconds());
    }

    @MutationMapping
    public boolean confirmMfa(@Argument String code, @ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        commands.sendAndWait(new ConfirmMfa(who.accountId(), code, who.userName(), now()));
        awaitDirectory(() -> directory.account(who.accountId()).map(AccountDirectory.AccountView::mfaEnabled).orElse(true));
        return true;
    }

    @QueryMapping
    public List<NotificationDto> notifications(@Argument Boolean unreadOnly, @ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        Instant read = directory.account(who.accountId()).map(AccountDirectory.AccountView::notificationsReadUpTo).orElse(null);
        return directory.notifications(who.accountId()).stream()
                .map(n -> new NotificationDto(n.id(), n.at(), n.kind(), n.message(), read != null && !n.at().isAfter(read)))
                .filter(n -> !Boolean.TRUE.equals(unreadOnly) || !n.read()).toList();
    }

    @SubscriptionMapping(name = "notifications")
    public Flux<NotificationDto> notificationFeed(@ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        return directory.live(who.accountId()).map(n -> new NotificationDto(n.id(), n.at(), n.kind(), n.message(), false));
    }

    @MutationMapping
    public boolean markNotificationsRead(@Argument Instant upTo, @ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        Instant at = now();
        Instant until = upTo == null ? at : upTo;
        commands.sendAndWait(new MarkNotificationsRead(who.accountId(), until, who.userName(), at));
        awaitDirectory(() -> directory.account(who.accountId()).map(a -> a.notificationsReadUpTo() != null
                && !a.notificationsReadUpTo().isBefore(until)).orElse(true));
        return true;
    }

    @MutationMapping
    public boolean clearNotifications(@Argument Instant upTo, @ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        Instant at = now();
        Instant until = upTo == null ? at : upTo;
        commands.sendAndWait(new ClearNotifications(who.accountId(), until, who.userName(), at));
        awaitDirectory(() -> directory.account(who.accountId()).map(a -> a.notificationsClearedUpTo() != null
                && !a.notificationsClearedUpTo().isBefore(until)).orElse(true));
        return true;
    }

    // --- administering accounts --------------------------------------------------------------------------

    @QueryMapping
    public List<AccountDto> accounts() {
        return directory.accounts().stream().map(AccountDto::of).toList();
    }

    @QueryMapping
    public AccountDto account(@Argument String userName) {
        return directory.account(id(userName)).map(AccountDto::of).orElse(null);
    }

    @QueryMapping
    public List<AccountDirectory.HistoryEntry> accountHistory(@Argument String userName, @Argument Integer first) {
        List<AccountDirectory.HistoryEntry> h = directory.history(id(userName));
        return h.subList(0, Math.min(h.size(), Math.max(0, first == null ? 100 : first)));
    }

    @MutationMapping
    public AccountDto createAccount(@Argument NewAccount account, @ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        UserName name = new UserName(account.userName());
        if (directory.account(name.accountId()).isPresent()) {
            throw new InvalidInput("account " + name + " already exists");
        }
        try {
            commands.sendAndWait(new CreateAccount(name.accountId(), name.value(), account.language(), account.email(),
                    account.roles() == null ? Set.of() : Set.copyOf(account.roles()), account.password(), who.userName(), now()));
        } catch (RuntimeException e) {
            if (!e.getClass().getSimpleName().contains("Concurrency") && !e.getClass().getSimpleName().contains("AggregateStreamCreation")) {
                throw e;
            }
            throw new InvalidInput("account " + name + " already exists (or existed: user names are not reused)");
        }
        return awaitAccount(name.accountId());
    }

    @MutationMapping
    public AccountDto updateAccount(@Argument String userName, @Argument String email, @Argument Language language,
                                    @Argument List<Role> roles, @ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        var a = directory.account(id(userName)).orElseThrow(() -> new InvalidInput("no account " + userName));
        UpdateAccount update = new UpdateAccount(a.accountId(), email == null ? a.email() : email, language == null ? a.language() : language,
                roles == null ? a.roles() : Set.copyOf(roles), who.userName(), now());
        commands.sendAndWait(update);
        awaitDirectory(() -> directory.account(a.accountId()).filter(v -> java.util.Objects.equals(v.email(), update.email())
                && v.language() == update.language() && v.roles().equals(update.roles())).isPresent());
        return awaitAccount(a.accountId());
    }

    @MutationMapping
    public boolean resetPassword(@Argument String userName, @ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        String id = existing(userName);
        List<AccountDirectory.Session> open = directory.sessionsOf(id, Instant.now());
        commands.sendAndWait(new ResetPassword(id, who.userName(), now()));
        open.forEach(s -> signIns.ended(s.sessionId()));
        return true;
    }

    @MutationMapping
    public boolean unlockAccount(@Argument String userName, @ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        String id = existing(userName);
        commands.sendAndWait(new UnlockAccount(id, who.userName(), now()));
        awaitDirectory(() -> directory.account(id).map(v -> v.lockedUntil() == null || !v.lockedAt(Instant.now())).orElse(true));
        return true;
    }

    @MutationMapping
    public boolean disableMfa(@Argument String userName, @ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        String id = existing(userName);
        commands.sendAndWait(new DisableMfa(id, who.userName(), now()));
        awaitDirectory(() -> directory.account(id).map(v -> !v.mfaEnabled()).orElse(true));
        return true;
    }

    @MutationMapping
    public boolean setAccountDisabled(@Argument String userName, @Argument boolean disabled,
                                      @ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        String id = existing(userName);
        if (disabled && id.equals(who.accountId())) {
            throw new InvalidInput("you cannot disable your own account");
        }
        List<AccountDirectory.Session> open = directory.sessionsOf(id, Instant.now());
        commands.sendAndWait(new SetAccountDisabled(id, disabled, who.userName(), now()));
        awaitDirectory(() -> directory.account(id).map(v -> v.disabled() == disabled).orElse(true));
        if (disabled) {
            open.forEach(s -> signIns.ended(s.sessionId()));
        }
        return true;
    }

    @MutationMapping
    public boolean deleteAccount(@Argument String userName, @ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        String id = existing(userName);
        if (id.equals(who.accountId())) {
            throw new InvalidInput("you cannot delete your own account");
        }
        List<AccountDirectory.Session> open = directory.sessionsOf(id, Instant.now());
        commands.sendAndWait(new DeleteAccount(id, who.userName(), now()));
        awaitDirectory(() -> directory.account(id).isEmpty());
        open.forEach(s -> signIns.ended(s.sessionId()));
        return true;
    }

    @MutationMapping
    public int endAccountSessions(@Argument String userName, @ContextValue(name = SignedInAccount.KEY) SignedInAccount who) {
        return endAll(existing(userName), who.userName());
    }

    // -------------------------------------------------------------------------------------------------------

    private String existing(String userName) {
        String id = id(userName);
        if (directory.account(id).isEmpty()) {
            throw new InvalidInput("no account " + userName);
        }
        return id;
    }

    private static String id(String userName) {
        return new UserName(userName).accountId();
    }

    private AccountDto awaitAccount(String accountId) {
        awaitDirectory(() -> directory.account(accountId).isPresent());
        return directory.account(accountId).map(AccountDto::of).orElseThrow();
    }

    /**
     * The directory follows the events a moment later: answer once it shows what the command did, so that the
     * next query sees it (a five-second bound: the command is done either way).
     */
    private static void awaitDirectory(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static String qrPng(String content) {
        try {
            var matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 256, 256);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", png);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
        } catch (WriterException | IOException e) {
            throw new IllegalStateException("cannot draw the QR code", e);
        }
    }
}
