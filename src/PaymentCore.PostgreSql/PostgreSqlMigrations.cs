using PaymentCore.Relational;

namespace PaymentCore.PostgreSql;

/// <summary>
/// The schema, as numbered migrations compiled into the package, applied by the shared
/// <see cref="SchemaMigrator"/> under an advisory lock so instances starting together migrate once. A released
/// migration is never edited: a change is a new entry.
/// </summary>
internal static class PostgreSqlMigrations
{
    /// <summary>The advisory lock key held while migrating ("PCMIGRAT" as a 64-bit number).</summary>
    public const long AdvisoryLockKey = 0x50434D4947524154;

    /// <summary>Gets the migrations, in order; entry i is version i + 1. Objects live in the <c>paymentcore</c> schema.</summary>
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        // Version 1. Times are UTC ticks (bigint), the same numbers as the SQLite store and the JSON document.
        // uuid compares bytewise in RFC order, which is TransactionId order, so keyset paging is exact.
        // (Released: its state numbers in the partial index are replaced by version 2, not edited.)
        new("""
        CREATE TABLE paymentcore.transactions (
            id              uuid     NOT NULL PRIMARY KEY,
            merchant_id     text     NOT NULL,
            idempotency_key text     NOT NULL,
            payer_token     text     NOT NULL,
            status          smallint NOT NULL,
            currency        text     NOT NULL,
            amount_minor    bigint   NOT NULL,
            created_at      bigint   NOT NULL,
            updated_at      bigint   NOT NULL,
            version         bigint   NOT NULL,
            has_pending     boolean  NOT NULL,
            document        json     NOT NULL,
            CONSTRAINT ux_transactions_merchant_key UNIQUE (merchant_id, idempotency_key)
        );
        CREATE INDEX ix_transactions_created ON paymentcore.transactions (created_at, id);
        CREATE INDEX ix_transactions_merchant_created ON paymentcore.transactions (merchant_id, created_at, id);
        CREATE INDEX ix_transactions_payer_created ON paymentcore.transactions (payer_token, created_at, id);
        CREATE INDEX ix_transactions_status_created ON paymentcore.transactions (status, created_at, id);
        CREATE INDEX ix_transactions_unfinished ON paymentcore.transactions (updated_at, id) WHERE status IN (0, 1) OR has_pending;
        CREATE TABLE paymentcore.outbox (
            seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            event_id       uuid   NOT NULL UNIQUE,
            transaction_id uuid   NOT NULL,
            occurred_at    bigint NOT NULL,
            claimed_until  bigint NOT NULL,
            document       json   NOT NULL
        );
        """),

        // Version 2 (issues 9 and 10). Queries name concepts computed in core, never state numbers:
        // counts_for_activity (TransactionRecord.CountsForActivity) for velocity rules, due_at
        // (TransactionRecord.DueAt) for recovery, both backfilled from each row's document. The outbox keeps its
        // delivery state: attempts, backoff (next_attempt_at, at first the time the event occurred), the last
        // error and the dead-letter time. Adding a column with a constant default rewrites no table.
        new(
            """
            ALTER TABLE paymentcore.transactions
                ADD COLUMN counts_for_activity boolean NOT NULL DEFAULT true,
                ADD COLUMN due_at bigint;
            ALTER TABLE paymentcore.outbox
                ADD COLUMN attempts integer NOT NULL DEFAULT 0,
                ADD COLUMN next_attempt_at bigint NOT NULL DEFAULT 0,
                ADD COLUMN last_error text,
                ADD COLUMN dead_lettered_at bigint;
            UPDATE paymentcore.outbox SET next_attempt_at = occurred_at;
            """,
            BackfillComputedColumns: true,
            After: """
            DROP INDEX paymentcore.ix_transactions_unfinished;
            CREATE INDEX ix_transactions_due ON paymentcore.transactions (due_at, id) WHERE due_at IS NOT NULL;
            CREATE INDEX ix_outbox_due ON paymentcore.outbox (next_attempt_at) WHERE dead_lettered_at IS NULL;
            CREATE INDEX ix_outbox_dead ON paymentcore.outbox (seq) WHERE dead_lettered_at IS NOT NULL;
            """),
    ];

    /// <summary>Gets the newest schema version this code knows.</summary>
    public static int Latest => All.Count;
}
