package org.deskfleet.kernel.job;

/** The kinds of job (OSEM chapter 12). */
public enum JobType {
    CONFIGURATION, REFRESH_DATA, RESTART, FACTORY_RESET, FILE_DEPLOYMENT, SOFTWARE_DEPLOYMENT
}
