using Microsoft.Data.Sqlite;
using PaymentCore.Authorization;

namespace PaymentCore.StoreChild;

/// <summary>
/// A simulated acquirer whose memory survives the process, as a real one's does: every operation is done at most
/// once per (operation, payment) — the payment's idempotency key, as the test's payments capture in full, once — in one SQLite transaction with its result, and a repeat or a status query returns the
/// stored result. Crash tests kill processes that use it, and recovery in the next process asks it what happened.
/// </summary>
public sealed class DurableIssuer : IAuthorizer, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    /// <summary>Opens (or creates) the issuer's ledger.</summary>
    /// <param name="path">The ledger's database file.</param>
    public DurableIssuer(string path)
    {
        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;
            CREATE TABLE IF NOT EXISTS operations (
                operation TEXT NOT NULL, key TEXT NOT NULL, amount INTEGER NOT NULL, outcome TEXT NOT NULL, code TEXT,
                PRIMARY KEY (operation, key));
            """;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public string Name => "durable-issuer";

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        new(Apply(request, _ => AuthorizerResult.Approved("A-" + request.IdempotencyKey)));

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        new(Apply(request, done => done(AuthorizerOperation.Authorize) && !done(AuthorizerOperation.Void)
            ? AuthorizerResult.Approved(request.AuthorizationCode)
            : AuthorizerResult.PermanentFailure("no_open_hold")));

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        new(Apply(request, done => done(AuthorizerOperation.Authorize) && !done(AuthorizerOperation.Capture)
            ? AuthorizerResult.Approved(request.AuthorizationCode)
            : AuthorizerResult.PermanentFailure("no_open_hold")));

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        new(AuthorizerResult.PermanentFailure("refunds_not_simulated"));

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return new(Find(request.Operation, request.Payment.IdempotencyKey) ?? AuthorizerResult.NotFound());
        }
    }

    /// <summary>Lists the approved operations, as (operation, key).</summary>
    /// <returns>A snapshot.</returns>
    public IReadOnlyList<(AuthorizerOperation Operation, string Key)> Approved()
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT operation, key FROM operations WHERE outcome = 'Approved'";
            using var reader = command.ExecuteReader();
            var rows = new List<(AuthorizerOperation, string)>();
            while (reader.Read())
            {
                rows.Add((Enum.Parse<AuthorizerOperation>(reader.GetString(0)), reader.GetString(1)));
            }

            return rows;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private AuthorizerResult Apply(AuthorizerRequest request, Func<Func<AuthorizerOperation, bool>, AuthorizerResult> decide)
    {
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            if (Find(request.Operation, request.Payment.IdempotencyKey, transaction) is { } earlier)
            {
                return earlier; // done once already: answer as the first time, do nothing again
            }

            var result = decide(op => Find(op, request.Payment.IdempotencyKey, transaction) is { IsApproved: true });
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO operations (operation, key, amount, outcome, code) VALUES ($op, $key, $amount, $outcome, $code)";
            insert.Parameters.AddWithValue("$op", request.Operation.ToString());
            insert.Parameters.AddWithValue("$key", request.Payment.IdempotencyKey);
            insert.Parameters.AddWithValue("$amount", request.Amount.MinorUnits);
            insert.Parameters.AddWithValue("$outcome", result.Outcome.ToString());
            insert.Parameters.AddWithValue("$code", (object?)(result.AuthorizationCode ?? result.Code) ?? DBNull.Value);
            insert.ExecuteNonQuery();
            transaction.Commit();
            return result;
        }
    }

    private AuthorizerResult? Find(AuthorizerOperation operation, string key, SqliteTransaction? transaction = null)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT outcome, code FROM operations WHERE operation = $op AND key = $key";
        command.Parameters.AddWithValue("$op", operation.ToString());
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var code = reader.IsDBNull(1) ? null : reader.GetString(1);
        return Enum.Parse<AuthorizerOutcome>(reader.GetString(0)) switch
        {
            AuthorizerOutcome.Approved => AuthorizerResult.Approved(code),
            AuthorizerOutcome.Declined => AuthorizerResult.Declined(code ?? "declined"),
            _ => AuthorizerResult.PermanentFailure(code ?? "failed"),
        };
    }
}
