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

        // Version 3 (issue 13): the tamper-evident audit trail. seq is the chain position; hashes are the 32 raw
        // SHA-256 bytes; times are UTC ticks. The application's role gets only SELECT and INSERT on these tables
        // (docs/security.md has the GRANT); the triggers refuse UPDATE, DELETE and TRUNCATE even for the owner, as a
        // second fence: whatever is changed past both is still caught by the chain and the signed checkpoints.
        new(
            """
            CREATE TABLE paymentcore.audit_entries (
                seq         bigint   NOT NULL PRIMARY KEY,
                occurred_at bigint   NOT NULL,
                actor       text     NOT NULL,
                event_type  text     NOT NULL,
                outcome     smallint NOT NULL,
                resource    text     NOT NULL,
                origin      text,
                detail      text,
                prev_hash   bytea    NOT NULL,
                hash        bytea    NOT NULL
            );
            CREATE INDEX ix_audit_entries_resource ON paymentcore.audit_entries (resource, seq);
            CREATE INDEX ix_audit_entries_actor ON paymentcore.audit_entries (actor, seq);
            CREATE INDEX ix_audit_entries_type ON paymentcore.audit_entries (event_type, seq);
            CREATE INDEX ix_audit_entries_time ON paymentcore.audit_entries (occurred_at, seq);
            CREATE TABLE paymentcore.audit_checkpoints (
                number     bigint NOT NULL PRIMARY KEY,
                seq        bigint NOT NULL,
                entry_hash bytea  NOT NULL,
                created_at bigint NOT NULL,
                key_id     text   NOT NULL,
                signature  bytea  NOT NULL
            );
            CREATE FUNCTION paymentcore.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
            END
            $$;
            CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON paymentcore.audit_entries
                FOR EACH ROW EXECUTE FUNCTION paymentcore.audit_append_only();
            CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON paymentcore.audit_entries
                FOR EACH STATEMENT EXECUTE FUNCTION paymentcore.audit_append_only();
            CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON paymentcore.audit_checkpoints
                FOR EACH ROW EXECUTE FUNCTION paymentcore.audit_append_only();
            CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON paymentcore.audit_checkpoints
                FOR EACH STATEMENT EXECUTE FUNCTION paymentcore.audit_append_only();
            """),

        // Version 4 (issue 12): encryption at rest. Documents become bytea, since an AES-256-GCM ciphertext is not
        // JSON; an existing document keeps its exact bytes (json keeps the text as written), so plaintext rows stay
        // readable (the codec reads a first byte '{' as plain JSON) until the re-encrypt job moves them under a key.
        // Changing a column's type rewrites the table, once, under the migration's lock. The card vault keeps one
        // ciphertext per token (the keyed blind index of the number), bound to that token.
        new(
            """
            ALTER TABLE paymentcore.transactions ALTER COLUMN document TYPE bytea USING convert_to(document::text, 'UTF8');
            ALTER TABLE paymentcore.outbox ALTER COLUMN document TYPE bytea USING convert_to(document::text, 'UTF8');
            CREATE TABLE paymentcore.card_vault (
                token text  NOT NULL PRIMARY KEY,
                pan   bytea NOT NULL
            );
            """),

        // Version 5 (issue 15): batches worked by many instances. A run and its chunks; a chunk is open while
        // completed_at is null and free while its lease (leased_until, the server's clock) is absent or past.
        // Totals are rows per chunk (counts by status without a currency, amounts by status and currency), summed
        // per run; they are written only by the transaction that finishes the chunk under its lease.
        new(
            """
            CREATE TABLE paymentcore.batch_runs (
                merchant_id text        NOT NULL,
                batch_id    text        NOT NULL,
                fingerprint text        NOT NULL,
                total_items bigint      NOT NULL,
                chunk_size  integer     NOT NULL,
                chunk_count integer     NOT NULL,
                created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
                PRIMARY KEY (merchant_id, batch_id)
            );
            CREATE TABLE paymentcore.batch_chunks (
                merchant_id  text        NOT NULL,
                batch_id     text        NOT NULL,
                chunk_no     integer     NOT NULL,
                first_seq    bigint      NOT NULL,
                item_count   integer     NOT NULL,
                lease_token  uuid,
                leased_by    text,
                leased_until timestamptz,
                attempts     integer     NOT NULL DEFAULT 0,
                completed_at timestamptz,
                replayed     bigint      NOT NULL DEFAULT 0,
                PRIMARY KEY (merchant_id, batch_id, chunk_no),
                FOREIGN KEY (merchant_id, batch_id) REFERENCES paymentcore.batch_runs ON DELETE CASCADE
            );
            CREATE INDEX ix_batch_chunks_open ON paymentcore.batch_chunks (merchant_id, batch_id, chunk_no) WHERE completed_at IS NULL;
            CREATE TABLE paymentcore.batch_chunk_totals (
                merchant_id  text    NOT NULL,
                batch_id     text    NOT NULL,
                chunk_no     integer NOT NULL,
                status       text    NOT NULL,
                currency     text,
                item_count   bigint  NOT NULL,
                amount_minor bigint  NOT NULL,
                FOREIGN KEY (merchant_id, batch_id, chunk_no) REFERENCES paymentcore.batch_chunks ON DELETE CASCADE
            );
            CREATE INDEX ix_batch_chunk_totals_run ON paymentcore.batch_chunk_totals (merchant_id, batch_id, chunk_no);
            """),
    ];

    /// <summary>Gets the newest schema version this code knows.</summary>
    public static int Latest => All.Count;
}
