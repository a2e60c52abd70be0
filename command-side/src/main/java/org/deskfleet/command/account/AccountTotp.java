package org.deskfleet.command.account;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.apache.commons.codec.binary.Base32;
import org.deskfleet.kernel.account.MfaSetup;

import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Time-based one-time passwords (RFC 6238) through java-otp: 6 digits, 30-second steps, HMAC-SHA-1 or
 * HMAC-SHA-256 (a security setting: some authenticator apps know SHA-1 only). A code is accepted one step
 * early or late (clock drift); the step it matched is returned so the account can refuse it a second time.
 */
public final class AccountTotp {

    public static final int DIGITS = 6;
    public static final Duration STEP = Duration.ofSeconds(30);
    private static final int SECRET_BYTES = 20;

    private final String algorithm;
    private final String issuer;
    private final SecureRandom random = new SecureRandom();

    /** @param algorithm {@code SHA1} or {@code SHA256}, for secrets enrolled from now on */
    public AccountTotp(String algorithm, String issuer) {
        this.algorithm = switch (algorithm.toUpperCase(Locale.ROOT).replace("-", "")) {
            case "SHA1" -> "SHA1";
            case "SHA256" -> "SHA256";
            default -> throw new IllegalArgumentException("TOTP hash algorithm must be SHA1 or SHA256, not " + algorithm);
        };
        this.issuer = issuer;
    }

    public String algorithm() {
        return algorithm;
    }

    /** A fresh secret and what an authenticator app needs to hold it (otpauth URI, Key URI Format). */
    public MfaSetup newSecret(String userName) {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String secret = new Base32().encodeAsString(bytes).replace("=", "");
        String label = enc(issuer) + ":" + enc(userName);
        String uri = "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + enc(issuer) + "&algorithm=" + algorithm
                + "&digits=" + DIGITS + "&period=" + STEP.toSeconds();
        return new MfaSetup(secret, algorithm, DIGITS, (int) STEP.toSeconds(), uri);
    }

    /** The time step the code belongs to (within one step of now), or -1 when it is no valid code. */
    public static long matchingStep(String secretBase32, String algorithm, String code, Instant now) {
        if (code == null || !code.matches("\\d{" + DIGITS + "}")) {
            return -1;
        }
        String mac = "SHA256".equals(algorithm) ? TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA256
                : TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1;
        var generator = new TimeBasedOneTimePasswordGenerator(STEP, DIGITS, mac);
        var key = new SecretKeySpec(new Base32().decode(secretBase32), mac);
        long current = now.getEpochSecond() / STEP.toSeconds();
        long found = -1;
        try {
            for (long step = current - 1; step <= current + 1; step++) {
                String expected = generator.generateOneTimePasswordString(key, Instant.ofEpochSecond(step * STEP.toSeconds()));
                // compare every candidate in constant time, so timing tells nothing about which matched
                if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), code.getBytes(StandardCharsets.US_ASCII))) {
                    found = step;
                }
            }
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("unusable TOTP secret", e);
        }
        return found;
    }

    /** The code of a step: for tests and tools that play the authenticator app. */
    public static String codeAt(String secretBase32, String algorithm, Instant at) {
        String mac = "SHA256".equals(algorithm) ? TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA256
                : TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1;
        try {
            return new TimeBasedOneTimePasswordGenerator(STEP, DIGITS, mac)
                    .generateOneTimePasswordString(new SecretKeySpec(new Base32().decode(secretBase32), mac), at);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
