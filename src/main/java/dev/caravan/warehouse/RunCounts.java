package dev.caravan.warehouse;

/** Row counts of a run (or of one batch); totals are the sum of committed batches. */
public final class RunCounts {

    public long read;
    public long inserted;
    public long updated;
    public long unchanged;
    public long rejected;
    /** Rows held back because their parent has not arrived (database syncs); retried next run. */
    public long held;

    public void add(RunCounts other) {
        read += other.read;
        inserted += other.inserted;
        updated += other.updated;
        unchanged += other.unchanged;
        rejected += other.rejected;
        held += other.held;
    }

    public RunCounts plus(RunCounts other) {
        RunCounts sum = copy();
        sum.add(other);
        return sum;
    }

    public RunCounts copy() {
        RunCounts c = new RunCounts();
        c.add(this);
        return c;
    }

    @Override
    public String toString() {
        return "read=" + read + " inserted=" + inserted + " updated=" + updated + " unchanged=" + unchanged
                + " rejected=" + rejected + (held > 0 ? " held=" + held : "");
    }
}
