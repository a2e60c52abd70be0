package org.deskfleet.wpi.codec;

import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** Shared test fixtures: the example documents and the two derived XSDs, all from src/test/resources/wpi. */
final class Wpi {

    static final WpiCodec CODEC = new WpiCodec();
    static final String NS = WpiCodec.NAMESPACE;

    private static final Schema PHONE_SCHEMA = schema("WorkpointMessage.xsd");
    private static final Schema SERVICE_SCHEMA = schema("DLSMessage.xsd");
    // A validator is costly to create and not thread-safe: one per schema and thread.
    private static final ThreadLocal<Map<Schema, Validator>> VALIDATORS = ThreadLocal.withInitial(IdentityHashMap::new);

    private Wpi() {
    }

    /** File names of all example documents, in flow order. */
    static List<String> exampleNames() {
        try (Stream<Path> files = Files.list(examplesDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] example(String name) {
        try {
            return Files.readAllBytes(examplesDir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example whose name starts with this number, e.g. {@code "01"}. */
    static byte[] exampleNo(String number) {
        return example(exampleNames().stream().filter(n -> n.startsWith(number + "-")).findFirst().orElseThrow());
    }

    static boolean isServiceDocument(byte[] doc) {
        return new String(doc, StandardCharsets.UTF_8).contains("<DLSMessage");
    }

    static PhoneMessage phone(String number) throws WpiDecodeException {
        return CODEC.readPhoneMessage(exampleNo(number));
    }

    static ServiceMessage service(String number) throws WpiDecodeException {
        return CODEC.readServiceMessage(exampleNo(number));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A phone document in the guide's shape around the given Message content. */
    static byte[] phoneDoc(String messageAttributes, String messageContent) {
        return utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<WorkpointMessage xmlns=\"" + NS + "\">"
                + "<Message " + messageAttributes + ">" + messageContent + "</Message></WorkpointMessage>");
    }

    static byte[] serviceDoc(String messageAttributes, String messageContent) {
        return utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DLSMessage xmlns=\"" + NS + "\">"
                + "<Message " + messageAttributes + ">" + messageContent + "</Message></DLSMessage>");
    }

    static Schema phoneSchema() {
        return PHONE_SCHEMA;
    }

    static Schema serviceSchema() {
        return SERVICE_SCHEMA;
    }

    /** Schema errors (not warnings) of the document, against the schema its root calls for. */
    static List<String> schemaErrors(byte[] doc) {
        return schemaErrors(isServiceDocument(doc) ? SERVICE_SCHEMA : PHONE_SCHEMA, doc);
    }

    static List<String> schemaErrors(Schema schema, byte[] doc) {
        List<String> errors = new ArrayList<>();
        Validator v = VALIDATORS.get().computeIfAbsent(schema, Schema::newValidator);
        v.reset();
        v.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // the single-value xsi:schemaLocation of the guide is only worth a warning
            }

            @Override
            public void error(SAXParseException e) {
                errors.add(e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                errors.add(e.getMessage());
            }
        });
        try {
            v.validate(new StreamSource(new ByteArrayInputStream(doc)));
        } catch (SAXException e) {
            if (errors.isEmpty()) {
                errors.add(e.getMessage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return errors;
    }

    private static Schema schema(String file) {
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            URL url = Objects.requireNonNull(Wpi.class.getResource("/wpi/" + file), file);
            return f.newSchema(new StreamSource(url.toExternalForm()));
        } catch (SAXException e) {
            throw new IllegalStateException("cannot load " + file, e);
        }
    }

    private static Path examplesDir() {
        try {
            return Path.of(Objects.requireNonNull(Wpi.class.getResource("/wpi/examples")).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
