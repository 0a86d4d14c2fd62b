using Npgsql;
using PaymentCore.Audit;
using PaymentCore.Authorization;
using PaymentCore.DataProtection;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Payments;
using PaymentCore.PostgreSql.Audit;
using PaymentCore.PostgreSql.Encryption;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing;
using PaymentCore.Testing.Storage;
using PaymentCore.Testing.Time;
using PaymentCore.Transactions;

namespace PaymentCore.PostgreSql.Tests;

// Encryption at rest (issue 12): payer, payee, descriptions and metadata were plaintext in the PostgreSQL tables,
// so in every pg_dump, backup and replica.
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlEncryptionTests(PostgresCluster cluster)
{
    private const string Marker = "MARKERpq7";
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DataKey Key(string id, byte fill) => new(id, Enumerable.Repeat(fill, 32).ToArray());

    // The blind index is keyed by "idx", a key that stays in the ring across rotations (BlindIndexKeyId pinned),
    // so a data key can be retired completely.
    private static KeyRing Ring(string active, params (string Id, byte Fill)[] keys) =>
        KeyRing.Create(new KeySet([Key("idx", 99), .. keys.Select(k => Key(k.Id, k.Fill))], active, "idx"));

    private static PostgreSqlTransactionStoreOptions Options(string connectionString, KeyRing? ring, bool allowPlaintext = false) =>
        new() { ConnectionString = connectionString, Encryption = ring, AllowPlaintext = allowPlaintext };

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

    private static TransactionId Id(int i) => TransactionId.For("merchant-1", "order-" + i);

    private static AuditTrail Trail(InMemoryAuditLog log) =>
        new(log, new HmacAuditCheckpointSigner("audit-test", Enumerable.Repeat((byte)3, 32).ToArray()), new FastForwardTimeProvider(T0));

    // Pays, leaving every event in the outbox (encrypted like the records) for the dispatcher.
    private static async Task PayAsync(ITransactionStore store, int count, int from = 0)
    {
        var processor = new PaymentProcessor([], new InMemoryAuthorizer(), store, null, new FastForwardTimeProvider(T0), transactionIds: Microsoft.Extensions.Options.Options.Create(new PaymentCore.Transactions.TransactionIdOptions { AllowUnkeyed = true }));
        for (var i = from; i < from + count; i++)
        {
            Assert.Equal(PaymentOutcome.Approved, (await processor.ProcessAsync(Request(i))).Outcome);
        }
    }

    private async Task<int> CountMarkersInDumpAsync(string connectionString)
    {
        var dump = PostgresCluster.DecodeByteaInDump(await cluster.DumpAsync(connectionString));
        Assert.Contains("paymentcore.transactions", dump, StringComparison.Ordinal); // the dump is of the right database
        var count = 0;
        for (var at = dump.IndexOf(Marker, StringComparison.Ordinal); at >= 0; at = dump.IndexOf(Marker, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Open_WithoutKey_RefusesToStartNamingTheOption()
    {
        var connectionString = await cluster.CreateDatabaseAsync();

        var ex = Assert.Throws<ArgumentException>(() => new PostgreSqlTransactionStore(Options(connectionString, null)));
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var viaDataSource = Assert.Throws<ArgumentException>(() => new PostgreSqlTransactionStore(dataSource, new PostgreSqlTransactionStoreOptions()));

        Assert.Equal("Encryption", ex.ParamName);
        Assert.Contains("Encryption", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AllowPlaintext", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Encryption", viaDataSource.ParamName);
        Assert.Throws<ArgumentException>(() => new PostgreSqlTransactionStore(Options(connectionString, KeyRing.Create(KeySet.Empty))));
        Assert.Throws<ArgumentException>(() => new PostgreSqlAuditLog(Options(connectionString, null)));

        // Nothing was created: the store refused before touching the database.
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var schema = new NpgsqlCommand("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'paymentcore'", connection);
        Assert.Equal(0L, (long)(await schema.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task ProcessAsync_WithKey_NoPlaintextMarkerInPgDump()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using (var store = new PostgreSqlTransactionStore(Options(connectionString, Ring("k1", ("k1", 1)))))
        {
            await PayAsync(store, 30);
            await store.CreateManyAsync([.. Enumerable.Range(100, 5).Select(i => TestRecords.Received("batch-" + i, T0, "merchant-1", "acct_" + Marker + i, Money.FromMinor(5, Currency.EUR))).Select(r => (r, PaymentEvent.For(r)))]);

            Assert.Equal(35, (await store.QueryAsync(new TransactionQuery { PageSize = 100 })).Items.Count);
            Assert.Equal("payee_" + Marker + 4, (await store.GetAsync(Id(4)))!.Request.Payee);
        }

        Assert.Equal(0, await CountMarkersInDumpAsync(connectionString));
    }

    [Fact]
    public async Task ProcessAsync_AllowPlaintext_MarkersAreInTheDump_SoTheScanCanSeeThem()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using (var store = new PostgreSqlTransactionStore(Options(connectionString, null, allowPlaintext: true)))
        {
            await PayAsync(store, 5);
        }

        var found = await CountMarkersInDumpAsync(connectionString);
        Assert.True(found >= 5 * 4, $"the scan must find plaintext markers when encryption is off; found {found}");
    }

    [Fact]
    public async Task Encrypted_PayerQueriesAndVelocity_StillWorkThroughTheBlindIndex()
    {
        await using var store = new PostgreSqlTransactionStore(Options(await cluster.CreateDatabaseAsync(), Ring("k1", ("k1", 1))));
        await PayAsync(store, 9);
        var payer = Request(0).Payer.Token;

        var page = await store.QueryAsync(new TransactionQuery { PayerToken = payer, PageSize = 100 });
        var merchant = await store.QueryAsync(new TransactionQuery { MerchantId = "merchant-1", PageSize = 100 });
        var activity = await store.GetPayerActivityAsync(payer, Currency.EUR, DateTimeOffset.MinValue.AddDays(1), DateTimeOffset.MaxValue.AddDays(-1));

        Assert.Equal(3, page.Items.Count);
        Assert.All(page.Items, r => Assert.Equal(payer, r.Request.Payer.Token));
        Assert.Equal(9, merchant.Items.Count);
        Assert.Equal((3, Money.FromMinor(1000 + 1003 + 1006, Currency.EUR)), (activity.Count, activity.Sum));
    }

    [Fact]
    public async Task Encrypted_OutboxEvents_AreDeliveredDecrypted_AndDeadLettersRead()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var store = new PostgreSqlTransactionStore(Options(connectionString, Ring("k1", ("k1", 1))));
        await PayAsync(store, 4);
        var notifier = new InMemoryNotifier();

        var summary = await new OutboxDispatcher(store, [notifier], null, new FastForwardTimeProvider(T0.AddMinutes(1))).DispatchAsync();

        Assert.True(summary.Delivered >= 4, summary.ToString());
        for (var i = 0; i < 4; i++)
        {
            var events = notifier.EventsFor(Id(i));
            Assert.NotEmpty(events);
            Assert.All(events, e => Assert.Equal(PaymentCore.DataProtection.Redaction.Mask(Request(i).Payer.Token), e.PayerToken)); // events carry the masked payer (issue 12)
        }

        var record = (await store.GetAsync(Id(0)))!;
        var late = PaymentEvent.For(record with { Version = record.Version + 1 });
        Assert.True(await store.TryUpdateAsync(record with { Version = record.Version + 1 }, record.Version, late));
        await store.RecordDeliveryFailureAsync(new DeliveryFailure(late.EventId, 1, T0.AddMinutes(2), "gone", DeadLetter: true));
        Assert.Equal(late, Assert.Single(await store.GetDeadLettersAsync(10)).Event);
        Assert.Equal(0, await CountMarkersInDumpAsync(connectionString));
    }

    [Fact]
    public async Task Encrypted_ReplayAndDue_ReadThroughTheCodec()
    {
        await using var store = new PostgreSqlTransactionStore(Options(await cluster.CreateDatabaseAsync(), Ring("k1", ("k1", 1))));
        await PayAsync(store, 2);
        var stored = (await store.FindByIdempotencyKeyAsync("merchant-1", "order-1"))!;

        // A second create under the same key returns the stored record, read back and decrypted by the writer;
        // the batch path reads existing rows the same way.
        var again = await store.TryCreateAsync(stored with { Version = 1 }, PaymentEvent.For(stored));
        var batch = await store.CreateManyAsync([(stored with { Version = 1 }, PaymentEvent.For(stored))]);
        var due = stored with { Version = stored.Version + 1, DueAt = T0.AddMinutes(5) };
        Assert.True(await store.TryUpdateAsync(due, stored.Version, null));

        Assert.Equal("payee_" + Marker + 1, stored.Request.Payee);
        Assert.False(again.Created);
        Assert.Equal(stored, again.Existing);
        Assert.Equal(stored, Assert.Single(batch).Existing);
        Assert.Equal(due, Assert.Single(await store.GetDueAsync(T0.AddMinutes(10), 10)));
    }

    [Fact]
    public async Task Migrate_FromVersion3WithPlaintextRows_RowsStayReadable_ThenReencryptLeavesNoPlaintext()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using (var store = new PostgreSqlTransactionStore(Options(connectionString, null, allowPlaintext: true)))
        {
            await PayAsync(store, 6);
        }

        // Back to schema version 3, as a database written by the release before encryption: json documents.
        await ExecuteAsync(connectionString, """
            ALTER TABLE paymentcore.transactions ALTER COLUMN document TYPE json USING convert_from(document, 'UTF8')::json;
            ALTER TABLE paymentcore.outbox ALTER COLUMN document TYPE json USING convert_from(document, 'UTF8')::json;
            DROP TABLE paymentcore.card_vault;
            DROP TABLE paymentcore.batch_chunk_totals, paymentcore.batch_chunks, paymentcore.batch_runs CASCADE;
            DELETE FROM paymentcore.schema_version WHERE version > 3;
            """);
        Assert.True(await CountMarkersInDumpAsync(connectionString) >= 6 * 4); // payer, payee, description, metadata of each

        var keyed = Options(connectionString, Ring("k1", ("k1", 1)));
        await using (var store = new PostgreSqlTransactionStore(keyed))
        {
            // Plaintext rows are still read after the migration and with a key configured; new rows are encrypted.
            Assert.Equal(5, PostgreSqlTransactionStore.SchemaVersion); // 4 encryption, 5 the shared batch work queue
            Assert.Equal("payee_" + Marker + 5, (await store.GetAsync(Id(5)))!.Request.Payee);
            Assert.Equal(6, (await store.QueryAsync(new TransactionQuery { PageSize = 100 })).Items.Count);
            await PayAsync(store, 2, from: 6);
        }

        var before = await PostgreSqlKeyRotation.CountByKeyAsync(keyed);
        var moved = await PostgreSqlKeyRotation.ReencryptAsync(keyed);
        var after = await PostgreSqlKeyRotation.CountByKeyAsync(keyed);

        Assert.True(before["plaintext"] > 0 && before["k1"] > 0, string.Join(", ", before));
        Assert.Equal(before["plaintext"], moved);
        Assert.Equal(["k1"], after.Keys);
        await using (var store = new PostgreSqlTransactionStore(keyed))
        {
            // The payer column of the re-encrypted rows is now the blind index: velocity sees old and new rows.
            Assert.Equal(3, (await store.GetPayerActivityAsync(Request(0).Payer.Token, Currency.EUR, DateTimeOffset.MinValue.AddDays(1), DateTimeOffset.MaxValue.AddDays(-1))).Count);
        }

        Assert.Equal(0, await CountMarkersInDumpAsync(connectionString));
    }

    [Fact]
    public async Task Rotation_OldRowsStayReadable_ReencryptLeavesNothingUnderTheRetiredKey()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using (var store = new PostgreSqlTransactionStore(Options(connectionString, Ring("k1", ("k1", 1)))))
        {
            await PayAsync(store, 20);
        }

        var rotated = Options(connectionString, Ring("k2", ("k1", 1), ("k2", 2)));
        await using (var store = new PostgreSqlTransactionStore(rotated))
        {
            Assert.Equal("payee_" + Marker + 7, (await store.GetAsync(Id(7)))!.Request.Payee);
            await PayAsync(store, 5, from: 20);
        }

        var before = await PostgreSqlKeyRotation.CountByKeyAsync(rotated);
        var log = new InMemoryAuditLog();
        var moved = await PostgreSqlKeyRotation.ReencryptAsync(rotated, Trail(log));
        var after = await PostgreSqlKeyRotation.CountByKeyAsync(rotated);

        Assert.True(before["k1"] > 0 && before["k2"] > 0, string.Join(", ", before));
        Assert.Equal(before["k1"], moved);
        Assert.Equal(["k2"], after.Keys);
        // The rotation is in the audit trail: one key.rotated entry on the new key, with the count.
        var entry = Assert.Single(await log.ReadAsync(0, 10)).Event;
        Assert.Equal((AuditEventTypes.KeyRotated, AuditOutcome.Success, "key/k2"), (entry.EventType, entry.Outcome, entry.Resource));
        Assert.Contains($"{moved} values", entry.Detail, StringComparison.Ordinal);
        Assert.Equal(0, await PostgreSqlKeyRotation.ReencryptAsync(rotated));

        // k1 is gone from the ring: every row still reads, and payer lookups still match (the index key stayed).
        await using var retired = new PostgreSqlTransactionStore(Options(connectionString, Ring("k2", ("k2", 2))));
        Assert.Equal(25, (await retired.QueryAsync(new TransactionQuery { PageSize = 100 })).Items.Count);
        Assert.Equal(9, (await retired.QueryAsync(new TransactionQuery { PayerToken = Request(0).Payer.Token, PageSize = 100 })).Items.Count);
    }

    [Fact]
    public async Task Read_FlippedByteInTheDocument_IsTampered()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var store = new PostgreSqlTransactionStore(Options(connectionString, Ring("k1", ("k1", 1))));
        await PayAsync(store, 1);

        // Flip one bit of the ciphertext body, near its end.
        await ExecuteAsync(connectionString, "UPDATE paymentcore.transactions SET document = set_byte(document, length(document) - 3, get_byte(document, length(document) - 3) # 16)");

        var ex = await Assert.ThrowsAsync<DataProtectionException>(() => store.GetAsync(Id(0)).AsTask());
        Assert.Equal(DataProtectionFailure.Tampered, ex.Failure);
        Assert.DoesNotContain(Marker, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_DocumentSwappedBetweenRows_IsTampered()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var store = new PostgreSqlTransactionStore(Options(connectionString, Ring("k1", ("k1", 1))));
        await PayAsync(store, 2);

        await ExecuteAsync(connectionString, "UPDATE paymentcore.transactions SET document = (SELECT document FROM paymentcore.transactions WHERE id = $2) WHERE id = $1", Id(0).Value, Id(1).Value);

        var ex = await Assert.ThrowsAsync<DataProtectionException>(() => store.GetAsync(Id(0)).AsTask());
        Assert.Equal(DataProtectionFailure.Tampered, ex.Failure);
        Assert.Equal(Id(1), (await store.GetAsync(Id(1)))!.Id);
        // An event moved onto another event's row fails the same way.
        await ExecuteAsync(connectionString, "UPDATE paymentcore.outbox SET document = (SELECT document FROM paymentcore.outbox ORDER BY seq LIMIT 1) WHERE seq = (SELECT max(seq) FROM paymentcore.outbox)");
        Assert.Equal(DataProtectionFailure.Tampered, (await Assert.ThrowsAsync<DataProtectionException>(() => store.ClaimEventsAsync(100, T0.AddDays(1), TimeSpan.FromMinutes(1)).AsTask())).Failure);
    }

    [Fact]
    public async Task Read_WithAnotherKeyUnderTheSameId_IsWrongKey()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using (var store = new PostgreSqlTransactionStore(Options(connectionString, Ring("k1", ("k1", 1)))))
        {
            await PayAsync(store, 1);
        }

        await using var wrong = new PostgreSqlTransactionStore(Options(connectionString, Ring("k1", ("k1", 9))));

        var ex = await Assert.ThrowsAsync<DataProtectionException>(() => wrong.GetAsync(Id(0)).AsTask());
        Assert.Equal(DataProtectionFailure.WrongKey, ex.Failure);
        Assert.Equal("k1", ex.KeyId);
    }

    [Fact]
    public async Task Read_KeyIdMissingFromTheRing_IsUnknownKeyId()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using (var store = new PostgreSqlTransactionStore(Options(connectionString, Ring("k1", ("k1", 1)))))
        {
            await PayAsync(store, 1);
        }

        await using var without = new PostgreSqlTransactionStore(Options(connectionString, Ring("k2", ("k2", 2))));

        var ex = await Assert.ThrowsAsync<DataProtectionException>(() => without.GetAsync(Id(0)).AsTask());
        Assert.Equal(DataProtectionFailure.UnknownKeyId, ex.Failure);
        Assert.Equal("k1", ex.KeyId);
        // The re-encrypt job stops on it too, rather than skip a row it cannot move, and the trail records the failure.
        var log = new InMemoryAuditLog();
        Assert.Equal(DataProtectionFailure.UnknownKeyId, (await Assert.ThrowsAsync<DataProtectionException>(() => PostgreSqlKeyRotation.ReencryptAsync(Options(connectionString, Ring("k2", ("k2", 2))), Trail(log)).AsTask())).Failure);
        var failure = Assert.Single(await log.ReadAsync(0, 10)).Event;
        Assert.Equal((AuditEventTypes.KeyRotated, AuditOutcome.Failure), (failure.EventType, failure.Outcome));
        Assert.Contains("UnknownKeyId", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_EncryptedDocumentsWithPlaintextAllowedAndNoKey_IsNotConfigured()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using (var store = new PostgreSqlTransactionStore(Options(connectionString, Ring("k1", ("k1", 1)))))
        {
            await PayAsync(store, 1);
        }

        await using var plaintext = new PostgreSqlTransactionStore(Options(connectionString, null, allowPlaintext: true));

        Assert.Equal(DataProtectionFailure.NotConfigured, (await Assert.ThrowsAsync<DataProtectionException>(() => plaintext.GetAsync(Id(0)).AsTask())).Failure);
    }
}
