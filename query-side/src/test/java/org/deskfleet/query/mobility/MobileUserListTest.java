package org.deskfleet.query.mobility;

import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.mobility.FindMobileUsers;
import org.deskfleet.kernel.mobility.MobileUserPage;
import org.deskfleet.kernel.mobility.MobileUserView;
import org.deskfleet.query.WireStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mobile-user list is filtered, sorted, counted and paged by the store (over the MongoDB wire): each answer is
 * what filtering and sorting every user here gives, page by page, and the deleted ones are never in it.
 */
class MobileUserListTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    WireStore store;
    MongoTemplate mongo;
    MobileUserQueries queries;
    final List<MobileUserDocument> users = new ArrayList<>();

    @BeforeEach
    void start() {
        store = WireStore.start();
        mongo = store.mongo();
        queries = new MobileUserQueries(mongo);
        for (int i = 0; i < 230; i++) {
            MobileUserDocument d = new MobileUserDocument();
            d.e164 = (i % 2 == 0 ? "4969" : "4930") + String.format("%05d", (i * 7919) % 100_000);
            d.name = "user " + i;
            d.deleted = i % 17 == 0;
            d.loggedOnAt = i % 3 == 0 ? "00:1a:e8:00:00:" + String.format("%02x", i % 256) : null;
            // some never logged on; several share a time (e164 breaks the tie)
            d.lastLogin = i % 5 == 0 ? null : T0.plusSeconds((i % 40) * 60L);
            d.profileData = List.of(new org.deskfleet.kernel.mobility.ProfileItem("userdata-call-log", "x".repeat(100)));
            mongo.save(d);
            users.add(d);
        }
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void everyFilterAndOrderPagesThroughWhatSortingEveryUserGives() {
        for (FindMobileUsers.Sort sort : FindMobileUsers.Sort.values()) {
            for (MobileUserView.Status status : new MobileUserView.Status[]{null, MobileUserView.Status.LOGGED_ON, MobileUserView.Status.LOGGED_OFF}) {
                for (String e164 : new String[]{null, "", "+4969", "69", "0", "no such number"}) {
                    List<String> expected = expected(e164, status, sort);
                    List<String> seen = new ArrayList<>();
                    String after = null;
                    MobileUserPage page;
                    do {
                        page = queries.handle(new FindMobileUsers(e164, status, sort, 25, after));
                        assertThat(page.totalCount()).as("%s %s %s", sort, status, e164).isEqualTo(expected.size());
                        page.nodes().forEach(u -> {
                            seen.add(u.e164());
                            if (status != null) {
                                assertThat(u.status()).isEqualTo(status.name());
                            }
                        });
                        after = page.endCursor();
                    } while (page.hasNextPage());
                    assertThat(seen).as("%s %s %s", sort, status, e164).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aPageBeyondTheEndIsEmptyAndACursorNotOfThisListIsRefused() {
        MobileUserPage beyond = queries.handle(new FindMobileUsers(null, null, null, 50, "10000"));
        assertThat(beyond.nodes()).isEmpty();
        assertThat(beyond.hasNextPage()).isFalse();
        assertThat(beyond.totalCount()).isEqualTo(users.stream().filter(u -> !u.deleted).count());
        assertThatThrownBy(() -> queries.handle(new FindMobileUsers(null, null, null, 50, "abc")))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("abc");
    }

    private List<String> expected(String e164, MobileUserView.Status status, FindMobileUsers.Sort sort) {
        String part = e164 == null ? "" : e164.strip().replaceFirst("^\\+", "");
        Predicate<MobileUserDocument> keep = u -> !u.deleted && u.e164.contains(part)
                && (status == null || (u.loggedOnAt != null) == (status == MobileUserView.Status.LOGGED_ON));
        Comparator<MobileUserDocument> order = switch (sort) {
            case E164_ASC, E164_DESC -> Comparator.comparing((MobileUserDocument d) -> d.e164);
            case LAST_LOGIN_ASC, LAST_LOGIN_DESC -> Comparator.comparing((MobileUserDocument d) -> d.lastLogin,
                    Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(d -> d.e164);
        };
        if (sort == FindMobileUsers.Sort.E164_DESC || sort == FindMobileUsers.Sort.LAST_LOGIN_DESC) {
            order = order.reversed();
        }
        return users.stream().filter(keep).sorted(order).map(u -> u.e164).toList();
    }
}
