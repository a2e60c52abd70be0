package org.deskfleet.kernel.mobility;

/** What an operator can plan for a mobile user. */
public enum MobilityAction { LOGON, LOGOFF }
