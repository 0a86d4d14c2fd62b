using Microsoft.Data.Sqlite;
using Npgsql;
using PaymentCore.Benchmarks.Throughput;
using PaymentCore.PostgreSql;
using PaymentCore.Sqlite;
using PaymentCore.Transactions;

namespace PaymentCore.Benchmarks.StoreWrites;

/// <summary>
/// What the store benchmarks write to: a SQLite store and its raw baseline, each in its own file of one folder on
/// the same disk; a PostgreSQL store and its raw baseline, each in its own database of one server (a throwaway
/// cluster with the server's default durability, or PAYMENTCORE_BENCH_PG). The raw databases get their schema from
/// a store's migrations, so both sides write the same tables and indexes.
/// </summary>
/// <remarks>Dispose to close everything and delete the files and the cluster. Not thread-safe to set up or dispose.</remarks>
public sealed class StoreWriteTargets : IDisposable
{
    private readonly string _folder;
    private readonly PostgresServer? _server;
    private readonly NpgsqlDataSource _pgRawSource;

    private StoreWriteTargets(string folder, PostgresServer? server, string pg)
    {
        _folder = folder;
        _server = server;
        var sqliteOptions = new SqliteTransactionStoreOptions { ConnectionString = $"Data Source={Path.Combine(folder, "store.db")}", AllowPlaintext = true };
        SqliteStore = new SqliteTransactionStore(sqliteOptions);
        new SqliteTransactionStore(new SqliteTransactionStoreOptions { ConnectionString = $"Data Source={Path.Combine(folder, "raw.db")}", AllowPlaintext = true }).Dispose();
        SqliteRaw = new RawSqlitePayments(Path.Combine(folder, "raw.db"));

        using (var admin = new NpgsqlConnection(pg))
        {
            admin.Open();
            using var create = new NpgsqlCommand("DROP DATABASE IF EXISTS pc_bench_store; DROP DATABASE IF EXISTS pc_bench_raw; CREATE DATABASE pc_bench_store; CREATE DATABASE pc_bench_raw;", admin);
            create.ExecuteNonQuery();
            using var settings = new NpgsqlCommand("SELECT current_setting('fsync') || '/' || current_setting('synchronous_commit')", admin);
            PostgresDurability = (string)settings.ExecuteScalar()!;
        }

        var builder = new NpgsqlConnectionStringBuilder(pg) { Database = "pc_bench_store" };
        PostgresStore = new PostgreSqlTransactionStore(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = builder.ToString() });
        // The raw side gets the driver tuning the store gives its own pool: no DISCARD ALL round trip when a
        // connection is reused, statements prepared after their second use. A baseline without them would be slower
        // than what anyone careful would write, and flatter the store.
        builder.Database = "pc_bench_raw";
        builder.NoResetOnClose = true;
        builder.MaxAutoPrepare = 32;
        builder.AutoPrepareMinUsages = 2;
        _pgRawSource = NpgsqlDataSource.Create(builder.ToString());
        new PostgreSqlTransactionStore(_pgRawSource, new PostgreSqlTransactionStoreOptions { AllowPlaintext = true }).Dispose();
        PostgresRaw = new RawPostgresPayments(_pgRawSource);

        SqliteWriter = new TransactionWriter(SqliteStore, WholePayment.Unaudited, TimeProvider.System);
        SqliteAuditedWriter = new TransactionWriter(SqliteStore, WholePayment.Audited, TimeProvider.System);
        PostgresWriter = new TransactionWriter(PostgresStore, WholePayment.Unaudited, TimeProvider.System);
        PostgresAuditedWriter = new TransactionWriter(PostgresStore, WholePayment.Audited, TimeProvider.System);
    }

    /// <summary>Gets the SQLite store.</summary>
    public SqliteTransactionStore SqliteStore { get; }

    /// <summary>Gets the SQLite baseline.</summary>
    public RawSqlitePayments SqliteRaw { get; }

    /// <summary>Gets the PostgreSQL store.</summary>
    public PostgreSqlTransactionStore PostgresStore { get; }

    /// <summary>Gets the PostgreSQL baseline.</summary>
    public RawPostgresPayments PostgresRaw { get; }

    /// <summary>Gets the server's fsync/synchronous_commit settings, for the report.</summary>
    public string PostgresDurability { get; }

    /// <summary>Gets the processor's writer over the SQLite store, auditing off.</summary>
    internal TransactionWriter SqliteWriter { get; }

    /// <summary>Gets the processor's writer over the SQLite store with the default options (audit entries in each write).</summary>
    internal TransactionWriter SqliteAuditedWriter { get; }

    /// <summary>Gets the processor's writer over the PostgreSQL store, auditing off.</summary>
    internal TransactionWriter PostgresWriter { get; }

    /// <summary>Gets the processor's writer over the PostgreSQL store with the default options.</summary>
    internal TransactionWriter PostgresAuditedWriter { get; }

    /// <summary>Creates the databases (and the cluster, unless PAYMENTCORE_BENCH_PG names a server).</summary>
    /// <returns>The targets.</returns>
    public static StoreWriteTargets Start()
    {
        var folder = Directory.CreateTempSubdirectory("paymentcore-bench-").FullName;
        var configured = Environment.GetEnvironmentVariable("PAYMENTCORE_BENCH_PG");
        var server = configured is null ? PostgresServer.Start() : null;
        return new StoreWriteTargets(folder, server, configured ?? server!.ConnectionString);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        SqliteStore.Dispose();
        SqliteRaw.Dispose();
        PostgresStore.Dispose();
        _pgRawSource.Dispose();
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        _server?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
