package org.deskfleet.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.UUID;

/**
 * Session and refresh tokens as JWTs, signed and checked by Nimbus JOSE+JWT with the algorithm of the security
 * setting (OSEM 13.10): HS256, HS512, RS256, RS512 or ES256. The key is generated once per algorithm and kept
 * next to the master key ({@code keys/jwt-<ALG>.jwk}, owner-only); a token whose header names another algorithm
 * (including {@code none}) is refused before any signature check.
 */
public final class TokenService {

    public enum Kind { ACCESS, REFRESH }

    /** A verified token's content. */
    public record Claims(String accountId, String sessionId, Kind kind, Instant expiresAt) {
    }

    /** A token that is not ours, not valid, or not valid any more; the message says which. */
    public static final class InvalidToken extends RuntimeException {
        public InvalidToken(String message) {
            super(message);
        }
    }

    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;
    private final JWSVerifier verifier;
    private final String issuer = "deskfleet";

    public TokenService(String algorithm, JWK key) {
        this.algorithm = algorithm(algorithm);
        try {
            switch (family(this.algorithm)) {
                case "HS" -> {
                    OctetSequenceKey k = key.toOctetSequenceKey();
                    signer = new MACSigner(k);
                    verifier = new MACVerifier(k);
                }
                case "RS" -> {
                    RSAKey k = key.toRSAKey();
                    signer = new RSASSASigner(k);
                    verifier = new RSASSAVerifier(k.toRSAPublicKey());
                }
                default -> {
                    ECKey k = key.toECKey();
                    signer = new ECDSASigner(k);
                    verifier = new ECDSAVerifier(k.toECPublicKey());
                }
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("unusable token signing key for " + algorithm + ": " + e.getMessage(), e);
        }
    }

    /** The key of the algorithm in {@code directory}, generated (and stored owner-only) when there is none yet. */
    public static TokenService withKeyIn(Path directory, String algorithm) {
        JWSAlgorithm alg = algorithm(algorithm);
        Path file = directory.resolve("jwt-" + alg.getName() + ".jwk");
        try {
            if (Files.exists(file)) {
                return new TokenService(algorithm, JWK.parse(Files.readString(file, StandardCharsets.UTF_8)));
            }
            JWK key = generate(alg);
            Files.createDirectories(directory);
            Path tmp = Files.createTempFile(directory, "jwt", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's own protection applies
            }
            Files.writeString(tmp, key.toJSONString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new TokenService(algorithm, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the token signing key " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException("the token signing key " + file + " is not a JWK: " + e.getMessage(), e);
        }
    }

    public static JWK generate(JWSAlgorithm alg) {
        try {
            return switch (family(alg)) {
                case "HS" -> new OctetSequenceKeyGenerator(JWSAlgorithm.HS512.equals(alg) ? 512 : 256).keyID(UUID.randomUUID().toString()).generate();
                case "RS" -> new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
                default -> new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
            };
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static JWSAlgorithm algorithm(String name) {
        return switch (name == null ? "" : name.toUpperCase(Locale.ROOT)) {
            case "HS256" -> JWSAlgorithm.HS256;
            case "HS512" -> JWSAlgorithm.HS512;
            case "RS256" -> JWSAlgorithm.RS256;
            case "RS512" -> JWSAlgorithm.RS512;
            case "ES256" -> JWSAlgorithm.ES256;
            default -> throw new IllegalArgumentException("token algorithm must be HS256, HS512, RS256, RS512 or ES256, not " + name);
        };
    }

    private static String family(JWSAlgorithm alg) {
        return alg.getName().substring(0, 2);
    }

    public String algorithm() {
        return algorithm.getName();
    }

    public String issue(String accountId, String sessionId, Kind kind, Instant now, Instant expiresAt) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(accountId).claim("sid", sessionId)
                .claim("typ", kind.name().toLowerCase(Locale.ROOT)).issueTime(Date.from(now)).expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    /** The claims of a token we signed, of the given kind and not expired; otherwise {@link InvalidToken}. */
    public Claims verify(String token, Kind expected, Instant now) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidToken("not a signed token");
        }
        if (!algorithm.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidToken("token signed with " + jwt.getHeader().getAlgorithm() + ", this server uses " + algorithm);
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new InvalidToken("token signature is not valid");
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            Date exp = c.getExpirationTime();
            if (exp == null || !now.isBefore(exp.toInstant())) {
                throw new InvalidToken("token expired");
            }
            if (!issuer.equals(c.getIssuer()) || !expected.name().toLowerCase(Locale.ROOT).equals(c.getStringClaim("typ"))
                    || c.getSubject() == null || c.getStringClaim("sid") == null) {
                throw new InvalidToken("not " + (expected == Kind.ACCESS ? "a session" : "a refresh") + " token of this server");
            }
            return new Claims(c.getSubject(), c.getStringClaim("sid"), expected, exp.toInstant());
        } catch (JOSEException | ParseException e) {
            throw new InvalidToken("token cannot be checked: " + e.getMessage());
        }
    }
}
