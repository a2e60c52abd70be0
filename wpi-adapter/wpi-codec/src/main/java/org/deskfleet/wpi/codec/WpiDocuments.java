package org.deskfleet.wpi.codec;

import java.util.List;

/**
 * What {@link WpiCodec}'s reader collects from a document before it checks the values: raw attribute and
 * text strings, null when absent. Mutable holders filled by one streaming pass.
 */
final class WpiDocuments {

    private WpiDocuments() {
    }

    static final class Root {
        MessageDoc message;
        /** Phones accept an ItemList beside Message (wpi-protocol §3.7); so does our lenient reader. */
        List<ItemDoc> strayItems;
    }

    static final class MessageDoc {
        String nonce;
        String maxItems;
        String fragment;
        ReasonDoc reason;
        String action;
        List<ItemDoc> items;
    }

    static final class ReasonDoc {
        String action;
        String status;
        String fragment;
        String text;
    }

    static final class ItemDoc {
        String name;
        String index;
        String type;
        String status;
        String value;
    }
}
