package org.deskfleet.query.configuration;

import org.deskfleet.kernel.ItemKeys;
import org.deskfleet.kernel.catalog.CatalogEntry;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.catalog.Scope;
import org.deskfleet.kernel.configuration.EffectiveValue.Drift;
import org.deskfleet.query.client.ClientDocument;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DriftsTest {

    private static final ParameterCatalog CATALOG = ParameterCatalog.bundled();

    private static CatalogEntry entry(String key) {
        return CATALOG.find(key, Scope.CLIENT).or(() -> CATALOG.find(key, Scope.TEMPLATE)).orElseThrow();
    }

    private static Map<String, ClientDocument.Item> reported(ClientDocument.Item... items) {
        Map<String, ClientDocument.Item> m = new HashMap<>();
        for (ClientDocument.Item i : items) {
            m.put(ItemKeys.key(i.name, i.index), i);
        }
        return m;
    }

    private static Drifts.Desired desired(String value) {
        return new Drifts.Desired(true, value, false, null);
    }

    @Test
    void comparesThroughValueCodesAndTheTypesOwnEquality() {
        CatalogEntry transport = entry("telephony.sip-settings.transport-protocol");
        var phone = reported(new ClientDocument.Item("sip-transport-user", null, "2", null, false));
        assertThat(Drifts.compare(transport, null, desired("TLS"), phone)).isEqualTo(new Drifts.Comparison("TLS", Drift.IN_SYNC));
        assertThat(Drifts.compare(transport, null, desired("UDP"), phone)).isEqualTo(new Drifts.Comparison("TLS", Drift.DRIFTED));

        CatalogEntry dhcp = entry("network.general.dhcpv4-enabled");
        assertThat(Drifts.compare(dhcp, null, desired("True"), reported(new ClientDocument.Item("dhcp", null, "true", null, false))).drift())
                .isEqualTo(Drift.IN_SYNC);
        CatalogEntry port = entry("telephony.sip-settings.server-port");
        assertThat(Drifts.compare(port, null, desired("5060"), reported(new ClientDocument.Item("reg-port", null, "05060", null, false))).drift())
                .isEqualTo(Drift.IN_SYNC);
    }

    @Test
    void saysWhenNothingCanBeCompared() {
        CatalogEntry sntp = entry("general.date-time.sntp-server-address");
        var phone = reported(new ClientDocument.Item("sntp-addr", null, "10.0.0.1", null, false));
        assertThat(Drifts.compare(sntp, null, new Drifts.Desired(false, "x", false, null), phone))
                .isEqualTo(new Drifts.Comparison("10.0.0.1", Drift.NOT_SET));
        assertThat(Drifts.compare(sntp, null, desired("10.0.0.1"), reported()).drift()).isEqualTo(Drift.NOT_REPORTED);
        assertThat(Drifts.compare(sntp, null, desired("10.0.0.1"),
                reported(new ClientDocument.Item("sntp-addr", null, null, "unknown item", false))).drift()).isEqualTo(Drift.NOT_REPORTED);
        assertThat(Drifts.compare(entry("features.door-opener.door-opener-name"), null, desired("Door"), phone).drift())
                .isEqualTo(Drift.NOT_DELIVERABLE);
        // the phone codes the VLAN method as a number the protocol files give no table for
        CatalogEntry vlan = entry("network.general.vlan-discovery-method");
        var coded = reported(new ClientDocument.Item("vlan-method", null, "1", null, false));
        assertThat(Drifts.compare(vlan, null, desired("DHCP"), coded)).isEqualTo(new Drifts.Comparison("1", Drift.UNKNOWN));
        assertThat(Drifts.compare(vlan, null, desired("DHCP"), reported(new ClientDocument.Item("vlan-method", null, "Manual", null, false))).drift())
                .isEqualTo(Drift.DRIFTED);
    }

    @Test
    void secretsByTheirSealedFormsOnly() {
        CatalogEntry pwd = entry("telephony.sip-settings.sip-credentials-password");
        var phone = reported(new ClientDocument.Item("sip-pwd", null, null, null, true, "sealed:abc"));
        assertThat(Drifts.compare(pwd, null, new Drifts.Desired(true, null, true, "sealed:abc"), phone))
                .isEqualTo(new Drifts.Comparison(null, Drift.IN_SYNC));
        assertThat(Drifts.compare(pwd, null, new Drifts.Desired(true, null, true, "sealed:xyz"), phone))
                .isEqualTo(new Drifts.Comparison(null, Drift.DRIFTED));
        assertThat(Drifts.compare(pwd, null, new Drifts.Desired(true, null, true, null), phone).drift()).isEqualTo(Drift.UNKNOWN);
    }

    @Test
    void findsTheItemAtTheIndexTheMappingGives() {
        CatalogEntry admin = entry("diagnostics.trace-level.admin");
        var phone = reported(new ClientDocument.Item("trace-level", 0, "Debug", null, false),
                new ClientDocument.Item("trace-level", 1, "Off", null, false));
        assertThat(Drifts.compare(admin, null, desired("debug"), phone)).isEqualTo(new Drifts.Comparison("Debug", Drift.IN_SYNC));
        CatalogEntry localCode = entry("telephony.canonical-dial-lookup.local-code");
        var lookups = reported(new ClientDocument.Item("Canonical-lookup-local-code", 2, "089", null, false));
        assertThat(Drifts.compare(localCode, 2, desired("089"), lookups).drift()).isEqualTo(Drift.IN_SYNC);
        assertThat(Drifts.compare(localCode, 1, desired("089"), lookups).drift()).isEqualTo(Drift.NOT_REPORTED);
    }
}
