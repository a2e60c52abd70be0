package org.deskfleet.command.configuration;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.deskfleet.kernel.catalog.CatalogEntry;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.catalog.ParameterType;
import org.deskfleet.kernel.catalog.Scope;
import org.deskfleet.command.configuration.ParameterRules.Checked;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.configuration.Violation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every catalog row, valid and invalid values generated from the row itself (type, allowed values,
 * range, stated formats), read here from the row independently of {@link ValueRules}: valid values pass
 * and come back in the catalog's spelling, invalid ones are rejected by the rule that names their fault.
 * User-scope rows have no writer yet and are left out.
 */
class CatalogParameterRulesPropertiesTest {

    private static final ParameterCatalog CATALOG = ParameterCatalog.bundled();
    private static final CatalogParameterRules RULES = new CatalogParameterRules(CATALOG);
    private static final Pattern RANGE = Pattern.compile("(-?\\d+)\\s*\\.\\.\\s*(-?\\d+)");
    private static final String SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;-_/#*+!?()=%$@";

    /** A phone every condition of the row holds for (the parameter applies to it). */
    static Applicability.Phone phoneFor(CatalogEntry row) {
        String c = row.condition().toLowerCase(Locale.ROOT);
        String software = c.contains("hfa only") || c.contains("hfa phones") ? "HFA" : "Siemens SIP";
        String device = c.contains("optpoint") ? "optiPoint 410 advance"
                : c.contains("cp200/cp400/cp600") && c.contains("and higher only") ? "OpenScape Desk Phone CP400" : "OpenStage 40";
        return new Applicability.Phone(software, device, "V9 R9.0.0");
    }

    static Checked check(CatalogEntry row, List<ParameterValue> values) {
        return switch (row.scope()) {
            case CLIENT -> {
                Applicability.Phone p = phoneFor(row);
                yield RULES.checkClient(values, p.softwareType(), p.deviceType(), p.softwareVersion());
            }
            case TEMPLATE -> RULES.checkTemplate(values);
            case SYSTEM -> RULES.checkSystem(values);
            case USER -> RULES.checkUser(values);
        };
    }

    static List<CatalogEntry> writableRows() {
        return CATALOG.entries();
    }

    @Provide
    Arbitrary<CatalogEntry> rows() {
        return Arbitraries.of(writableRows());
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void everyRowAcceptsValidValuesInItsOwnSpelling(@ForAll("rows") CatalogEntry row) {
        if (row.readOnly() || row.type() == ParameterType.READONLY) {
            return;
        }
        valid(row).sampleStream().limit(25).forEach(value -> {
            Checked checked = check(row, List.of(new ParameterValue(row.key(), null, value)));
            assertThat(checked.violations()).as(row.key() + " = '" + value + "'").isEmpty();
            String stored = checked.normalised().getFirst().value();
            switch (row.type()) {
                case BOOL, ENUM -> {
                    if (!row.allowedValues().isEmpty() && !RANGE.matcher(value).matches() && !value.matches("-?\\d+")) {
                        assertThat(row.allowedValues()).as(row.key()).contains(stored);
                    }
                }
                case INT -> assertThat(Long.parseLong(stored)).as(row.key()).isEqualTo(Long.parseLong(value.strip()));
                default -> assertThat(stored).as(row.key()).isEqualTo(value);
            }
        });
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void everyRowRejectsInvalidValuesByTheRightRule(@ForAll("rows") CatalogEntry row) {
        invalid(row).sampleStream().limit(25).forEach(bad -> {
            Checked checked = check(row, List.of(new ParameterValue(row.key(), null, bad.get1())));
            assertThat(checked.normalised()).as(row.key() + " = '" + bad.get1() + "'").isEmpty();
            assertThat(checked.violations()).as(row.key() + " = '" + bad.get1() + "'").singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo(bad.get2());
                assertThat(v.parameter()).isEqualTo(row.key());
                assertThat(v.value()).isEqualTo(row.type() == ParameterType.PASSWORD ? "****" : bad.get1());
                assertThat(v.message()).contains(row.key());
                if (row.type() == ParameterType.PASSWORD) {
                    // The secret never stands in the message: its quoted form is masked (a short secret such as
                    // "8" may still occur in the rule's own words, "8 characters").
                    assertThat(v.message()).doesNotContain("'" + bad.get1() + "'");
                }
            });
        });
    }

    /** Many entries at once, some bad: each bad one is reported once with its rule, the good ones are not. */
    @Property(tries = 300)
    void aRequestReportsEveryBadEntryAndOnlyThose(@ForAll("templateMixes") List<Tuple2<CatalogEntry, Tuple2<String, String>>> mix) {
        List<ParameterValue> values = mix.stream().map(m -> new ParameterValue(m.get1().key(), null, m.get2().get1())).toList();
        Checked checked = RULES.checkTemplate(values);
        Map<String, String> expected = new LinkedHashMap<>();
        mix.stream().filter(m -> m.get2().get2() != null).forEach(m -> expected.put(m.get1().key(), m.get2().get2()));
        Map<String, String> actual = new LinkedHashMap<>();
        for (Violation v : checked.violations()) {
            actual.put(v.parameter(), v.rule());
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(checked.normalised()).hasSize(mix.size() - expected.size());
    }

    @Provide
    Arbitrary<List<Tuple2<CatalogEntry, Tuple2<String, String>>>> templateMixes() {
        Arbitrary<CatalogEntry> rows = Arbitraries.of(CATALOG.entries().stream()
                .filter(e -> e.scope() == Scope.TEMPLATE && !e.readOnly() && e.type() != ParameterType.READONLY).toList());
        Arbitrary<Tuple2<CatalogEntry, Tuple2<String, String>>> entry = rows.flatMap(row -> Arbitraries.oneOf(
                valid(row).map(v -> Tuple.of(row, Tuple.<String, String>of(v, null))),
                invalid(row).map(bad -> Tuple.of(row, bad))));
        return entry.list().ofMinSize(1).ofMaxSize(30).uniqueElements(t -> t.get1().key());
    }

    @Example
    void everyCatalogDefaultIsAValidValue() {
        List<String> rejected = new ArrayList<>();
        for (CatalogEntry row : writableRows()) {
            if (row.readOnly() || row.type() == ParameterType.READONLY || row.defaultValue().isBlank()
                    || row.defaultValue().startsWith("same as") || row.defaultValue().equals("NULL")) {
                // "same as E164 number" and NULL (no value) are the manual's words for no default of their own
                continue;
            }
            Checked checked = check(row, List.of(new ParameterValue(row.key(), null, row.defaultValue())));
            checked.violations().forEach(v -> rejected.add(v.message()));
        }
        assertThat(rejected).isEmpty();
    }

    @Example
    void conditionsHoldAgainstTheClientsSoftwareDeviceAndFirmware() {
        String sipOnly = "telephony.sip-settings.transport-protocol";
        String hfaOnly = "telephony.hfa-settings.gateway-id";
        String cpFromV1R2 = "telephony.sip-settings.failover-type";
        String optiPoint = "mobile-user.call-handling.conference-calls-enabled";
        String recording = "features.call-recording.call-recording-mode";
        assertThat(rules(RULES.checkClient(List.of(value(sipOnly, "TLS")), "HFA", "OpenStage 40", "V3 R5.14.0"))).containsExactly("software-type");
        assertThat(rules(RULES.checkClient(List.of(value(hfaOnly, "1")), "Siemens SIP", "OpenStage 40", "V3 R5.14.0"))).containsExactly("software-type");
        assertThat(rules(RULES.checkClient(List.of(value(cpFromV1R2, "Timeout only")), "Siemens SIP", "OpenStage 40", "V3 R5.14.0")))
                .containsExactly("device-type");
        assertThat(rules(RULES.checkClient(List.of(value(cpFromV1R2, "Timeout only")), "Siemens SIP", "OpenScape Desk Phone CP400", "V1 R1.9.0")))
                .containsExactly("firmware");
        assertThat(rules(RULES.checkClient(List.of(value(cpFromV1R2, "Timeout only")), "Siemens SIP", "OpenScape Desk Phone CP400", "V1 R10.2.2")))
                .isEmpty();
        assertThat(rules(RULES.checkClient(List.of(value(optiPoint, "True")), "Siemens SIP", "OpenStage 40", "V3 R5.14.0")))
                .containsExactly("device-type");
        assertThat(rules(RULES.checkClient(List.of(value(recording, "Disabled")), "Siemens SIP", "OpenStage 40", "V1 R7.0.0")))
                .containsExactly("firmware");
        assertThat(rules(RULES.checkClient(List.of(value(recording, "Manual")), "Siemens SIP", "OpenStage 40", "V1 R7.0.0"))).isEmpty();
        // what the phone has not told us is not held against it
        assertThat(rules(RULES.checkClient(List.of(value(sipOnly, "TLS"), value(cpFromV1R2, "Timeout only")), null, null, null))).isEmpty();
        // a template-only parameter on a client
        assertThat(rules(RULES.checkClient(List.of(value("general.date-time.time-source", "x")), "Siemens SIP", "OpenStage 40", null)))
                .containsExactly("template-only");
    }

    @Example
    void onlyListParametersTakeAnIndexWithinTheirCount() {
        String doorName = "features.door-opener.door-opener-name";
        String localCode = "telephony.canonical-dial-lookup.local-code";
        String sntp = "general.date-time.sntp-server-address";
        assertThat(rules(RULES.checkTemplate(List.of(new ParameterValue(doorName, 4, "Back door"), new ParameterValue(localCode, 7, "089")))))
                .isEmpty();
        assertThat(rules(RULES.checkTemplate(List.of(new ParameterValue(doorName, 5, "x"), new ParameterValue(doorName, 0, "y"),
                new ParameterValue(localCode, -1, "089"), new ParameterValue(sntp, 1, "10.1.1.1")))))
                .containsExactly("index", "index", "index", "index");
    }

    private static ParameterValue value(String key, String value) {
        assertThat(CATALOG.scopesOf(key)).as(key).isNotEmpty();
        return new ParameterValue(key, null, value);
    }

    private static List<String> rules(Checked checked) {
        return checked.violations().stream().map(Violation::rule).toList();
    }

    // ---- generators, from the row as the manual states it ----

    private static String text(CatalogEntry row) {
        return (String.join("|", row.allowedValues()) + " " + row.condition()).toLowerCase(Locale.ROOT);
    }

    private static long[] intRange(CatalogEntry row) {
        Matcher m = RANGE.matcher(text(row));
        if (m.find()) {
            long a = Long.parseLong(m.group(1));
            long b = Long.parseLong(m.group(2));
            return new long[]{Math.min(a, b), Math.max(a, b)};
        }
        if (row.label().toLowerCase(Locale.ROOT).matches(".*\\bport\\b.*")) {
            return new long[]{0, 65_535};
        }
        String t = text(row);
        return t.contains("unit:") || t.contains("digits") || t.contains("value in seconds")
                ? new long[]{0, Integer.MAX_VALUE} : new long[]{Integer.MIN_VALUE, Integer.MAX_VALUE};
    }

    private static Arbitrary<String> randomCase(String s) {
        return Arbitraries.of(s, s.toLowerCase(Locale.ROOT), s.toUpperCase(Locale.ROOT));
    }

    private static Arbitrary<String> ipv4() {
        return Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(l -> String.join(".", l.stream().map(String::valueOf).toList()));
    }

    private static Arbitrary<String> ipv6() {
        Arbitrary<List<String>> groups = Arbitraries.integers().between(0, 0xffff).map(Integer::toHexString).list().ofSize(8);
        return Arbitraries.oneOf(groups.map(g -> String.join(":", g)),
                groups.map(g -> g.get(0) + "::" + g.get(7)), Arbitraries.just("::1"), Arbitraries.just("fe80::1"));
    }

    private static Arbitrary<String> hostName() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> tld = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz").ofMinLength(2).ofMaxLength(6);
        return Combinators.combine(label.list().ofMinSize(0).ofMaxSize(3), tld)
                .as((ls, t) -> ls.isEmpty() ? t : String.join(".", ls) + "." + t);
    }

    private enum Addr { V4, V6, LITERAL, V4_HOST, V6_HOST, ANY }

    private static Addr addr(CatalogEntry row) {
        String l = row.label().toLowerCase(Locale.ROOT);
        String c = row.condition().toLowerCase(Locale.ROOT);
        boolean host = c.contains("host name") || c.contains("dns name");
        if (l.contains("subnet mask")) {
            return Addr.V4;
        }
        if (l.startsWith("ipv4") || c.contains("ipv4 address")) {
            return host ? Addr.V4_HOST : Addr.V4;
        }
        if (l.startsWith("ipv6") || c.contains("ipv6 address")) {
            return host ? Addr.V6_HOST : Addr.V6;
        }
        return l.equals("ip address") || l.equals("ip default route") ? Addr.LITERAL : Addr.ANY;
    }

    private static int maxChars(CatalogEntry row) {
        Matcher m = Pattern.compile("max\\.? (\\d+) characters").matcher(text(row));
        return m.find() ? Integer.parseInt(m.group(1)) : 255;
    }

    private static boolean certificate(CatalogEntry row) {
        return text(row).contains("certificate file");
    }

    private static Arbitrary<String> safeText(int min, int max) {
        return Arbitraries.strings().withChars(SAFE).ofMinLength(min).ofMaxLength(max)
                .filter(s -> s.isEmpty() || s.strip().equals(s));
    }

    static Arbitrary<String> valid(CatalogEntry row) {
        String allowed = String.join("|", row.allowedValues()).toLowerCase(Locale.ROOT);
        return switch (row.type()) {
            case BOOL -> row.allowedValues().isEmpty() ? Arbitraries.of("true", "false", "True", "FALSE")
                    : Arbitraries.of(row.allowedValues()).flatMap(CatalogParameterRulesPropertiesTest::randomCase);
            case ENUM -> row.allowedValues().isEmpty() ? safeText(0, 40)
                    : Arbitraries.of(row.allowedValues()).flatMap(a -> {
                        Matcher m = RANGE.matcher(a);
                        return m.matches() ? Arbitraries.longs().between(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))).map(String::valueOf)
                                : randomCase(a);
                    });
            case INT -> {
                long[] r = intRange(row);
                yield Arbitraries.longs().between(r[0], r[1]).edgeCases(c -> c.includeOnly(r[0], r[1])).map(String::valueOf);
            }
            case IP -> switch (addr(row)) {
                case V4 -> ipv4();
                case V6 -> ipv6();
                case LITERAL -> Arbitraries.oneOf(ipv4(), ipv6());
                case V4_HOST -> Arbitraries.oneOf(ipv4(), hostName());
                case V6_HOST -> Arbitraries.oneOf(ipv6(), hostName());
                case ANY -> Arbitraries.oneOf(ipv4(), ipv6(), hostName());
            };
            case URL -> Combinators.combine(Arbitraries.of("http", "https", "HTTPS", "ftp", "ldap", "sip"), hostName(),
                    Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789/-_.?=").ofMaxLength(40))
                    .as((scheme, host, path) -> scheme + "://" + host + "/" + path);
            case STRING, PASSWORD -> {
                Matcher digits = Pattern.compile("(\\d+)\\.\\.(\\d+) digits").matcher(allowed);
                if (certificate(row)) {
                    yield Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
                            .ofMinLength(1).ofMaxLength(400).map(b -> "-----BEGIN CERTIFICATE-----\n" + b + "\n-----END CERTIFICATE-----");
                } else if (digits.find()) {
                    yield Arbitraries.strings().numeric().ofMinLength(Integer.parseInt(digits.group(1))).ofMaxLength(Integer.parseInt(digits.group(2)));
                } else if (allowed.equals("digits")) {
                    yield Arbitraries.strings().numeric().ofMaxLength(20);
                } else if (allowed.contains("email address")) {
                    yield Combinators.combine(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20), hostName())
                            .as((u, h) -> u + "@" + h + ".org");
                } else if (allowed.contains("username@hostname")) {
                    yield Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20), hostName()).as((u, h) -> u + "@" + h);
                } else if (row.type() == ParameterType.PASSWORD) {
                    yield Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(maxChars(row))
                            .filter(s -> s.strip().equals(s) && !s.isEmpty());
                }
                yield safeText(0, maxChars(row));
            }
            case READONLY -> Arbitraries.just("x");
        };
    }

    /** An invalid value and the rule it breaks. */
    static Arbitrary<Tuple2<String, String>> invalid(CatalogEntry row) {
        if (row.readOnly() || row.type() == ParameterType.READONLY) {
            return safeText(1, 20).map(v -> Tuple.of(v, "read-only"));
        }
        String allowed = String.join("|", row.allowedValues()).toLowerCase(Locale.ROOT);
        Arbitrary<String> word = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12);
        return switch (row.type()) {
            case BOOL -> word.filter(w -> !List.of("true", "false", "yes", "no", "on", "off").contains(w.toLowerCase(Locale.ROOT)))
                    .map(w -> Tuple.of(w, "bool"));
            case ENUM -> row.allowedValues().isEmpty()
                    ? Arbitraries.oneOf(safeText(256, 300).map(v -> Tuple.of(v, "length")), word.map(w -> Tuple.of(w + "<" + w, "text")))
                    : Arbitraries.oneOf(word.map(w -> "x-" + w), Arbitraries.integers().between(1000, 99_999).map(String::valueOf))
                    .filter(w -> row.allowedValues().stream().noneMatch(a -> a.equalsIgnoreCase(w)))
                    .map(w -> Tuple.of(w, "enum"));
            case INT -> {
                long[] r = intRange(row);
                List<Arbitrary<Tuple2<String, String>>> bad = new ArrayList<>();
                bad.add(Arbitraries.oneOf(word, Arbitraries.just("1.5"), Arbitraries.just("12 ")).filter(w -> !w.strip().matches("-?\\d+"))
                        .map(w -> Tuple.of(w.strip().isEmpty() ? "x" : w, "int")));
                if (r[0] > Integer.MIN_VALUE) {
                    bad.add(Arbitraries.longs().between(r[0] - 100_000, r[0] - 1).map(n -> Tuple.of(String.valueOf(n), "range")));
                }
                if (r[1] < Integer.MAX_VALUE) {
                    bad.add(Arbitraries.longs().between(r[1] + 1, r[1] + 100_000).map(n -> Tuple.of(String.valueOf(n), "range")));
                }
                yield Arbitraries.oneOf(bad);
            }
            case IP -> {
                Addr kind = addr(row);
                String rule = switch (kind) {
                    case V4 -> "ipv4";
                    case V6 -> "ipv6";
                    default -> "ip";
                };
                Arbitrary<String> broken = Arbitraries.oneOf(
                        Arbitraries.integers().between(256, 999).map(n -> "10.0.0." + n),
                        word.map(w -> w + " " + w), word.map(w -> w + "_x"), word.map(w -> "-" + w),
                        Arbitraries.integers().between(0, 255).map(n -> "10." + n + ".1"), Arbitraries.just("1::2::3"));
                if (kind == Addr.V4) {
                    broken = Arbitraries.oneOf(broken, hostName(), ipv6().filter(s -> s.contains(":")));
                } else if (kind == Addr.V6 || kind == Addr.LITERAL) {
                    broken = Arbitraries.oneOf(broken, hostName());
                }
                yield broken.map(b -> Tuple.of(b, rule));
            }
            case URL -> Arbitraries.oneOf(hostName(), hostName().map(h -> "gopher://" + h), hostName().map(h -> "http://" + h + " x"))
                    .map(u -> Tuple.of(u, "url"));
            case STRING, PASSWORD -> {
                Matcher digits = Pattern.compile("(\\d+)\\.\\.(\\d+) digits").matcher(allowed);
                if (certificate(row)) {
                    yield word.map(w -> Tuple.of(w + "\u0001", "text"));
                } else if (digits.find()) {
                    int min = Integer.parseInt(digits.group(1));
                    int max = Integer.parseInt(digits.group(2));
                    yield Arbitraries.oneOf(
                            Arbitraries.strings().alpha().ofMinLength(min).ofMaxLength(max).map(w -> Tuple.of(w, "digits")),
                            Arbitraries.strings().numeric().ofMinLength(max + 1).ofMaxLength(max + 10).map(w -> Tuple.of(w, "length")),
                            Arbitraries.strings().numeric().ofMaxLength(min - 1).filter(w -> !w.isEmpty()).map(w -> Tuple.of(w, "length")));
                } else if (allowed.equals("digits")) {
                    yield word.map(w -> Tuple.of(w, "digits"));
                } else if (allowed.contains("email address")) {
                    yield word.map(w -> Tuple.of(w + ".example.org", "email"));
                } else if (allowed.contains("username@hostname")) {
                    yield word.map(w -> Tuple.of(w, "user-at-host"));
                }
                Arbitrary<Tuple2<String, String>> tooLong = Arbitraries.strings().withChars("abcXYZ019").ofMinLength(maxChars(row) + 1)
                        .ofMaxLength(maxChars(row) + 40).map(s -> Tuple.of(s, "length"));
                Arbitrary<Tuple2<String, String>> control = word.map(w -> Tuple.of(w + "\u0007" + w, "text"));
                yield row.type() == ParameterType.PASSWORD ? Arbitraries.oneOf(tooLong, control)
                        : Arbitraries.oneOf(tooLong, control, word.map(w -> Tuple.of(w + " & " + w, "text")), word.map(w -> Tuple.of("<" + w + ">", "text")));
            }
            case READONLY -> Arbitraries.just(Tuple.of("x", "read-only"));
        };
    }
}
