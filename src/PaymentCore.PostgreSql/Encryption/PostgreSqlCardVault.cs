using Npgsql;
using PaymentCore.DataProtection;
using PaymentCore.Payments;

namespace PaymentCore.PostgreSql.Encryption;

/// <summary>
/// The card vault in the store's PostgreSQL database (table <c>paymentcore.card_vault</c>), shared by every
/// instance: each card number AES-256-GCM encrypted under the key ring's active key and bound to its token, which
/// is the keyed blind index of the number, so every instance gives the same card the same token and a ciphertext
/// moved to another token's row fails to open (PCI DSS 3.5.1).
/// </summary>
/// <remarks>
/// Register it as <see cref="ICardVault"/> for the application, and as <see cref="ICardDetokenizer"/> only where an
/// authorizer adapter is built; in PostgreSQL, grant the application role no SELECT on the vault table where it
/// only tokenizes. <see cref="PostgreSqlKeyRotation.ReencryptAsync"/> moves its rows to a new key with the store's
/// documents. A vault never stores plaintext: it needs a key even when the store allows plaintext. Thread-safe:
/// each call takes a pooled connection. Dispose it to close its pool.
/// </remarks>
public sealed class PostgreSqlCardVault : ICardVault, ICardDetokenizer, IAsyncDisposable, IDisposable
{
    private readonly CardVaultCipher _cipher;
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Opens the vault in the store's database, migrating the schema as opening the store does (unless migrations are off).</summary>
    /// <param name="options">The store's options: the same database and key ring.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="DataProtectionException"><see cref="PostgreSqlTransactionStoreOptions.Encryption"/> has no key (<see cref="DataProtectionFailure.NotConfigured"/>).</exception>
    /// <exception cref="ArgumentException">The connection string is missing or malformed.</exception>
    /// <exception cref="Storage.TransactionStoreException">The server cannot be reached, or the schema is older or newer than this code.</exception>
    public PostgreSqlCardVault(PostgreSqlTransactionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _cipher = new CardVaultCipher(options.Encryption);

        // The store owns the schema and its migrations; opening it once checks (and applies) them.
        using (new PostgreSqlTransactionStore(options))
        {
        }

        _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
    }

    /// <inheritdoc />
    public async ValueTask<VaultedCard> TokenizeAsync(string cardNumber, string brand, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var card = _cipher.Tokenize(cardNumber, brand, out var digits);

        // The first writer of a token wins, on any instance; a later one's ciphertext (same number) is not needed.
        using var command = _dataSource.CreateCommand("INSERT INTO paymentcore.card_vault (token, pan) VALUES ($1, $2) ON CONFLICT (token) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = card.Token });
        command.Parameters.Add(PostgreSqlRow.Document(_cipher.Seal(card.Token, digits)));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return card;
    }

    /// <inheritdoc />
    public async ValueTask<DetokenizedCard?> DetokenizeAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        using var command = _dataSource.CreateCommand("SELECT pan FROM paymentcore.card_vault WHERE token = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = token });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] ciphertext ? _cipher.Open(token, ciphertext) : null;
    }

    /// <summary>Closes the vault's connection pool.</summary>
    /// <returns>A task that completes when closed.</returns>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Closes the vault's connection pool.</summary>
    public void Dispose() => _dataSource.Dispose();
}
