using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.PostgreSql;
using PaymentCore.Sqlite;
using PaymentCore.Storage;
using PaymentCore.Testing.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Benchmarks;

/// <summary>
/// The durable stores against the database driver used directly, writing the same rows (record columns, JSON
/// document, outbox row) with the same transaction size and the same durability: SQLite in WAL with
/// synchronous=FULL on both sides; PostgreSQL on one server for both sides. Batch benchmarks report per payment
/// (OperationsPerInvoke). PostgreSQL: set PAYMENTCORE_BENCH_PG to a connection string, or a throwaway cluster is
/// started from /usr/lib/postgresql/15/bin (default fsync and synchronous_commit, so commits reach the disk).
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private const int BatchSize = 100;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private string _folder = string.Empty;
    private SqliteTransactionStore _sqliteStore = null!;
    private SqliteConnection _sqliteRaw = null!;
    private PostgreSqlTransactionStore _pgStore = null!;
    private NpgsqlDataSource _pgRaw = null!;
    private string? _pgRoot;
    private long _counter;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("paymentcore-bench-").FullName;
        _sqliteStore = new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "store.db")}", AllowPlaintext = true });

        // The raw side gets the same schema (migrated by a store, then closed) in its own file, and the same pragmas.
        new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "raw.db")}", AllowPlaintext = true }).Dispose();
        _sqliteRaw = new SqliteConnection($"Data Source={Path.Combine(_folder, "raw.db")}");
        _sqliteRaw.Open();
        using (var pragma = _sqliteRaw.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
            pragma.ExecuteNonQuery();
        }

        var pg = Environment.GetEnvironmentVariable("PAYMENTCORE_BENCH_PG") ?? StartCluster();
        using (var admin = new NpgsqlConnection(pg))
        {
            admin.Open();
            using var create = new NpgsqlCommand("DROP DATABASE IF EXISTS pc_bench_store; DROP DATABASE IF EXISTS pc_bench_raw; CREATE DATABASE pc_bench_store; CREATE DATABASE pc_bench_raw;", admin);
            create.ExecuteNonQuery();
        }

        var builder = new NpgsqlConnectionStringBuilder(pg) { Database = "pc_bench_store" };
        _pgStore = new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = builder.ToString() });
        builder.Database = "pc_bench_raw";
        _pgRaw = NpgsqlDataSource.Create(builder.ToString());
        new PostgreSqlTransactionStore(_pgRaw, new PostgreSqlTransactionStoreOptions { AllowPlaintext = true }).Dispose();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sqliteStore.Dispose();
        _sqliteRaw.Dispose();
        _pgStore.Dispose();
        _pgRaw.Dispose();
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_pgRoot is not null)
        {
            Run("/usr/lib/postgresql/15/bin/pg_ctl", ["-D", Path.Combine(_pgRoot, "data"), "-m", "immediate", "-w", "stop"]);
            Directory.Delete(_pgRoot, recursive: true);
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public async Task Sqlite_Batch_Store() => await _sqliteStore.CreateManyAsync(NextBatch());

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public void Sqlite_Batch_Raw()
    {
        var batch = NextBatch();
        using var transaction = _sqliteRaw.BeginTransaction(deferred: false);
        using var insert = SqliteInsertCommand(transaction);
        using var outbox = SqliteOutboxCommand(transaction);
        foreach (var (record, paymentEvent) in batch)
        {
            SetSqlite(insert, outbox, record, paymentEvent);
            insert.ExecuteNonQuery();
            outbox.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    [Benchmark]
    public async Task Sqlite_Single_Store()
    {
        var (record, paymentEvent) = Next();
        await _sqliteStore.TryCreateAsync(record, paymentEvent);
    }

    [Benchmark]
    public void Sqlite_Single_Raw()
    {
        var (record, paymentEvent) = Next();
        using var transaction = _sqliteRaw.BeginTransaction(deferred: false);
        using var insert = SqliteInsertCommand(transaction);
        using var outbox = SqliteOutboxCommand(transaction);
        SetSqlite(insert, outbox, record, paymentEvent);
        insert.ExecuteNonQuery();
        outbox.ExecuteNonQuery();
        transaction.Commit();
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public async Task PostgreSql_Batch_Store() => await _pgStore.CreateManyAsync(NextBatch());

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public async Task PostgreSql_Batch_RawBinaryCopy()
    {
        var batch = NextBatch();
        await using var connection = await _pgRaw.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var copy = await connection.BeginBinaryImportAsync("COPY paymentcore.transactions (id, merchant_id, idempotency_key, payer_token, status, currency, amount_minor, created_at, updated_at, version, has_pending, document) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (record, _) in batch)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(record.Id.Value, NpgsqlDbType.Uuid);
                await copy.WriteAsync(record.MerchantId, NpgsqlDbType.Text);
                await copy.WriteAsync(record.IdempotencyKey, NpgsqlDbType.Text);
                await copy.WriteAsync(record.Request.Payer.Token, NpgsqlDbType.Text);
                await copy.WriteAsync((short)record.Status, NpgsqlDbType.Smallint);
                await copy.WriteAsync(record.Amount.Currency.Code, NpgsqlDbType.Text);
                await copy.WriteAsync(record.Amount.MinorUnits, NpgsqlDbType.Bigint);
                await copy.WriteAsync(record.CreatedAt.UtcTicks, NpgsqlDbType.Bigint);
                await copy.WriteAsync(record.UpdatedAt.UtcTicks, NpgsqlDbType.Bigint);
                await copy.WriteAsync(record.Version, NpgsqlDbType.Bigint);
                await copy.WriteAsync(record.Pending is not null, NpgsqlDbType.Boolean);
                await copy.WriteAsync(Encoding.UTF8.GetString(TransactionRecordJson.Serialize(record)), NpgsqlDbType.Json);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync("COPY paymentcore.outbox (event_id, transaction_id, occurred_at, claimed_until, document) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (_, paymentEvent) in batch)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(paymentEvent.EventId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(paymentEvent.TransactionId.Value, NpgsqlDbType.Uuid);
                await copy.WriteAsync(paymentEvent.OccurredAt.UtcTicks, NpgsqlDbType.Bigint);
                await copy.WriteAsync(DateTimeOffset.MinValue.UtcTicks, NpgsqlDbType.Bigint);
                await copy.WriteAsync(Encoding.UTF8.GetString(TransactionRecordJson.SerializeEvent(paymentEvent)), NpgsqlDbType.Json);
            }

            await copy.CompleteAsync();
        }

        await transaction.CommitAsync();
    }

    [Benchmark]
    public async Task PostgreSql_Single_Store()
    {
        var (record, paymentEvent) = Next();
        await _pgStore.TryCreateAsync(record, paymentEvent);
    }

    [Benchmark]
    public async Task PostgreSql_Single_RawInsert()
    {
        var (record, paymentEvent) = Next();
        await using var connection = await _pgRaw.OpenConnectionAsync();

        // The record row and its outbox row in one round trip and one implicit transaction, as the store does.
        await using var batch = new NpgsqlBatch(connection);
        var insert = new NpgsqlBatchCommand("INSERT INTO paymentcore.transactions (id, merchant_id, idempotency_key, payer_token, status, currency, amount_minor, created_at, updated_at, version, has_pending, document) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = record.Id.Value });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.MerchantId });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.IdempotencyKey });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Request.Payer.Token });
        insert.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)record.Status });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Amount.Currency.Code });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = record.Amount.MinorUnits });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = record.CreatedAt.UtcTicks });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = record.UpdatedAt.UtcTicks });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = record.Version });
        insert.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = record.Pending is not null });
        insert.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Json, TypedValue = Encoding.UTF8.GetString(TransactionRecordJson.Serialize(record)) });
        var outbox = new NpgsqlBatchCommand("INSERT INTO paymentcore.outbox (event_id, transaction_id, occurred_at, claimed_until, document) VALUES ($1, $2, $3, $4, $5)");
        outbox.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = paymentEvent.EventId });
        outbox.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = record.Id.Value });
        outbox.Parameters.Add(new NpgsqlParameter<long> { TypedValue = paymentEvent.OccurredAt.UtcTicks });
        outbox.Parameters.Add(new NpgsqlParameter<long> { TypedValue = DateTimeOffset.MinValue.UtcTicks });
        outbox.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Json, TypedValue = Encoding.UTF8.GetString(TransactionRecordJson.SerializeEvent(paymentEvent)) });
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(outbox);
        await batch.ExecuteNonQueryAsync();
    }

    private static SqliteCommand SqliteInsertCommand(SqliteTransaction transaction)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO transactions (id, merchant_id, idempotency_key, payer_token, status, currency, amount_minor, created_at, updated_at, version, has_pending, document) VALUES ($id, $merchant, $key, $payer, $status, $currency, $amount, $created, $updated, $version, $pending, $doc)";
        foreach (var name in (string[])["$id", "$merchant", "$key", "$payer", "$status", "$currency", "$amount", "$created", "$updated", "$version", "$pending", "$doc"])
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static SqliteCommand SqliteOutboxCommand(SqliteTransaction transaction)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO outbox (event_id, transaction_id, occurred_at, claimed_until, document) VALUES ($eid, $tid, $occurred, $unclaimed, $edoc)";
        foreach (var name in (string[])["$eid", "$tid", "$occurred", "$unclaimed", "$edoc"])
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static void SetSqlite(SqliteCommand insert, SqliteCommand outbox, TransactionRecord record, PaymentEvent paymentEvent)
    {
        var p = insert.Parameters;
        p[0].Value = record.Id.Value.ToByteArray(bigEndian: true);
        p[1].Value = record.MerchantId;
        p[2].Value = record.IdempotencyKey;
        p[3].Value = record.Request.Payer.Token;
        p[4].Value = (int)record.Status;
        p[5].Value = record.Amount.Currency.Code;
        p[6].Value = record.Amount.MinorUnits;
        p[7].Value = record.CreatedAt.UtcTicks;
        p[8].Value = record.UpdatedAt.UtcTicks;
        p[9].Value = record.Version;
        p[10].Value = record.Pending is null ? 0 : 1;
        p[11].Value = TransactionRecordJson.Serialize(record);
        var e = outbox.Parameters;
        e[0].Value = paymentEvent.EventId.ToByteArray(bigEndian: true);
        e[1].Value = record.Id.Value.ToByteArray(bigEndian: true);
        e[2].Value = paymentEvent.OccurredAt.UtcTicks;
        e[3].Value = DateTimeOffset.MinValue.UtcTicks;
        e[4].Value = TransactionRecordJson.SerializeEvent(paymentEvent);
    }

    private static void Run(string program, string[] arguments)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "runuser" : program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (asRoot)
        {
            foreach (var a in (string[])["-u", "postgres", "--", program])
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {error.Result}");
        }
    }

    private (TransactionRecord Record, PaymentEvent Event) Next()
    {
        var n = Interlocked.Increment(ref _counter);
        var key = "bench-" + n;
        var amount = Money.FromMinor(1005, Currency.USD);
        var at = T0.AddTicks(n);
        var record = TestRecords.Received(key, at, "merchant-1", "tok_bench", amount);
        return (record, PaymentEvent.For(record));
    }

    private (TransactionRecord Record, PaymentEvent Event)[] NextBatch()
    {
        var batch = new (TransactionRecord, PaymentEvent)[BatchSize];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = Next();
        }

        return batch;
    }

    private string StartCluster()
    {
        const string Bin = "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(Bin, "pg_ctl")))
        {
            throw new InvalidOperationException($"PostgreSQL is not installed in {Bin}: install it with `apt-get install postgresql`, or set PAYMENTCORE_BENCH_PG to a connection string.");
        }

        _pgRoot = Directory.CreateTempSubdirectory("paymentcore-bench-pg-").FullName;
        if (Environment.UserName == "root")
        {
            using var chown = Process.Start("chown", ["-R", "postgres:postgres", _pgRoot]);
            chown.WaitForExit();
        }

        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var data = Path.Combine(_pgRoot, "data");
        Run(Path.Combine(Bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        Run(Path.Combine(Bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(_pgRoot, "server.log"), "-w", "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {_pgRoot}", "start"]);
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }
}
