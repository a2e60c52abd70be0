package org.deskfleet.command.configuration;

import org.axonframework.commandhandling.CommandExecutionException;
import org.deskfleet.kernel.configuration.ConfigurationRejected;
import org.deskfleet.kernel.configuration.InvalidConfigurationException;
import org.deskfleet.command.configuration.ParameterRules;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.command.secret.SecretCipher;

import java.util.List;
import java.util.function.Function;

/**
 * The one way a change request checked by the catalog becomes values an aggregate may record, for every
 * owner of a configuration (client, template, system settings, mobile user): refused as a whole with every
 * violation when one entry is bad, otherwise normalised, with each secret encrypted under the owner's own
 * data key. A secret set again to the value it already has keeps its ciphertext, so it is no change.
 */
public final class ConfigurationIntake {

    private ConfigurationIntake() {
    }

    /**
     * @param keyId   the data key the owner's secrets are encrypted under (shredding it forgets them)
     * @param current the owner's present value of a slot ({@code key} or {@code key#index}), null when unset
     * @throws CommandExecutionException carrying {@link ConfigurationRejected} when any entry is bad; the
     *                                   details travel with it over any command bus, Axon Server included
     */
    public static List<ParameterValue> accept(ParameterRules.Checked checked, ParameterRules rules, SecretCipher cipher,
                                              String keyId, Function<String, String> current) {
        if (!checked.violations().isEmpty()) {
            InvalidConfigurationException invalid = new InvalidConfigurationException(checked.violations());
            throw new CommandExecutionException(invalid.getMessage(), null, new ConfigurationRejected(checked.violations()));
        }
        return checked.normalised().stream().map(v -> {
            if (!rules.isSecret(v.parameter()) || v.value() == null) {
                return v;
            }
            String present = current.apply(v.slot());
            return present != null && v.value().equals(cipher.decrypt(keyId, present))
                    ? new ParameterValue(v.parameter(), v.index(), present)
                    : new ParameterValue(v.parameter(), v.index(), cipher.encrypt(keyId, v.value()));
        }).toList();
    }
}
