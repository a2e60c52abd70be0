package org.deskfleet.kernel.secret;

/**
 * How a stored secret value shows what it is, so any module can tell without holding a key: a value sealed for
 * comparison only ({@code sealed:}, one-way, what a phone reported) or encrypted for delivery ({@code enc:v1:}).
 * The sealing and the cipher themselves live in the command side.
 */
public final class SecretValues {

    /** Prefix of a sealed (one-way) value. */
    public static final String SEALED_PREFIX = "sealed:";
    /** Prefix of an encrypted (deliverable) value; the version lets a later cipher coexist with stored values. */
    public static final String CIPHERTEXT_PREFIX = "enc:v1:";

    private SecretValues() {
    }

    public static boolean isSealed(String value) {
        return value != null && value.startsWith(SEALED_PREFIX);
    }

    public static boolean isCiphertext(String value) {
        return value != null && value.startsWith(CIPHERTEXT_PREFIX);
    }
}
