package org.deskfleet.wpi.codec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlText;

import java.util.List;

/**
 * Jackson binding of both WPI roots. Lenient on purpose: unknown elements and attributes are ignored,
 * {@code fragment} is accepted on {@code Message} and on {@code ReasonForContact} (PROTOCOL.md 3.2).
 * Mutable classes rather than records because Jackson's XML text binding is reliable only on fields.
 */
final class WpiDocuments {

    private WpiDocuments() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Root {
        @JacksonXmlProperty(localName = "Message")
        public MessageDoc message;
        /** Phones accept an ItemList beside Message (FIELD-NOTES 7); so does our lenient reader. */
        @JacksonXmlElementWrapper(localName = "ItemList")
        @JacksonXmlProperty(localName = "Item")
        public List<ItemDoc> strayItems;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class MessageDoc {
        @JacksonXmlProperty(isAttribute = true)
        public String nonce;
        @JacksonXmlProperty(isAttribute = true)
        public String maxItems;
        @JacksonXmlProperty(isAttribute = true)
        public String fragment;
        @JacksonXmlProperty(localName = "ReasonForContact")
        public ReasonDoc reason;
        @JacksonXmlProperty(localName = "Action")
        public String action;
        @JacksonXmlElementWrapper(localName = "ItemList")
        @JacksonXmlProperty(localName = "Item")
        public List<ItemDoc> items;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class ReasonDoc {
        @JacksonXmlProperty(isAttribute = true)
        public String action;
        @JacksonXmlProperty(isAttribute = true)
        public String status;
        @JacksonXmlProperty(isAttribute = true)
        public String fragment;
        @JacksonXmlText
        public String text;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class ItemDoc {
        @JacksonXmlProperty(isAttribute = true)
        public String name;
        @JacksonXmlProperty(isAttribute = true)
        public String index;
        @JacksonXmlProperty(isAttribute = true)
        public String type;
        @JacksonXmlProperty(isAttribute = true)
        public String status;
        @JacksonXmlText
        public String value;
    }
}
