package dev.ferry.core.ledger;

/** Names of the small documents a run keeps in the ledger ({@link RunLedger#putDocument}), owned here. */
public final class LedgerDocuments {
    /** What Prepare made: the tables (or other targets) as they stand, so later steps need not re-plan. */
    public static final String PREPARED = "prepared";
    /** The validated plan, as Plan received it: what a failed run's report is made with. */
    public static final String PLAN = "plan";
    /** The run's last report summary. */
    public static final String REPORT = "report";
    /** The error a unit of work failed with ({@link RunLedger#recordUnitFailure}). */
    public static final String UNIT_FAILURE = "unit-failure";

    private LedgerDocuments() {
    }
}
