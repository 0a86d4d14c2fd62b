using Microsoft.Data.Sqlite;
using PaymentCore.DataProtection;
using PaymentCore.Relational;

namespace PaymentCore.Sqlite.Encryption;

/// <summary>
/// The re-encrypt job for key rotation: moves every stored document (transactions and outbox) and every card of the
/// vault (<see cref="SqliteCardVault"/>) to the key ring's active key, and encrypts documents written before encryption was turned on. Run it after adding a new key;
/// when it reports nothing left under the old key, the old key can be retired.
/// </summary>
/// <remarks>
/// Each row is rewritten only if it is unchanged since it was read (compare-and-set on the document), so the job
/// can run while the store takes payments: a row updated meanwhile is already under the active key. Rows are
/// processed in id order, in batches of 500, each batch one transaction. Plaintext rows also get their payer
/// column replaced by its blind index. The blind-index key must not change during a rotation (it is pinned by
/// <see cref="DataProtectionOptions.BlindIndexKeyId"/>). Thread-safe: keeps no state between calls.
/// </remarks>
public static class SqliteKeyRotation
{
    private const int BatchSize = 500;

    /// <summary>Re-encrypts every document and vaulted card not under the active key.</summary>
    /// <param name="options">The store's options; <see cref="SqliteTransactionStoreOptions.Encryption"/> must hold the active key and every key still in use.</param>
    /// <param name="cancellationToken">Cancels between batches.</param>
    /// <returns>How many documents and cards were rewritten.</returns>
    /// <exception cref="DataProtectionException">A document or card fails to decrypt (unknown key id, wrong key, tampered): the job stops there, having changed nothing in that batch.</exception>
    /// <exception cref="ArgumentException">No key is configured.</exception>
    public static async ValueTask<int> ReencryptAsync(SqliteTransactionStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Encryption is not { IsConfigured: true } keys)
        {
            throw new ArgumentException("Re-encryption needs the key ring with the active key.", nameof(options));
        }

        var codec = new DocumentCodec(keys, "SQLite");
        var active = keys.ActiveKeyId!;
        var rewritten = 0;
        using var connection = new SqliteConnection(options.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        rewritten += await RunAsync(connection, "transactions", "id", codec, active, cancellationToken).ConfigureAwait(false);
        rewritten += await RunAsync(connection, "outbox", "event_id", codec, active, cancellationToken).ConfigureAwait(false);
        rewritten += await RunVaultAsync(connection, new CardVaultCipher(keys), cancellationToken).ConfigureAwait(false);
        return rewritten;
    }

    /// <summary>Counts the documents under each key id (<c>plaintext</c> for unencrypted ones), to check a rotation finished.</summary>
    /// <param name="options">The store's options.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Key id to count, over transactions, outbox and the card vault.</returns>
    public static async ValueTask<IReadOnlyDictionary<string, long>> CountByKeyAsync(SqliteTransactionStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var connection = new SqliteConnection(options.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var table in (string[])["transactions", "outbox"])
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT document FROM {table}";
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = DocumentCodec.KeyIdOf(reader.GetFieldValue<byte[]>(0));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        using (var vault = connection.CreateCommand())
        {
            vault.CommandText = "SELECT pan FROM card_vault";
            using var reader = await vault.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = CardVaultCipher.KeyIdOf(reader.GetFieldValue<byte[]>(0));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }

    private static async ValueTask<int> RunAsync(SqliteConnection connection, string table, string idColumn, DocumentCodec codec, string active, CancellationToken cancellationToken)
    {
        var rewritten = 0;
        byte[] after = [];
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = new List<(byte[] Id, byte[] Document)>(BatchSize);
            using (var select = connection.CreateCommand())
            {
                select.CommandText = $"SELECT {idColumn}, document FROM {table} WHERE {idColumn} > $after ORDER BY {idColumn} LIMIT {BatchSize}";
                select.Parameters.AddWithValue("$after", after);
                using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    batch.Add((reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1)));
                }
            }

            if (batch.Count == 0)
            {
                return rewritten;
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var (id, document) in batch)
            {
                if (!DocumentCodec.NeedsReencryption(document, active))
                {
                    continue;
                }

                using var update = connection.CreateCommand();
                update.Transaction = transaction;
                if (table == "transactions")
                {
                    var record = codec.Read(document, SqliteTransactionStore.IdOf(id));
                    update.CommandText = "UPDATE transactions SET document = $new, payer_token = $payer WHERE id = $id AND document = $old";
                    update.Parameters.AddWithValue("$new", codec.Document(record));
                    update.Parameters.AddWithValue("$payer", codec.Payer(record.Request.Payer.Token));
                }
                else
                {
                    update.CommandText = "UPDATE outbox SET document = $new WHERE event_id = $id AND document = $old";
                    update.Parameters.AddWithValue("$new", codec.Document(codec.ReadEvent(document, SqliteTransactionStore.IdOf(id))));
                }

                update.Parameters.AddWithValue("$id", id);
                update.Parameters.AddWithValue("$old", document);
                rewritten += await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
            after = batch[^1].Id;
        }
    }

    // The vault's cards, in token order, a batch a transaction, compare-and-set like the documents.
    private static async ValueTask<int> RunVaultAsync(SqliteConnection connection, CardVaultCipher cipher, CancellationToken cancellationToken)
    {
        var rewritten = 0;
        var after = string.Empty;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = new List<(string Token, byte[] Pan)>(BatchSize);
            using (var select = connection.CreateCommand())
            {
                select.CommandText = $"SELECT token, pan FROM card_vault WHERE token > $after ORDER BY token LIMIT {BatchSize}";
                select.Parameters.AddWithValue("$after", after);
                using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    batch.Add((reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
                }
            }

            if (batch.Count == 0)
            {
                return rewritten;
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var (token, pan) in batch)
            {
                if (cipher.Reencrypt(token, pan) is not { } again)
                {
                    continue;
                }

                using var update = connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = "UPDATE card_vault SET pan = $new WHERE token = $token AND pan = $old";
                update.Parameters.AddWithValue("$new", again);
                update.Parameters.AddWithValue("$token", token);
                update.Parameters.AddWithValue("$old", pan);
                rewritten += await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
            after = batch[^1].Token;
        }
    }
}
