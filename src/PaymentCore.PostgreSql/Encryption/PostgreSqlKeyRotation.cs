using Npgsql;
using PaymentCore.DataProtection;
using PaymentCore.Relational;

namespace PaymentCore.PostgreSql.Encryption;

/// <summary>
/// The re-encrypt job for key rotation: moves every stored document (transactions and outbox) and every card of the
/// vault (<see cref="PostgreSqlCardVault"/>) to the key ring's active key, and encrypts documents written before encryption was turned on. Run it after adding a new key;
/// when <see cref="CountByKeyAsync"/> reports nothing left under the old key, the old key can be retired.
/// </summary>
/// <remarks>
/// Each row is rewritten only if it is unchanged since it was read (compare-and-set on the document), so the job
/// can run while every instance keeps taking payments: a row updated meanwhile is already under the active key.
/// Rows are processed in id order, in batches of 500, each batch one transaction. Plaintext rows also get their
/// payer column replaced by its blind index. The blind-index key must not change during a rotation (pin it with
/// <see cref="DataProtectionOptions.BlindIndexKeyId"/>). Run it from one process at a time; two runs are safe but
/// do the work twice. Thread-safe: keeps no state between calls.
/// </remarks>
public static class PostgreSqlKeyRotation
{
    private const int BatchSize = 500;

    private static readonly (string Table, string IdColumn)[] Tables =
        [("paymentcore.transactions", "id"), ("paymentcore.outbox", "event_id")];

    /// <summary>Re-encrypts every document and vaulted card not under the active key.</summary>
    /// <param name="options">The store's options; <see cref="PostgreSqlTransactionStoreOptions.Encryption"/> must hold the active key and every key still in use.</param>
    /// <param name="cancellationToken">Cancels between batches.</param>
    /// <returns>How many documents and cards were rewritten.</returns>
    /// <exception cref="DataProtectionException">A document or card fails to decrypt (unknown key id, wrong key, tampered): the job stops there, having changed nothing in that batch.</exception>
    /// <exception cref="ArgumentException">No key is configured, or the connection string is missing.</exception>
    public static async ValueTask<int> ReencryptAsync(PostgreSqlTransactionStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Encryption is not { IsConfigured: true } keys)
        {
            throw new ArgumentException($"Re-encryption needs the key ring with the active key ({nameof(options.Encryption)}).", nameof(options));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, nameof(options));
        var codec = new DocumentCodec(keys, "PostgreSQL");
        var rewritten = 0;
        var connection = new NpgsqlConnection(options.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (table, idColumn) in Tables)
            {
                rewritten += await RunAsync(connection, table, idColumn, codec, keys.ActiveKeyId!, cancellationToken).ConfigureAwait(false);
            }

            rewritten += await RunVaultAsync(connection, new CardVaultCipher(keys), cancellationToken).ConfigureAwait(false);
        }

        return rewritten;
    }

    /// <summary>Counts the documents under each key id (<c>plaintext</c> for unencrypted ones), to check a rotation finished.</summary>
    /// <param name="options">The store's options (only the connection string is used).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Key id to count, over transactions, outbox and the card vault.</returns>
    /// <exception cref="DataProtectionException">A stored document is neither JSON nor a ciphertext (<see cref="DataProtectionFailure.Malformed"/>).</exception>
    public static async ValueTask<IReadOnlyDictionary<string, long>> CountByKeyAsync(PostgreSqlTransactionStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var connection = new NpgsqlConnection(options.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (table, _) in Tables)
            {
                using var command = new NpgsqlCommand($"SELECT document FROM {table}", connection);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var key = DocumentCodec.KeyIdOf(reader.GetFieldValue<byte[]>(0));
                        counts[key] = counts.GetValueOrDefault(key) + 1;
                    }
                }
            }

            using var vault = new NpgsqlCommand("SELECT pan FROM paymentcore.card_vault", connection);
            var cards = await vault.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (cards.ConfigureAwait(false))
            {
                while (await cards.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var key = CardVaultCipher.KeyIdOf(cards.GetFieldValue<byte[]>(0));
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }
        }

        return counts;
    }

    private static async ValueTask<int> RunAsync(NpgsqlConnection connection, string table, string idColumn, DocumentCodec codec, string active, CancellationToken cancellationToken)
    {
        var rewritten = 0;
        var after = Guid.Empty;
        var transactions = table == Tables[0].Table;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = new List<(Guid Id, byte[] Document)>(BatchSize);
            using (var select = new NpgsqlCommand($"SELECT {idColumn}, document FROM {table} WHERE {idColumn} > $1 ORDER BY {idColumn} LIMIT {BatchSize}", connection))
            {
                select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = after });
                var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        batch.Add((reader.GetGuid(0), reader.GetFieldValue<byte[]>(1)));
                    }
                }
            }

            if (batch.Count == 0)
            {
                return rewritten;
            }

            // Decrypt and re-encrypt the whole batch first: a document that fails stops the job before anything of
            // the batch is written.
            using var updates = new NpgsqlBatch(connection);
            foreach (var (id, document) in batch)
            {
                if (!DocumentCodec.NeedsReencryption(document, active))
                {
                    continue;
                }

                // Compare-and-set: $1 the id, $2 the document as read, $3 the new one.
                NpgsqlBatchCommand update;
                if (transactions)
                {
                    var record = codec.Read(document, id);
                    update = new NpgsqlBatchCommand("UPDATE paymentcore.transactions SET document = $3, payer_token = $4 WHERE id = $1 AND document = $2");
                    AddCompareAndSet(update, id, document, codec.Document(record));
                    update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = codec.Payer(record.Request.Payer.Token) });
                }
                else
                {
                    update = new NpgsqlBatchCommand("UPDATE paymentcore.outbox SET document = $3 WHERE event_id = $1 AND document = $2");
                    AddCompareAndSet(update, id, document, codec.Document(codec.ReadEvent(document, id)));
                }

                updates.BatchCommands.Add(update);
            }

            rewritten += await ExecuteAsync(updates, cancellationToken).ConfigureAwait(false);
            after = batch[^1].Id;
        }
    }

    // The vault's cards, in token order (bytewise, whatever the database's collation), compare-and-set like the documents.
    private static async ValueTask<int> RunVaultAsync(NpgsqlConnection connection, CardVaultCipher cipher, CancellationToken cancellationToken)
    {
        var rewritten = 0;
        var after = string.Empty;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = new List<(string Token, byte[] Pan)>(BatchSize);
            using (var select = new NpgsqlCommand($"SELECT token, pan FROM paymentcore.card_vault WHERE token > $1 COLLATE \"C\" ORDER BY token COLLATE \"C\" LIMIT {BatchSize}", connection))
            {
                select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after });
                var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        batch.Add((reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
                    }
                }
            }

            if (batch.Count == 0)
            {
                return rewritten;
            }

            using var updates = new NpgsqlBatch(connection);
            foreach (var (token, pan) in batch)
            {
                if (cipher.Reencrypt(token, pan) is { } again)
                {
                    var update = new NpgsqlBatchCommand("UPDATE paymentcore.card_vault SET pan = $3 WHERE token = $1 AND pan = $2");
                    update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = token });
                    update.Parameters.Add(PostgreSqlRow.Document(pan));
                    update.Parameters.Add(PostgreSqlRow.Document(again));
                    updates.BatchCommands.Add(update);
                }
            }

            rewritten += await ExecuteAsync(updates, cancellationToken).ConfigureAwait(false);
            after = batch[^1].Token;
        }
    }

    // NpgsqlBatch runs as one implicit transaction: the batch is written whole or not at all.
    private static async ValueTask<int> ExecuteAsync(NpgsqlBatch updates, CancellationToken cancellationToken)
    {
        if (updates.BatchCommands.Count == 0)
        {
            return 0;
        }

        await updates.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        var affected = 0;
        foreach (var command in updates.BatchCommands)
        {
            affected += command.RecordsAffected;
        }

        return affected;
    }

    private static void AddCompareAndSet(NpgsqlBatchCommand update, Guid id, byte[] old, byte[] replacement)
    {
        update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        update.Parameters.Add(PostgreSqlRow.Document(old));
        update.Parameters.Add(PostgreSqlRow.Document(replacement));
    }
}
