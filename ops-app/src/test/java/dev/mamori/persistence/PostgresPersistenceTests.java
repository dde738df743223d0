package dev.mamori.persistence;

import dev.mamori.core.testsupport.RequiresPostgres;
import dev.mamori.core.testsupport.TestPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The persistence contract on a real PostgreSQL server, each context on a fresh database.
 */
@RequiresPostgres
class PostgresPersistenceTests extends PersistenceContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		TestPostgres.register(registry);
	}

}
