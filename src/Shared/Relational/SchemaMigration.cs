namespace PaymentCore.Relational;

/// <summary>
/// One numbered schema migration: SQL to run, then optionally a backfill of the computed columns of every stored
/// record (<see cref="TransactionRow"/>), then more SQL. A released migration is never edited: a change is a new one.
/// </summary>
/// <param name="Before">The SQL run first.</param>
/// <param name="BackfillComputedColumns">Whether to recompute <c>counts_for_activity</c> and <c>due_at</c> of every row from its document, in core's terms.</param>
/// <param name="After">The SQL run after the backfill, if any.</param>
/// <remarks>Shared source (src/Shared/Relational). Immutable; safe to share between threads.</remarks>
internal sealed record SchemaMigration(string Before, bool BackfillComputedColumns = false, string? After = null);
