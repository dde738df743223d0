package dev.mamori.persistence;

/**
 * The persistence contract on the embedded H2 database (Mamori's default).
 */
class H2PersistenceTests extends PersistenceContract {

}
