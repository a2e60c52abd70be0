package org.deskfleet.kernel.job;

/** The kinds of job (OSEM chapter 12). */
public enum JobType {
    CONFIGURATION, REFRESH_DATA, RESTART, FACTORY_RESET, FILE_DEPLOYMENT, SOFTWARE_DEPLOYMENT,
    /** An operator's (or the system's forced) logon of a mobile user at a phone (OSEM §5.4.1). */
    MOBILE_USER_LOGON,
    /** An operator's (or the system's forced) logoff of a mobile user from the phone the user is logged on at. */
    MOBILE_USER_LOGOFF
}
