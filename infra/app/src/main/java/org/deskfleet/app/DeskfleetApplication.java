package org.deskfleet.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The deskfleet server, and nothing else: the command-line tools, the phone simulator and the benchmarks live in
 * the tools module (their own jar), so the server carries none of them.
 */
@SpringBootApplication(scanBasePackages = "org.deskfleet")
@ConfigurationPropertiesScan("org.deskfleet.app")
public class DeskfleetApplication {

    static {
        // No calls home: operators run this in closed networks; Axon's update check is opt-in here.
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
    }

    public static void main(String[] args) {
        SpringApplication.run(DeskfleetApplication.class, args);
    }
}
