package dev.ferry.core.ledger;

/**
 * The error a unit of work failed with, kept in the ledger because a Distributed Map reports only
 * that one of its children failed.
 *
 * @param error the exception's class name (the error name Lambda reports)
 * @param cause its message, naming the unit (table and segment, key range ...)
 */
public record UnitFailure(String error, String cause) {
}
