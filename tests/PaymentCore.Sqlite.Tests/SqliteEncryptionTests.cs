using System.Text;
using Microsoft.Data.Sqlite;
using PaymentCore.Authorization;
using PaymentCore.DataProtection;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Sqlite.Encryption;
using PaymentCore.Storage;
using PaymentCore.Testing.Storage;
using PaymentCore.Testing.Time;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.Sqlite.Tests;

// Encryption at rest (issue 12): payer, payee, descriptions and metadata were plaintext in the database file.
public sealed class SqliteEncryptionTests : IDisposable
{
    private const string Marker = "MARKERzq7";
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static KeyRing Ring(params (string Id, byte Fill)[] keys) =>
        KeyRing.Create(new KeySet([.. keys.Select(k => new DataKey(k.Id, Enumerable.Repeat(k.Fill, 32).ToArray()))], keys[^1].Id, keys[0].Id));

    private SqliteTransactionStoreOptions Options(KeyRing? ring, bool allowPlaintext = false) =>
        new() { ConnectionString = _database.ConnectionString(), Encryption = ring, AllowPlaintext = allowPlaintext };

    private static PaymentRequest Request(int i) => new()
    {
        IdempotencyKey = "order-" + i,
        MerchantId = "merchant-1",
        Amount = Money.FromMinor(1000 + i, Currency.EUR),
        Payer = PaymentInstrument.Account("acct_payer_" + Marker + (i % 3)),
        Payee = "payee_" + Marker + i,
        Description = "description " + Marker + i,
        Metadata = new Dictionary<string, string> { ["note"] = "value " + Marker + i },
    };

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Pays, leaving every event in the outbox (encrypted like the records) for the dispatcher.
    private static async Task PayAsync(SqliteTransactionStore store, int count, int from = 0)
    {
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), store, null, new FastForwardTimeProvider(T0));
        for (var i = from; i < from + count; i++)
        {
            Assert.Equal(PaymentOutcome.Approved, (await processor.ProcessAsync(Request(i))).Outcome);
        }
    }

    // Every byte of the database file and its WAL, as an attacker with the files would read them.
    private int CountMarkers()
    {
        SqliteConnection.ClearAllPools();
        var count = 0;
        foreach (var path in new[] { _database.PathOf(), _database.PathOf() + "-wal" })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var text = Encoding.Latin1.GetString(memory.ToArray());
            for (var at = text.IndexOf(Marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(Marker, at + 1, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    [Fact]
    public void Open_WithoutKey_RefusesToStartNamingTheOption()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SqliteTransactionStore(Options(null)));

        Assert.Contains("Encryption", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AllowPlaintext", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SqliteTransactionStore(Options(KeyRing.Create(KeySet.Empty))));
    }

    [Fact]
    public async Task ProcessAsync_WithKey_NoPlaintextMarkerInTheFileOrWal()
    {
        using (var store = new SqliteTransactionStore(Options(Ring(("k1", 1)))))
        {
            await PayAsync(store, 30);
            Assert.Equal(30, (await store.QueryAsync(new TransactionQuery { PageSize = 100 })).Items.Count);
            Assert.Equal(Marker, (await store.GetAsync(TransactionId.For("merchant-1", "order-4")))!.Request.Payee[6..15]);
            Assert.Equal(0, CountMarkers());
        }
    }

    [Fact]
    public async Task ProcessAsync_AllowPlaintext_MarkersAreFound_SoTheScanCanSeeThem()
    {
        using var store = new SqliteTransactionStore(Options(null, allowPlaintext: true));
        await PayAsync(store, 5);

        Assert.True(CountMarkers() >= 5 * 4, "the scan must find plaintext markers when encryption is off");
    }

    [Fact]
    public async Task Encrypted_PayerQueriesAndVelocity_StillWorkThroughTheBlindIndex()
    {
        using var store = new SqliteTransactionStore(Options(Ring(("k1", 1))));
        await PayAsync(store, 9);
        var payer = Request(0).Payer.Token;

        var page = await store.QueryAsync(new TransactionQuery { PayerToken = payer, PageSize = 100 });
        var activity = await store.GetPayerActivityAsync(payer, Currency.EUR, DateTimeOffset.MinValue.AddDays(1), DateTimeOffset.MaxValue.AddDays(-1));

        Assert.Equal(3, page.Items.Count);
        Assert.All(page.Items, r => Assert.Equal(payer, r.Request.Payer.Token));
        Assert.Equal(3, activity.Count);
    }

    [Fact]
    public async Task Encrypted_OutboxEvents_AreDeliveredDecrypted_AndDeadLettersRead()
    {
        using var store = new SqliteTransactionStore(Options(Ring(("k1", 1))));
        await PayAsync(store, 4);
        var notifier = new InMemoryNotifier();
        var dispatcher = new OutboxDispatcher(store, [notifier], null, new FastForwardTimeProvider(T0.AddMinutes(1)));

        var summary = await dispatcher.DispatchAsync();

        Assert.Equal(notifier.Deliveries.Count, summary.Delivered);
        Assert.True(summary.Delivered >= 4, summary.ToString());
        for (var i = 0; i < 4; i++)
        {
            var events = notifier.EventsFor(TransactionId.For("merchant-1", "order-" + i));
            Assert.NotEmpty(events);
            Assert.All(events, e => Assert.Equal(Request(i).Payer.Token, e.PayerToken));
        }

        // A dead letter is read back through the codec too.
        var record = (await store.GetAsync(TransactionId.For("merchant-1", "order-0")))!;
        var late = PaymentEvent.For(record with { Version = record.Version + 1 });
        Assert.True(await store.TryUpdateAsync(record with { Version = record.Version + 1 }, record.Version, late));
        await store.RecordDeliveryFailureAsync(new DeliveryFailure(late.EventId, 1, T0.AddMinutes(2), "gone", DeadLetter: true));
        var dead = Assert.Single(await store.GetDeadLettersAsync(10));
        Assert.Equal(late, dead.Event);
        Assert.Equal(0, CountMarkers());
    }

    [Fact]
    public async Task Encrypted_ReplayAndDue_ReadThroughTheCodec()
    {
        using var store = new SqliteTransactionStore(Options(Ring(("k1", 1))));
        await PayAsync(store, 2);
        var stored = (await store.FindByIdempotencyKeyAsync("merchant-1", "order-1"))!;

        // A second create under the same key returns the stored record, decrypted on the writer.
        var again = await store.TryCreateAsync(stored with { Version = 1 }, PaymentEvent.For(stored));
        var due = stored with { Version = stored.Version + 1, DueAt = T0.AddMinutes(5) };
        Assert.True(await store.TryUpdateAsync(due, stored.Version, null));

        Assert.Equal("payee_" + Marker + 1, stored.Request.Payee);
        Assert.False(again.Created);
        Assert.Equal(stored, again.Existing);
        Assert.Equal(due, Assert.Single(await store.GetDueAsync(T0.AddMinutes(10), 10)));
    }

    [Fact]
    public async Task Migrate_FromVersion1WithEncryptedRows_BackfillDecryptsTheDocuments()
    {
        var received = TestRecords.Received("order-received", T0);
        using (var store = new SqliteTransactionStore(Options(Ring(("k1", 1)))))
        {
            await PayAsync(store, 3);
            Assert.True((await store.TryCreateAsync(received, PaymentEvent.For(received))).Created);
        }

        // Back to schema version 1, as a file written by the first encrypting release: the version 2 backfill of
        // due_at must read (decrypt) every document.
        using (var connection = new SqliteConnection(_database.ConnectionString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                DROP TABLE audit_entries; DROP TABLE audit_checkpoints; DROP TABLE card_vault;
                DROP INDEX ix_transactions_due; DROP INDEX ix_outbox_due; DROP INDEX ix_outbox_dead;
                ALTER TABLE transactions DROP COLUMN counts_for_activity; ALTER TABLE transactions DROP COLUMN due_at;
                ALTER TABLE outbox DROP COLUMN attempts; ALTER TABLE outbox DROP COLUMN next_attempt_at;
                ALTER TABLE outbox DROP COLUMN last_error; ALTER TABLE outbox DROP COLUMN dead_lettered_at;
                CREATE INDEX ix_transactions_unfinished ON transactions (updated_at, id) WHERE status IN (0, 1) OR has_pending = 1;
                DELETE FROM schema_version WHERE version > 1;
                """;
            command.ExecuteNonQuery();
        }

        using var migrated = new SqliteTransactionStore(Options(Ring(("k1", 1))));

        Assert.Equal(received.Id, Assert.Single(await migrated.GetDueAsync(T0.AddHours(1), 10)).Id);
        Assert.Equal(4, (await migrated.QueryAsync(new TransactionQuery { PageSize = 100 })).Items.Count);
        Assert.Equal(0, CountMarkers());
    }

    [Fact]
    public async Task Rotation_OldRowsStayReadable_ReencryptLeavesNothingUnderTheRetiredKey()
    {
        using (var store = new SqliteTransactionStore(Options(Ring(("k1", 1)))))
        {
            await PayAsync(store, 20);
        }

        var rotated = Options(Ring(("k1", 1), ("k2", 2)));
        using (var store = new SqliteTransactionStore(rotated))
        {
            Assert.Equal("payee_" + Marker + 7, (await store.GetAsync(TransactionId.For("merchant-1", "order-7")))!.Request.Payee);
            await PayAsync(store, 5, from: 20);
        }

        var before = await SqliteKeyRotation.CountByKeyAsync(rotated);
        var moved = await SqliteKeyRotation.ReencryptAsync(rotated);
        var after = await SqliteKeyRotation.CountByKeyAsync(rotated);

        Assert.True(before["k1"] > 0 && before["k2"] > 0, string.Join(", ", before));
        Assert.Equal(before["k1"], moved);
        Assert.Equal(["k2"], after.Keys);
        Assert.Equal(0, await SqliteKeyRotation.ReencryptAsync(rotated));

        // The retired key is gone from the ring, and every row still reads.
        using var retired = new SqliteTransactionStore(Options(KeyRing.Create(new KeySet([new DataKey("k1", Enumerable.Repeat((byte)1, 32).ToArray()), new DataKey("k2", Enumerable.Repeat((byte)2, 32).ToArray())], "k2", "k1"))));
        Assert.Equal(25, (await retired.QueryAsync(new TransactionQuery { PageSize = 100 })).Items.Count);
    }

    [Fact]
    public async Task Reencrypt_PlaintextDatabase_EncryptsEveryRowAndItsPayerColumn()
    {
        using (var store = new SqliteTransactionStore(Options(null, allowPlaintext: true)))
        {
            await PayAsync(store, 6);
        }

        var keyed = Options(Ring(("k1", 1)));
        using (var store = new SqliteTransactionStore(keyed))
        {
            // Plaintext rows are still read after a key is configured.
            Assert.Equal(6, (await store.QueryAsync(new TransactionQuery { PageSize = 100 })).Items.Count);
        }

        await SqliteKeyRotation.ReencryptAsync(keyed);
        using (var store = new SqliteTransactionStore(keyed))
        {
            Assert.Equal(2, (await store.GetPayerActivityAsync(Request(0).Payer.Token, Currency.EUR, DateTimeOffset.MinValue.AddDays(1), DateTimeOffset.MaxValue.AddDays(-1))).Count);
        }

        Assert.Equal(["k1"], (await SqliteKeyRotation.CountByKeyAsync(keyed)).Keys);
        using (var vacuum = new SqliteConnection(keyed.ConnectionString))
        {
            // Freed pages may still hold the old plaintext until they are reused: VACUUM rewrites the file.
            vacuum.Open();
            using var command = vacuum.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;";
            command.ExecuteNonQuery();
        }

        Assert.Equal(0, CountMarkers());
    }

    [Fact]
    public async Task Read_DocumentSwappedBetweenRows_IsTampered()
    {
        using var store = new SqliteTransactionStore(Options(Ring(("k1", 1))));
        await PayAsync(store, 2);
        var a = TransactionId.For("merchant-1", "order-0");
        var b = TransactionId.For("merchant-1", "order-1");
        using (var connection = new SqliteConnection(_database.ConnectionString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE transactions SET document = (SELECT document FROM transactions WHERE id = $b) WHERE id = $a";
            command.Parameters.AddWithValue("$a", a.Value.ToByteArray(bigEndian: true));
            command.Parameters.AddWithValue("$b", b.Value.ToByteArray(bigEndian: true));
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var ex = await Assert.ThrowsAsync<DataProtectionException>(() => store.GetAsync(a).AsTask());

        Assert.Equal(DataProtectionFailure.Tampered, ex.Failure);
        Assert.Equal(b, (await store.GetAsync(b))!.Id);
    }

    [Fact]
    public async Task Read_WithAnotherKeyUnderTheSameId_IsWrongKey()
    {
        using (var store = new SqliteTransactionStore(Options(Ring(("k1", 1)))))
        {
            await PayAsync(store, 1);
        }

        using var wrong = new SqliteTransactionStore(Options(Ring(("k1", 9))));

        var ex = await Assert.ThrowsAsync<DataProtectionException>(() => wrong.GetAsync(TransactionId.For("merchant-1", "order-0")).AsTask());
        Assert.Equal(DataProtectionFailure.WrongKey, ex.Failure);
    }

    [Fact]
    public async Task Read_FlippedByteInTheDocument_IsTampered()
    {
        using var store = new SqliteTransactionStore(Options(Ring(("k1", 1))));
        await PayAsync(store, 1);
        var id = TransactionId.For("merchant-1", "order-0");
        using (var connection = new SqliteConnection(_database.ConnectionString()))
        {
            connection.Open();
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT document FROM transactions";
            var document = (byte[])read.ExecuteScalar()!;
            document[^3] ^= 0x10;
            using var write = connection.CreateCommand();
            write.CommandText = "UPDATE transactions SET document = $d";
            write.Parameters.AddWithValue("$d", document);
            write.ExecuteNonQuery();
        }

        Assert.Equal(DataProtectionFailure.Tampered, (await Assert.ThrowsAsync<DataProtectionException>(() => store.GetAsync(id).AsTask())).Failure);
    }
}

/// <summary>The encrypted SQLite store keeps the whole store contract.</summary>
public sealed class SqliteEncryptedTransactionStoreContractTests : TransactionStoreContract, IDisposable
{
    private readonly TempDatabase _database = new();

    /// <inheritdoc />
    protected override ValueTask<ITransactionStore> CreateStoreAsync() =>
        new(new SqliteTransactionStore(new SqliteTransactionStoreOptions
        {
            ConnectionString = _database.ConnectionString(),
            Encryption = KeyRing.Create(new KeySet([new DataKey("contract", Enumerable.Repeat((byte)5, 32).ToArray())], "contract", "contract")),
        }));

    public void Dispose() => _database.Dispose();
}
