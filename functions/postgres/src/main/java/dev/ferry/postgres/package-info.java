/**
 * The {@code postgres-to-dynamodb} workflow: PostgreSQL tables into DynamoDB tables, credential rows into
 * Secrets Manager secrets, with ids remapped, verification, reports, rollback and the parallel-run modes.
 */
package dev.ferry.postgres;
