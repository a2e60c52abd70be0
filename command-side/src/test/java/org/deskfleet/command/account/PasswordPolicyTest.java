package org.deskfleet.command.account;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** OSEM 2.8.2, rule by rule, each named in the answer. */
class PasswordPolicyTest {

    @Test
    void aGoodPasswordPasses() {
        assertThat(PasswordPolicy.violations("Tr0ub4dor&Horse!x", "alice")).isEmpty();
        assertThat(PasswordPolicy.violations("aaa!Bbb9Ccc7Ddd5", "bob")).isEmpty();
    }

    @Test
    void everyBrokenRuleIsNamed() {
        assertThat(PasswordPolicy.violations("short", "qq")).containsExactly(
                "length must be 14 to 20 characters (it is 5)", "needs at least one uppercase letter",
                "needs at least one digit", "needs at least one special character");
        assertThat(PasswordPolicy.violations("Tr0ub4dor&Horse!xyzAB", "qq")).containsExactly("length must be 14 to 20 characters (it is 21)");
        assertThat(PasswordPolicy.violations("Tr0ub4dor&Hooooorse", "qq"))
                .containsExactly("no more than 3 identical characters in a row (found 'oooo')");
        assertThat(PasswordPolicy.violations("Tr0ub1234dor&Horse", "qq"))
                .containsExactly("no more than 3 sequential characters in a row (found '1234')");
        assertThat(PasswordPolicy.violations("Tr0ubdcbador&Horse", "qq"))
                .containsExactly("no more than 3 sequential characters in a row (found 'dcba')");
        assertThat(PasswordPolicy.violations("Tr0ub4dor&Alice!x", "alice"))
                .containsExactly("must not contain the user name or the user name reversed");
        assertThat(PasswordPolicy.violations("Tr0ub4dor&ecila!x", "alice"))
                .containsExactly("must not contain the user name or the user name reversed");
        assertThat(PasswordPolicy.violations("ABCDEFGHIJKLMNOPQR", "qq")).contains(
                "needs at least one lowercase letter", "needs at least one digit", "needs at least one special character",
                "no more than 3 sequential characters in a row (found 'ABCD')");
    }

    @Test
    void threeInARowAreAllowed() {
        assertThat(PasswordPolicy.violations("Tr0ub123dor&Hooorse", "qq")).isEmpty();
    }
}
