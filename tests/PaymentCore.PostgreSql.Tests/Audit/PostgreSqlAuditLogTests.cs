using Npgsql;
using PaymentCore.Audit;
using PaymentCore.PostgreSql.Audit;

namespace PaymentCore.PostgreSql.Tests.Audit;

/// <summary>The PostgreSQL audit log's own behaviour: the insert-only application role, and the in-transaction hook.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlAuditLogTests(PostgresCluster cluster)
{
    /// <summary>
    /// The GRANT that docs/security.md shows, verbatim (a test asserts the page holds it). <c>paymentcore_app</c> is the
    /// application's login role; the schema's owner runs the migrations.
    /// </summary>
    public const string GrantSql = """
        GRANT USAGE ON SCHEMA paymentcore TO paymentcore_app;
        GRANT SELECT, INSERT ON paymentcore.audit_entries, paymentcore.audit_checkpoints TO paymentcore_app;
        REVOKE UPDATE, DELETE, TRUNCATE ON paymentcore.audit_entries, paymentcore.audit_checkpoints FROM paymentcore_app;
        """;

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static int _roles;

    [Fact]
    public async Task AppRole_WithDocumentedGrant_AppendsAndVerifiesButUpdateDeleteTruncateRefused()
    {
        var ownerConnection = await cluster.CreateDatabaseAsync();
        using (new PostgreSqlAuditLog(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = ownerConnection }))
        {
        }

        // Roles are cluster-wide: a name of its own per run keeps tests independent.
        var role = $"paymentcore_app_{Environment.ProcessId}_{Interlocked.Increment(ref _roles)}";
        await ExecuteAsync(ownerConnection, $"CREATE ROLE {role} LOGIN");
        await ExecuteAsync(ownerConnection, GrantSql.Replace("paymentcore_app", role, StringComparison.Ordinal));

        var appConnection = new NpgsqlConnectionStringBuilder(ownerConnection) { Username = role }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(appConnection);
        using var log = new PostgreSqlAuditLog(dataSource);
        var trail = new AuditTrail(log, new HmacAuditCheckpointSigner("k", new byte[32]), options: new AuditTrailOptions { CheckpointEvery = 2 });
        for (var i = 0; i < 4; i++)
        {
            await trail.AppendAsync(new AuditEvent("user-1", AuditEventTypes.StateChanged, T0.AddMinutes(i), AuditOutcome.Success, $"transaction/{i}"));
        }

        var verified = await trail.VerifyAsync();
        Assert.True(verified.IsIntact, verified.Message);
        Assert.Equal(2, verified.CheckpointsVerified);

        // 42501 insufficient_privilege is the permission check, which runs before any trigger: the GRANT alone refuses these.
        foreach (var sql in (string[])[
            "UPDATE paymentcore.audit_entries SET actor = 'mallory' WHERE seq = 1",
            "DELETE FROM paymentcore.audit_entries WHERE seq = 4",
            "TRUNCATE paymentcore.audit_entries",
            "UPDATE paymentcore.audit_checkpoints SET seq = 1",
            "DELETE FROM paymentcore.audit_checkpoints"])
        {
            var ex = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(appConnection, sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
        }

        Assert.True((await trail.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Owner_UpdateOrTruncate_RefusedByTrigger()
    {
        var connection = await cluster.CreateDatabaseAsync();
        using var log = new PostgreSqlAuditLog(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = connection });
        await log.AppendAsync(new AuditEvent("user-1", AuditEventTypes.StateChanged, T0, AuditOutcome.Success, "transaction/1"));

        var update = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "UPDATE paymentcore.audit_entries SET actor = 'x'"));
        Assert.Contains("append-only", update.MessageText, StringComparison.Ordinal);
        var truncate = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "TRUNCATE paymentcore.audit_entries"));
        Assert.Contains("append-only", truncate.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_InCallersTransaction_CommitsAndRollsBackWithIt()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        using var log = new PostgreSqlAuditLog(new PostgreSqlTransactionStoreOptions { AllowPlaintext = true, ConnectionString = connectionString });
        await log.AppendAsync(Event("before"));

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using (var rolledBack = await connection.BeginTransactionAsync())
            {
                var lost = await PostgreSqlAuditLog.AppendAsync(rolledBack, [Event("lost-1"), Event("lost-2")]);
                Assert.Equal([2L, 3L], lost.Select(e => e.Sequence));
                await rolledBack.RollbackAsync();
            }

            Assert.Equal(1, (await log.GetHeadAsync())!.Sequence);
            await using var committed = await connection.BeginTransactionAsync();
            await using (var change = new NpgsqlCommand("CREATE TABLE change_marker (id int); INSERT INTO change_marker VALUES (1);", connection, committed))
            {
                await change.ExecuteNonQueryAsync();
            }

            var kept = await PostgreSqlAuditLog.AppendAsync(committed, [Event("kept")]);
            await committed.CommitAsync();
            Assert.Equal(2, kept[0].Sequence);
        }

        var all = await log.ReadAsync(0, 10);
        Assert.Equal(["transaction/before", "transaction/kept"], all.Select(e => e.Event.Resource));
        Assert.True((await new AuditTrail(log, new HmacAuditCheckpointSigner("k", new byte[32])).VerifyAsync()).IsIntact);
    }

    [Fact]
    public void Docs_SecurityPage_HoldsTheGrantVerbatim()
    {
        var root = AppContext.BaseDirectory;
        var dir = new DirectoryInfo(root);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PaymentCore.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var page = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "security.md")).ReplaceLineEndings("\n");
        Assert.Contains("```sql\n" + GrantSql.ReplaceLineEndings("\n") + "\n```", page, StringComparison.Ordinal);
    }

    private static AuditEvent Event(string id) =>
        new("user-1", AuditEventTypes.StateChanged, T0, AuditOutcome.Success, "transaction/" + id);

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
