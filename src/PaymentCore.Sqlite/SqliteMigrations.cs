using PaymentCore.Relational;

namespace PaymentCore.Sqlite;

/// <summary>
/// The schema, as numbered migrations compiled into the package, applied by the shared
/// <see cref="SchemaMigrator"/>. A migration is never edited once released: a change is a new entry.
/// <c>schema_version</c> holds one row per applied migration.
/// </summary>
internal static class SqliteMigrations
{
    /// <summary>Gets the migrations, in order; entry i is version i + 1.</summary>
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        // Version 1. Ids are 16-byte big-endian GUIDs so that SQLite's memcmp order equals TransactionId order,
        // which keyset paging relies on. Times are UTC ticks. The JSON document holds the whole record; the other
        // columns exist only to be queried. (Released: its state numbers in the partial index are replaced by
        // version 2, not edited.)
        new("""
        CREATE TABLE transactions (
            id              BLOB    NOT NULL PRIMARY KEY,
            merchant_id     TEXT    NOT NULL,
            idempotency_key TEXT    NOT NULL,
            payer_token     TEXT    NOT NULL,
            status          INTEGER NOT NULL,
            currency        TEXT    NOT NULL,
            amount_minor    INTEGER NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            version         INTEGER NOT NULL,
            has_pending     INTEGER NOT NULL,
            document        BLOB    NOT NULL,
            CONSTRAINT ux_transactions_merchant_key UNIQUE (merchant_id, idempotency_key)
        ) WITHOUT ROWID;
        CREATE INDEX ix_transactions_created ON transactions (created_at, id);
        CREATE INDEX ix_transactions_merchant_created ON transactions (merchant_id, created_at, id);
        CREATE INDEX ix_transactions_payer_created ON transactions (payer_token, created_at, id);
        CREATE INDEX ix_transactions_status_created ON transactions (status, created_at, id);
        CREATE INDEX ix_transactions_unfinished ON transactions (updated_at, id) WHERE status IN (0, 1) OR has_pending = 1;
        CREATE TABLE outbox (
            seq            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            event_id       BLOB    NOT NULL UNIQUE,
            transaction_id BLOB    NOT NULL,
            occurred_at    INTEGER NOT NULL,
            claimed_until  INTEGER NOT NULL,
            document       BLOB    NOT NULL
        );
        """),

        // Version 2 (issues 9 and 10). Queries name concepts computed in core, never state numbers:
        // counts_for_activity (TransactionRecord.CountsForActivity) for velocity rules, due_at
        // (TransactionRecord.DueAt) for recovery, both backfilled from each row's document. The outbox keeps its
        // delivery state: attempts, backoff (next_attempt_at, at first the time the event occurred), the last
        // error and the dead-letter time.
        new(
            """
            ALTER TABLE transactions ADD COLUMN counts_for_activity INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE transactions ADD COLUMN due_at INTEGER;
            ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE outbox ADD COLUMN last_error TEXT;
            ALTER TABLE outbox ADD COLUMN dead_lettered_at INTEGER;
            UPDATE outbox SET next_attempt_at = occurred_at;
            """,
            BackfillComputedColumns: true,
            After: """
            DROP INDEX ix_transactions_unfinished;
            CREATE INDEX ix_transactions_due ON transactions (due_at, id) WHERE due_at IS NOT NULL;
            CREATE INDEX ix_outbox_due ON outbox (next_attempt_at) WHERE dead_lettered_at IS NULL;
            CREATE INDEX ix_outbox_dead ON outbox (seq) WHERE dead_lettered_at IS NOT NULL;
            """),

        // Version 3 (issue 13): the tamper-evident audit trail. seq is the chain position and the rowid, so entries
        // are read in chain order for free. Hashes are the 32 raw SHA-256 bytes; times are UTC ticks. The triggers
        // make the tables append-only for every connection of the application; removing them takes a schema change,
        // and whatever is changed then is still caught by the hash chain and the signed checkpoints.
        new(
            """
            CREATE TABLE audit_entries (
                seq         INTEGER NOT NULL PRIMARY KEY,
                occurred_at INTEGER NOT NULL,
                actor       TEXT    NOT NULL,
                event_type  TEXT    NOT NULL,
                outcome     INTEGER NOT NULL,
                resource    TEXT    NOT NULL,
                origin      TEXT,
                detail      TEXT,
                prev_hash   BLOB    NOT NULL,
                hash        BLOB    NOT NULL
            );
            CREATE INDEX ix_audit_entries_resource ON audit_entries (resource, seq);
            CREATE INDEX ix_audit_entries_actor ON audit_entries (actor, seq);
            CREATE INDEX ix_audit_entries_type ON audit_entries (event_type, seq);
            CREATE INDEX ix_audit_entries_time ON audit_entries (occurred_at, seq);
            CREATE TABLE audit_checkpoints (
                number     INTEGER NOT NULL PRIMARY KEY,
                seq        INTEGER NOT NULL,
                entry_hash BLOB    NOT NULL,
                created_at INTEGER NOT NULL,
                key_id     TEXT    NOT NULL,
                signature  BLOB    NOT NULL
            );
            CREATE TRIGGER audit_entries_append_only_update BEFORE UPDATE ON audit_entries
            BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
            CREATE TRIGGER audit_entries_append_only_delete BEFORE DELETE ON audit_entries
            BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
            CREATE TRIGGER audit_checkpoints_append_only_update BEFORE UPDATE ON audit_checkpoints
            BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
            CREATE TRIGGER audit_checkpoints_append_only_delete BEFORE DELETE ON audit_checkpoints
            BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
            """),

        // Version 4 (issue 12): the card vault (SqliteCardVault). One AES-256-GCM ciphertext per token, bound to it;
        // the token is the keyed blind index of the number.
        new("""
        CREATE TABLE card_vault (
            token TEXT NOT NULL PRIMARY KEY,
            pan   BLOB NOT NULL
        ) WITHOUT ROWID;
        """),
    ];

    /// <summary>Gets the newest schema version this code knows.</summary>
    public static int Latest => All.Count;
}
