using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using PaymentCore.Audit;
using PaymentCore.Notifications;
using PaymentCore.Sqlite;
using PaymentCore.Sqlite.Audit;
using PaymentCore.Storage;
using PaymentCore.Testing.Storage;

namespace PaymentCore.Benchmarks;

/// <summary>
/// The cost of the audit trail on SQLite's write path, as ratios against a baseline in the same run, with
/// synchronous=FULL (every commit reaches the disk, the default) and NORMAL (WAL commits without fsync, which shows
/// the CPU and I/O cost that the fsync otherwise hides):
/// <list type="bullet">
/// <item><c>Write_NoAudit</c> (baseline): one write transaction holding a payment's record row and outbox row, as the store writes them;</item>
/// <item><c>Write_WithAuditInSameTransaction</c>: the same transaction plus one audit entry through <see cref="SqliteAuditLog.Append"/> (what a wired store pays);</item>
/// <item><c>Store_Create</c> and <c>Store_Create_ThenAuditSeparately</c>: the real store's create, alone and followed by an audit append in a transaction of its own (two commits: what an application pays without the in-transaction hook).</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class AuditBenchmarks
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private string _folder = string.Empty;
    private SqliteConnection _raw = null!;
    private SqliteTransactionStore _store = null!;
    private SqliteAuditLog _storeLog = null!;
    private byte[] _document = [];
    private long _counter;

    [Params(SqliteSynchronousMode.Full, SqliteSynchronousMode.Normal)]
    public SqliteSynchronousMode Synchronous { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("paymentcore-audit-bench-").FullName;
        var rawOptions = new SqliteTransactionStoreOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "raw.db")}", Synchronous = Synchronous, AllowPlaintext = true };
        _ = new SqliteAuditLog(rawOptions); // migrates the file: transactions, outbox and the audit tables
        _raw = new SqliteConnection(rawOptions.ConnectionString);
        _raw.Open();
        using (var pragma = _raw.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = " + (Synchronous == SqliteSynchronousMode.Full ? "FULL;" : "NORMAL;");
            pragma.ExecuteNonQuery();
        }

        var storeOptions = new SqliteTransactionStoreOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "store.db")}", Synchronous = Synchronous, AllowPlaintext = true };
        _store = new SqliteTransactionStore(storeOptions);
        _storeLog = new SqliteAuditLog(storeOptions);
        _document = TransactionRecordJson.Serialize(TestRecords.Received("doc", T0));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public void Write_NoAudit()
    {
        using var transaction = _raw.BeginTransaction(deferred: false);
        WriteRecord(transaction);
        transaction.Commit();
    }

    [Benchmark]
    public IReadOnlyList<AuditEntry> Write_WithAuditInSameTransaction()
    {
        using var transaction = _raw.BeginTransaction(deferred: false);
        var id = WriteRecord(transaction);
        var written = SqliteAuditLog.Append(transaction, [Event(id)]);
        transaction.Commit();
        return written;
    }

    [Benchmark]
    public async Task<CreateResult> Store_Create()
    {
        var record = TestRecords.Received(Next(), T0);
        return await _store.TryCreateAsync(record, PaymentEvent.For(record));
    }

    [Benchmark]
    public async Task<AuditEntry> Store_Create_ThenAuditSeparately()
    {
        var record = TestRecords.Received(Next(), T0);
        await _store.TryCreateAsync(record, PaymentEvent.For(record));
        return await _storeLog.AppendAsync(Event(record.Id.ToString()));
    }

    private static AuditEvent Event(string id) =>
        new("checkout-service", AuditEventTypes.StateChanged, T0, AuditOutcome.Success, "transaction/" + id, "203.0.113.7", "Received");

    private string Next() => (++_counter).ToString(CultureInfo.InvariantCulture);

    private string WriteRecord(SqliteTransaction transaction)
    {
        var key = Next();
        using var insert = _raw.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText =
            "INSERT INTO transactions (id, merchant_id, idempotency_key, payer_token, status, currency, amount_minor, created_at, updated_at, version, has_pending, document) VALUES ($id, 'merchant-1', $key, 'tok', 0, 'USD', 1005, 0, 0, 1, 0, $doc);" +
            "INSERT INTO outbox (event_id, transaction_id, occurred_at, claimed_until, document) VALUES ($eid, $id, 0, 0, $doc);";
        insert.Parameters.AddWithValue("$id", Guid.NewGuid().ToByteArray());
        insert.Parameters.AddWithValue("$key", key);
        insert.Parameters.AddWithValue("$doc", _document);
        insert.Parameters.AddWithValue("$eid", Guid.NewGuid().ToByteArray());
        insert.ExecuteNonQuery();
        return key;
    }
}
