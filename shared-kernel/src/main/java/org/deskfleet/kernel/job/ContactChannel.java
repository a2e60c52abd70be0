package org.deskfleet.kernel.job;

/** How a phone was asked to call in for its pending jobs. */
public enum ContactChannel {
    /** A contact-me request the phone acknowledged (phones reached directly). */
    CONTACT_ME,
    /** 202 answered to the phone's DCMP poll (phones that poll). */
    DCMP_POLL
}
