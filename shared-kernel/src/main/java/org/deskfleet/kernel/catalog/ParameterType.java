package org.deskfleet.kernel.catalog;

/** Value types of the catalog. */
public enum ParameterType {
    BOOL, ENUM, INT, STRING, PASSWORD, IP, URL, READONLY
}
