package org.deskfleet.app.e2e;

import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.work.DeviceJob;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service-driven flows of wpi-protocol §7 end to end: a job waits for a phone, the simulated
 * phone calls in over TLS, the exact action sequence is asserted, and what the phone reported is in the
 * event store and the read model.
 */
class WpiFlowsE2eTest extends EndToEndSupport {

    @Autowired
    InMemoryPendingWork work;

    private String job(SimulatedPhone phone, DeviceJob.Step... steps) {
        return job0(phone, steps);
    }

    private String job0(SimulatedPhone phone, DeviceJob.Step... steps) {
        String id = UUID.randomUUID().toString();
        work.add(org.deskfleet.kernel.DeviceId.parse(phone.mac()).value(), new DeviceJob(id, List.of(steps)));
        return id;
    }

    private SimulatedPhone registered(long seed) {
        SimulatedPhone phone = SimulatedPhone.generate(seed, 1);
        simulator.startUp(phone).join().requireOk();
        return phone;
    }

    @Test
    void readSettings_7_5() {
        SimulatedPhone phone = registered(601);
        phone.setItem("sntp-addr", "10.60.1.1");
        job(phone, new DeviceJob.Step(Action.READ_ITEMS, List.of(WpiItem.of("sntp-addr", ""))));

        InteractionTrace trace = simulator.interact(phone, Reason.SOLICITED).join().requireOk();

        assertThat(trace.actions()).containsExactly(Action.READ_ITEMS, Action.CLEAN_UP);
        ItemChange change = eventsOf(phone.mac()).stream()
                .filter(e -> e instanceof ClientItemsReported r && r.reason() == ContactReason.READ_ITEMS)
                .map(ClientItemsReported.class::cast).flatMap(e -> e.changes().stream()).findFirst().orElseThrow();
        assertThat(change.newValue()).isEqualTo("10.60.1.1");
        assertThat(work.hasPending(org.deskfleet.kernel.DeviceId.parse(phone.mac()).value())).isFalse();
    }

    @Test
    void writeSettings_7_6() {
        SimulatedPhone phone = registered(602);
        job(phone, new DeviceJob.Step(Action.WRITE_ITEMS,
                List.of(WpiItem.of("sntp-addr", "ntp.example.test"), WpiItem.of("sntp-tz-offset", "120"))));

        InteractionTrace trace = simulator.interact(phone, Reason.SOLICITED).join().requireOk();

        assertThat(trace.actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
        assertThat(phone.value("sntp-addr")).contains("ntp.example.test");
        assertThat(phone.value("sntp-tz-offset")).contains("120");
    }

    private String device(SimulatedPhone phone) {
        return org.deskfleet.kernel.DeviceId.parse(phone.mac()).value();
    }

    @Test
    void localChangesWithAttachedItems_7_2() {
        SimulatedPhone phone = registered(603);
        List<WpiItem> items = new java.util.ArrayList<>(phone.basicItems());
        items.replaceAll(i -> i.name().equals("configuration-changed-flag") ? WpiItem.of(i.name(), "true") : i);
        items.add(WpiItem.of("configuration-attached-flag", "true"));
        items.add(WpiItem.of("configuration-attached-number", "1"));
        items.add(WpiItem.of("sntp-addr", "10.70.2.2"));
        var r = wpiClient().post(new org.deskfleet.wpi.codec.WpiCodec().writePhoneMessage(
                org.deskfleet.wpi.codec.PhoneMessage.of(phone.newNonce(), Reason.LOCAL_CHANGES, items)), null).join();
        // V2R2+: the changed items came with the message, so no full read is needed.
        assertThat(r.bodyText()).contains("<Action>CleanUp</Action>");
        assertThat(eventsOf(phone.mac())).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ClientItemsReported.class, x -> {
            assertThat(x.reason()).isEqualTo(ContactReason.LOCAL_CHANGES);
            assertThat(x.changes()).extracting(ItemChange::newValue).contains("10.70.2.2");
        }));
    }

    @Test
    void inventoryChangesAreHandledLikeStartUp_7_3() {
        SimulatedPhone phone = registered(604);
        phone.setItem("key-modules", "1");
        phone.markConfigurationChanged(true);
        InteractionTrace trace = simulator.interact(phone, Reason.INVENTORY_CHANGES).join().requireOk();
        assertThat(trace.actions()).containsExactly(Action.READ_ALL_ITEMS, Action.CLEAN_UP);
    }

    @Test
    void busyPhoneKeepsItsJobAndComesBack_7_7() {
        SimulatedPhone phone = registered(605);
        phone.setBusy(true);
        job(phone, org.deskfleet.wpi.server.work.Steps.writeItems(List.of(WpiItem.of("sntp-addr", "10.77.7.7"))));

        InteractionTrace busy = simulator.interact(phone, Reason.SOLICITED).join().requireOk();
        assertThat(busy.actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
        assertThat(busy.sendSolicited()).isTrue();
        assertThat(work.hasPending(device(phone))).isTrue();

        phone.setBusy(false);
        InteractionTrace idle = simulator.interact(phone, Reason.SOLICITED).join().requireOk();
        assertThat(idle.actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
        assertThat(idle.sendSolicited()).isFalse();
        assertThat(phone.value("sntp-addr")).contains("10.77.7.7");
        assertThat(work.hasPending(device(phone))).isFalse();
    }

    @Test
    void rejectedItemsAreReportedPerItem_7_6() {
        SimulatedPhone phone = registered(606);
        phone.rejectItem("sntp-tz-offset", "invalid data");
        job(phone, org.deskfleet.wpi.server.work.Steps.writeItems(List.of(WpiItem.of("sntp-addr", "10.6.6.6"),
                WpiItem.of("sntp-tz-offset", "9999"))));
        InteractionTrace trace = simulator.interact(phone, Reason.SOLICITED).join().requireOk();
        assertThat(trace.actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
        assertThat(phone.value("sntp-addr")).contains("10.6.6.6");
        assertThat(phone.value("sntp-tz-offset")).isNotEqualTo(java.util.Optional.of("9999"));
    }

    @Test
    void fileDeploymentSingleEndsWithStatusAndMultiWithReplyTo_7_8() {
        SimulatedPhone phone = registered(607);
        var logo = new org.deskfleet.wpi.server.work.Steps.FileSpec(org.deskfleet.wpi.server.work.Steps.FileType.LOGO,
                java.net.URI.create("https://files.example.test/logo.png"), "logo.png");
        job(phone, org.deskfleet.wpi.server.work.Steps.deployFile(logo));
        InteractionTrace single = simulator.interact(phone, Reason.SOLICITED).join().requireOk();
        assertThat(single.actions()).containsExactly(Action.FILE_DEPLOYMENT, Action.CLEAN_UP);
        assertThat(eventsOf(phone.mac())).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ClientItemsReported.class,
                x -> assertThat(x.reason()).isEqualTo(ContactReason.STATUS)));

        var ring = new org.deskfleet.wpi.server.work.Steps.FileSpec(org.deskfleet.wpi.server.work.Steps.FileType.RINGTONE,
                java.net.URI.create("https://files.example.test/ring.mp3"), "ring.mp3");
        job(phone, org.deskfleet.wpi.server.work.Steps.deployFiles(List.of(logo, ring), List.of()));
        InteractionTrace multi = simulator.interact(phone, Reason.SOLICITED).join().requireOk();
        assertThat(multi.actions()).containsExactly(Action.FILE_DEPLOYMENT, Action.CLEAN_UP);
        assertThat(phone.item("file-deployment-name#2").map(WpiItem::value)).contains("ring.mp3");
    }

    @Test
    void softwareDeploymentIsVerifiedByTheNextStartUp_7_9() {
        SimulatedPhone phone = registered(608);
        job(phone, org.deskfleet.wpi.server.work.Steps.deploySoftware(java.net.URI.create("https://files.example.test/os.img"),
                "Siemens SIP", "V3 R9.1.0", org.deskfleet.wpi.server.work.Steps.Priority.IMMEDIATE));
        InteractionTrace deploy = simulator.interact(phone, Reason.SOLICITED).join().requireOk();
        assertThat(deploy.actions()).containsExactly(Action.SOFTWARE_DEPLOYMENT, Action.CLEAN_UP);

        phone.reboot();
        simulator.startUp(phone).join().requireOk();
        assertThat(eventsOf(phone.mac())).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                org.deskfleet.kernel.client.ClientIdentityChanged.class,
                x -> assertThat(x.identity().softwareVersion()).isEqualTo("V3 R9.1.0")));
    }

    @Test
    void restartAndFactoryReset_7_10() {
        SimulatedPhone phone = registered(609);
        job(phone, org.deskfleet.wpi.server.work.Steps.factoryReset());
        InteractionTrace reset = simulator.interact(phone, Reason.SOLICITED).join().requireOk();
        assertThat(reset.actions()).containsExactly(Action.RESTART);
        // After the reset the phone registers again and, its configuration changed, is read in full.
        InteractionTrace again = simulator.startUp(phone).join().requireOk();
        assertThat(again.actions()).containsExactly(Action.READ_ALL_ITEMS, Action.CLEAN_UP);
    }

    @Test
    void fragmentationBothWays_7_13() {
        SimulatedPhone phone = SimulatedPhone.generate(610, 1);
        phone.setFragmentSize(40);
        phone.setMaxItems(2);
        InteractionTrace first = simulator.startUp(phone).join().requireOk();
        long gets = first.actions().stream().filter(a -> a == Action.GET_NEXT_FRAGMENT).count();
        assertThat(gets).isEqualTo((phone.itemCount() + 39) / 40 - 1);
        assertThat(eventsOf(phone.mac())).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ClientItemsReported.class,
                x -> assertThat(x.complete()).isTrue()));

        job(phone, org.deskfleet.wpi.server.work.Steps.writeItems(List.of(WpiItem.of("sntp-addr", "10.13.1.1"),
                WpiItem.of("sntp-tz-offset", "60"), WpiItem.of("daylight-save", "true"), WpiItem.of("ldap-server-port", "389"),
                WpiItem.indexed("file-name", 1, "a.png"), WpiItem.indexed("file-type", 1, "LOGO"))));
        InteractionTrace split = simulator.interact(phone, Reason.SOLICITED).join().requireOk();
        // 4 single items in 2 messages of 2, then the two items of file index 1 together.
        assertThat(split.actions()).containsExactly(Action.WRITE_ITEMS, Action.WRITE_ITEMS, Action.WRITE_ITEMS, Action.CLEAN_UP);
        assertThat(phone.value("sntp-addr")).contains("10.13.1.1");
    }

    @Test
    void certificateWriteIsVerifiedByReadingItsInfo_7_11() {
        SimulatedPhone phone = registered(611);
        job(phone, org.deskfleet.wpi.server.work.Steps.writeItems(List.of(WpiItem.of("wbm-server-certificate",
                        java.util.Base64.getEncoder().encodeToString("pkcs12-placeholder".getBytes())))),
                org.deskfleet.wpi.server.work.Steps.readItems(List.of("wbm-server-certificate-info")));
        InteractionTrace trace = simulator.interact(phone, Reason.SOLICITED).join().requireOk();
        assertThat(trace.actions()).containsExactly(Action.WRITE_ITEMS, Action.READ_ITEMS, Action.CLEAN_UP);
        // Certificates are never part of what phones report back; only the info item is read.
        String written = java.util.Base64.getEncoder().encodeToString("pkcs12-placeholder".getBytes());
        assertThat(eventsOf(phone.mac())).allSatisfy(e -> assertThat(e.toString()).doesNotContain(written));
        assertThat(eventsOf(phone.mac())).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ClientItemsReported.class,
                x -> assertThat(x.reason()).isEqualTo(ContactReason.READ_ITEMS)));
    }
}
