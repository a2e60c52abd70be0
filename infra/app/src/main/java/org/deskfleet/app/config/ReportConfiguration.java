package org.deskfleet.app.config;

import org.deskfleet.api.report.AuditTrailExport;
import org.deskfleet.query.report.AuditExportQueries;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit export's port answered by the read side's audit trail: a stream of rows cannot travel the query bus
 * (which answers with whole results), and the API does not know the read side, so the two meet here.
 */
@Configuration(proxyBeanMethods = false)
class ReportConfiguration {

    @Bean
    AuditTrailExport auditTrailExport(AuditExportQueries trail) {
        return trail::export;
    }
}
