package org.deskfleet.api.security;

/**
 * Browser and operating system of a session, as OSEM's session list shows them (2.8.3), from the User-Agent
 * header: a coarse reading of the well-known tokens, enough to tell one's sessions apart (never trusted).
 */
public final class UserAgentParts {

    private UserAgentParts() {
    }

    public static String browser(String ua) {
        if (ua == null || ua.isBlank()) {
            return "unknown";
        }
        if (ua.contains("Edg/")) return "Edge";
        if (ua.contains("OPR/") || ua.contains("Opera")) return "Opera";
        if (ua.contains("Firefox/")) return "Firefox";
        if (ua.contains("Chrome/") || ua.contains("Chromium/")) return "Chrome";
        if (ua.contains("Safari/")) return "Safari";
        if (ua.startsWith("curl/")) return "curl";
        if (ua.startsWith("Java-http-client") || ua.startsWith("Java/")) return "Java HTTP client";
        if (ua.startsWith("deskfleet")) return "deskfleet CLI";
        int slash = ua.indexOf('/');
        return slash > 0 ? ua.substring(0, Math.min(slash, 40)) : ua.substring(0, Math.min(ua.length(), 40));
    }

    public static String operatingSystem(String ua) {
        if (ua == null) {
            return "unknown";
        }
        if (ua.contains("Windows")) return "Windows";
        if (ua.contains("Android")) return "Android";
        if (ua.contains("iPhone") || ua.contains("iPad")) return "iOS";
        if (ua.contains("Mac OS X") || ua.contains("Macintosh")) return "macOS";
        if (ua.contains("CrOS")) return "ChromeOS";
        if (ua.contains("Linux")) return "Linux";
        return "unknown";
    }

    static String describe(String ua) {
        return browser(ua) + " on " + operatingSystem(ua);
    }
}
