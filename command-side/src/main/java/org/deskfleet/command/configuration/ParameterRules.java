package org.deskfleet.command.configuration;

import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.configuration.Violation;

import java.util.List;

/**
 * Checks a change request against the parameter catalog for a client; returns every violation (empty when
 * all is well) and the values in their normalised form. Implemented over the catalog.
 */
public interface ParameterRules {

    record Checked(List<ParameterValue> normalised, List<Violation> violations) {
    }

    /** @param softwareType the client's software type ("Siemens SIP", "HFA"...), null when unknown */
    Checked checkClient(List<ParameterValue> changes, String softwareType, String deviceType);

    /** As above, also against firmware limits the catalog states ("V1R2 and higher only"); version null when unknown. */
    default Checked checkClient(List<ParameterValue> changes, String softwareType, String deviceType, String softwareVersion) {
        return checkClient(changes, softwareType, deviceType);
    }

    /** Template-scope rules: the parameter must be settable in templates; no device condition applies. */
    Checked checkTemplate(List<ParameterValue> changes);

    /**
     * Mobile-user-scope rules (manual chapter 5 and 7): the parameter must be settable for a user; no device
     * condition applies, since the user may log on at any phone.
     */
    Checked checkUser(List<ParameterValue> changes);

    /** System-scope rules (manual chapter 13). */
    Checked checkSystem(List<ParameterValue> changes);

    /** Whether a WPI item is known for the parameter, so that a job can bring it to phones. */
    boolean isDeliverable(String parameter);

    /** Whether the parameter holds a secret (password, PIN, key). */
    boolean isSecret(String parameter);

    /** The WPI items a parameter is written to (empty for one no phone is ever sent). */
    List<String> itemsFor(String parameter);
}
