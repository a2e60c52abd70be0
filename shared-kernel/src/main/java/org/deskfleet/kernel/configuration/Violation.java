package org.deskfleet.kernel.configuration;

/** Why one entry of a change request is not acceptable: the parameter, the value, the rule and a sentence. */
public record Violation(String parameter, Integer index, String value, String rule, String message) {
}
