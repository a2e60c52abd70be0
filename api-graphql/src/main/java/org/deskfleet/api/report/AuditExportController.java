package org.deskfleet.api.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.deskfleet.api.security.AccessRules;
import org.deskfleet.api.security.SignedInAccount;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.report.AuditRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Set;

/**
 * {@code GET /reports/audit?from=T&to=T[&format=csv|json][&device=MAC]}: every parameter change in the window
 * ({@code from} inclusive, {@code to} exclusive), oldest first, as CSV (RFC 4180, a header line) or a JSON array,
 * written to the response while it is read from the audit trail: nothing is collected, so an export of millions of
 * rows takes the memory of a few. Signed in as for GraphQL (a bearer session token; no token: 401 before this
 * runs), for auditors and administrators ({@link AccessRules#AUDIT_EXPORT}). Bad input is answered 400 with what is
 * wrong, before anything is read. Secret values are never in it (the trail does not hold them).
 */
@RestController
public class AuditExportController {

    private static final Logger log = LoggerFactory.getLogger(AuditExportController.class);
    private static final Set<String> PARAMETERS = Set.of("from", "to", "format", "device");
    static final String[] COLUMNS = {"at", "deviceId", "sequence", "parameter", "index", "oldValue", "newValue", "secret",
            "source", "actor", "reason", "correlationId"};

    private final AuditTrailExport trail;
    private final JsonFactory json = new JsonFactory();

    public AuditExportController(AuditTrailExport trail) {
        this.trail = trail;
    }

    @GetMapping("/reports/audit")
    public void audit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String refusal = AccessRules.refusal(AccessRules.AUDIT_EXPORT, (SignedInAccount) request.getAttribute(SignedInAccount.KEY));
        if (refusal != null) {
            error(response, request.getAttribute(SignedInAccount.KEY) == null ? 401 : 403, refusal);
            return;
        }
        Instant from;
        Instant to;
        String device;
        boolean csv;
        try {
            for (String name : Collections.list(request.getParameterNames())) {
                if (!PARAMETERS.contains(name)) {
                    throw new InvalidInput("unknown parameter '" + name + "' (known: from, to, format, device)");
                }
            }
            from = instant(request, "from");
            to = instant(request, "to");
            if (from.isAfter(to)) {
                throw new InvalidInput("from (" + from + ") is after to (" + to + ")");
            }
            String format = request.getParameter("format") == null ? "csv" : request.getParameter("format");
            if (!format.equals("csv") && !format.equals("json")) {
                throw new InvalidInput("format must be csv or json, got '" + format + "'");
            }
            csv = format.equals("csv");
            device = request.getParameter("device") == null ? null : DeviceId.parse(request.getParameter("device")).value();
        } catch (InvalidInput e) {
            error(response, 400, e.getMessage());
            return;
        }
        response.setStatus(200);
        response.setCharacterEncoding("UTF-8");
        response.setContentType(csv ? "text/csv; charset=utf-8" : "application/json");
        response.setHeader("Content-Disposition", "attachment; filename=\"audit-" + from.toString().replace(':', '-')
                + "-" + to.toString().replace(':', '-') + (csv ? ".csv\"" : ".json\""));
        response.setHeader("Cache-Control", "no-store");
        OutputStream body = response.getOutputStream();
        try {
            long rows = csv ? csv(body, from, to, device) : json(body, from, to, device);
            log.info("audit export {} .. {}{} as {}: {} rows", from, to, device == null ? "" : " of " + device,
                    csv ? "CSV" : "JSON", rows);
        } catch (UncheckedIOException e) {
            // The caller went away in the middle: nothing to answer to.
            log.info("audit export {} .. {} ended early: {}", from, to, e.getCause().toString());
        }
    }

    private long csv(OutputStream body, Instant from, Instant to, String device) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8), 1 << 16);
        out.write(String.join(",", COLUMNS) + "\r\n");
        long n = trail.export(from, to, device, row -> {
            try {
                Object[] values = values(row);
                for (int i = 0; i < values.length; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.write(csvField(values[i]));
                }
                out.write("\r\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        out.flush();
        return n;
    }

    private long json(OutputStream body, Instant from, Instant to, String device) throws IOException {
        JsonGenerator g = json.createGenerator(body, JsonEncoding.UTF8);
        g.writeStartArray();
        long n = trail.export(from, to, device, row -> {
            try {
                Object[] values = values(row);
                g.writeStartObject();
                for (int i = 0; i < values.length; i++) {
                    Object v = values[i];
                    g.writeFieldName(COLUMNS[i]);
                    switch (v) {
                        case null -> g.writeNull();
                        case Long l -> g.writeNumber(l);
                        case Integer x -> g.writeNumber(x);
                        case Boolean b -> g.writeBoolean(b);
                        default -> g.writeString(v.toString());
                    }
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        g.writeEndArray();
        g.flush();
        return n;
    }

    private static Object[] values(AuditRow r) {
        return new Object[]{r.at() == null ? null : r.at().toString(), r.deviceId(), r.sequence(), r.parameter(), r.index(),
                r.secret() ? null : r.oldValue(), r.secret() ? null : r.newValue(), r.secret(),
                r.source() == null ? null : r.source().name(), r.actor(), r.reason(), r.correlationId()};
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled; null is an empty field. */
    static String csvField(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static Instant instant(HttpServletRequest request, String name) {
        String raw = request.getParameter(name);
        if (raw == null || raw.isBlank()) {
            throw new InvalidInput(name + " is missing (an ISO-8601 instant such as 2026-01-01T00:00:00Z)");
        }
        try {
            return Instant.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInput(name + " is not an ISO-8601 instant such as 2026-01-01T00:00:00Z: '" + raw + "'");
        }
    }

    private void error(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        try (JsonGenerator g = json.createGenerator(response.getOutputStream(), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("error", status == 400 ? "bad_request" : status == 401 ? "unauthorized" : "forbidden");
            g.writeStringField("message", message);
            g.writeEndObject();
        }
    }
}
