package dev.mamori.monitor.violation;

/**
 * Stands in for a monitor class in the architecture rule's negative test.
 */
public class MonitorType {

}
