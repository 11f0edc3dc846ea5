/**
 * Database-side faults against a real PostgreSQL, driven through a superuser connection of their
 * own ({@link io.pipelineperf.faults.db.PostgresAdmin}), separate from the service's pool.
 */
package io.pipelineperf.faults.db;
