package org.deskfleet.wpi.server.work;

import java.util.List;

/**
 * Port (owned by the WPI side, used by job delivery and mobility): the WPI items a desired value of a catalog parameter is written as (name, index and the value in
 * the phone's coding); empty when no item is known, which makes the parameter not deliverable.
 */
@FunctionalInterface
public interface ParameterItems {

    record Item(String name, Integer index, String value) {
    }

    List<Item> items(String parameterKey, Integer index, String value);
}
