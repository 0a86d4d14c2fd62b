using Npgsql;
using PaymentCore.Authorization;

namespace PaymentCore.StoreChild;

/// <summary>
/// A simulated acquirer kept in PostgreSQL (schema <c>issuer_sim</c> of the test database), so processes on
/// several machines share one memory of it, as they share a real acquirer: every operation is done at most once per
/// (operation, payment), the first answer is the answer for ever, and a status query returns it. Every call is
/// logged (<c>issuer_sim.calls</c>, with the caller's name) so a proof can count the calls per item, not only the
/// operations that stuck.
/// </summary>
public sealed class PostgresIssuer : IAuthorizer, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _caller;
    private readonly TimeSpan _wait;

    /// <summary>Opens (and creates once, under an advisory lock) the issuer's tables.</summary>
    /// <param name="connectionString">The database.</param>
    /// <param name="caller">Who calls, as logged.</param>
    /// <param name="wait">How long each authorization takes, as a real issuer's round trip; zero for none.</param>
    public PostgresIssuer(string connectionString, string caller, TimeSpan wait = default)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _caller = caller;
        _wait = wait;
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using var command = new NpgsqlCommand(
            """
            SELECT pg_advisory_xact_lock(4242);
            CREATE SCHEMA IF NOT EXISTS issuer_sim;
            CREATE TABLE IF NOT EXISTS issuer_sim.operations (
                operation text NOT NULL, key text NOT NULL, amount bigint NOT NULL, outcome text NOT NULL, code text,
                PRIMARY KEY (operation, key));
            CREATE TABLE IF NOT EXISTS issuer_sim.calls (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, operation text NOT NULL, key text NOT NULL, caller text NOT NULL);
            """,
            connection,
            transaction);
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <inheritdoc />
    public string Name => "postgres-issuer";

    /// <inheritdoc />
    public async ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default)
    {
        if (_wait > TimeSpan.Zero)
        {
            await Task.Delay(_wait, cancellationToken);
        }

        return await ApplyAsync(request, "'Approved'", cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        ApplyAsync(request, Unless("Void"), cancellationToken);

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        ApplyAsync(request, Unless("Capture"), cancellationToken);

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        new(AuthorizerResult.PermanentFailure("refunds_not_simulated"));

    /// <inheritdoc />
    public async ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT outcome, code FROM issuer_sim.operations WHERE operation = $1 AND key = $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = request.Operation.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Payment.IdempotencyKey });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Result(reader) : AuthorizerResult.NotFound();
    }

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();

    // Approved when the payment's authorization was approved and the opposite operation was not.
    private static string Unless(string opposite) => $"""
        CASE WHEN EXISTS (SELECT 1 FROM issuer_sim.operations WHERE operation = 'Authorize' AND key = $2 AND outcome = 'Approved')
              AND NOT EXISTS (SELECT 1 FROM issuer_sim.operations WHERE operation = '{opposite}' AND key = $2 AND outcome = 'Approved')
             THEN 'Approved' ELSE 'PermanentFailure' END
        """;

    private async ValueTask<AuthorizerResult> ApplyAsync(AuthorizerRequest request, string outcome, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("INSERT INTO issuer_sim.calls (operation, key, caller) VALUES ($1, $2, $3)"),
                new NpgsqlBatchCommand($"INSERT INTO issuer_sim.operations (operation, key, amount, outcome, code) SELECT $1, $2, $3, {outcome}, $4 ON CONFLICT DO NOTHING"),
                new NpgsqlBatchCommand("SELECT outcome, code FROM issuer_sim.operations WHERE operation = $1 AND key = $2"),
            },
        };
        foreach (var command in batch.BatchCommands)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = request.Operation.ToString() });
            command.Parameters.Add(new NpgsqlParameter { Value = request.Payment.IdempotencyKey });
        }

        batch.BatchCommands[0].Parameters.Add(new NpgsqlParameter { Value = _caller });
        batch.BatchCommands[1].Parameters.Add(new NpgsqlParameter { Value = request.Amount.MinorUnits });
        batch.BatchCommands[1].Parameters.Add(new NpgsqlParameter { Value = "A-" + request.Payment.IdempotencyKey });

        // One implicit transaction for the batch: the call is logged exactly when its operation is decided.
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (!reader.HasRows || reader.FieldCount != 2)
        {
            if (!await reader.NextResultAsync(cancellationToken))
            {
                throw new InvalidOperationException("The issuer's answer is missing.");
            }
        }

        await reader.ReadAsync(cancellationToken);
        return Result(reader);
    }

    private static AuthorizerResult Result(NpgsqlDataReader reader)
    {
        var code = reader.IsDBNull(1) ? null : reader.GetString(1);
        return reader.GetString(0) == "Approved" ? AuthorizerResult.Approved(code) : AuthorizerResult.PermanentFailure(code ?? "failed");
    }
}
