package org.deskfleet.wpi.server.job;

import java.util.Optional;

/** Port: the WPI item a catalog parameter is written as; empty when none is known (not deliverable). */
@FunctionalInterface
public interface ParameterItems {

    Optional<String> itemName(String parameterKey);
}
