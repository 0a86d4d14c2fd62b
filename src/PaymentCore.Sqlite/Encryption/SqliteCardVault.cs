using Microsoft.Data.Sqlite;
using PaymentCore.DataProtection;
using PaymentCore.Payments;

namespace PaymentCore.Sqlite.Encryption;

/// <summary>
/// The card vault in a SQLite store's file (table <c>card_vault</c>): each card number AES-256-GCM encrypted under
/// the key ring's active key and bound to its token, which is the keyed blind index of the number, so the same card
/// always gets the same token and a ciphertext moved to another token's row fails to open (PCI DSS 3.5.1).
/// </summary>
/// <remarks>
/// Register it as <see cref="ICardVault"/> for the application, and as <see cref="ICardDetokenizer"/> only where an
/// authorizer adapter is built. <see cref="SqliteKeyRotation.ReencryptAsync"/> moves its rows to a new key with the
/// store's documents. A vault never stores plaintext: it needs a key even when the store allows plaintext.
/// Thread-safe: each call uses its own pooled connection.
/// </remarks>
public sealed class SqliteCardVault : ICardVault, ICardDetokenizer
{
    private readonly CardVaultCipher _cipher;
    private readonly string _connectionString;
    private readonly string _pragmas;

    /// <summary>Opens the vault in a SQLite store's file, migrating the file as opening the store does.</summary>
    /// <param name="options">The store's options: the same file, busy timeout and key ring.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="DataProtectionException"><see cref="SqliteTransactionStoreOptions.Encryption"/> has no key (<see cref="DataProtectionFailure.NotConfigured"/>).</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="Storage.TransactionStoreException">The file cannot be used (see <see cref="SqliteTransactionStore"/>).</exception>
    public SqliteCardVault(SqliteTransactionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _cipher = new CardVaultCipher(options.Encryption);

        // The store owns the schema: opening it once brings the file to the version that has the vault table.
        using (new SqliteTransactionStore(options))
        {
        }

        _connectionString = options.WaitingConnectionString();
        _pragmas = options.SessionPragmas();
    }

    /// <inheritdoc />
    public async ValueTask<VaultedCard> TokenizeAsync(string cardNumber, string brand, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var card = _cipher.Tokenize(cardNumber, brand, out var digits);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();

        // The first writer of a token wins; a later one's ciphertext (same number, same token) is not needed.
        command.CommandText = "INSERT INTO card_vault (token, pan) VALUES ($token, $pan) ON CONFLICT (token) DO NOTHING";
        command.Parameters.AddWithValue("$token", card.Token);
        command.Parameters.AddWithValue("$pan", _cipher.Seal(card.Token, digits));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return card;
    }

    /// <inheritdoc />
    public async ValueTask<DetokenizedCard?> DetokenizeAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT pan FROM card_vault WHERE token = $token";
        command.Parameters.AddWithValue("$token", token);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] ciphertext ? _cipher.Open(token, ciphertext) : null;
    }

    private async ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
