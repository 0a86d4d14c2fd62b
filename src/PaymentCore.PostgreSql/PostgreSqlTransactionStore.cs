using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using PaymentCore.DataProtection;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Outbox;
using PaymentCore.Relational;
using PaymentCore.Rules;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.PostgreSql;

/// <summary>
/// Keeps transactions and their outbox in PostgreSQL, shared by every instance of a service: idempotency keys
/// under a unique constraint (<c>INSERT … ON CONFLICT DO NOTHING</c>), optimistic concurrency by a version
/// column (<c>UPDATE … WHERE version = expected</c>), each change and its event in one statement (a
/// data-modifying CTE, so one round trip and one commit), and <c>FOR UPDATE SKIP LOCKED</c> so instances share
/// outbox delivery without handing one event to two of them. Batches are sent with <see cref="NpgsqlBatch"/>.
/// With a key ring (<see cref="PostgreSqlTransactionStoreOptions.Encryption"/>) every transaction and outbox document
/// is AES-256-GCM encrypted, bound to its table, row and column, and the payer column holds a keyed blind index
/// (PCI DSS 3.5.1); documents are encrypted on the calling thread, before a write joins a group commit.
/// </summary>
/// <remarks>
/// Thread-safe: each call takes a connection from the <see cref="NpgsqlDataSource"/> pool. Commits are as durable
/// as the server makes them (<c>synchronous_commit</c>, <c>fsync</c>): keep the server defaults in production.
/// Dispose the store to close the pool when the store made it.
/// </remarks>
public sealed class PostgreSqlTransactionStore : IBatchTransactionStore, IAsyncDisposable, IDisposable
{
    private const string StageSql = """
        CREATE TEMP TABLE IF NOT EXISTS paymentcore_batch_v4 (
            ord int, LIKE paymentcore.transactions, event_id uuid, occurred_at bigint, event_document bytea
        ) ON COMMIT DELETE ROWS
        """;

    // The event id comes last: the document is bound to it, so it is read to decrypt.
    private const string MessageColumns = "seq, document, attempts, next_attempt_at, last_error, dead_lettered_at, event_id";

    private static readonly string CopySql =
        $"COPY paymentcore_batch_v4 (ord, {string.Join(", ", TransactionRow.Columns)}, event_id, occurred_at, event_document) FROM STDIN (FORMAT BINARY)";

    private static readonly string InsertStagedSql = $"""
        WITH created AS (
            INSERT INTO paymentcore.transactions ({string.Join(", ", TransactionRow.Columns)})
            SELECT {string.Join(", ", TransactionRow.Columns)}
            FROM paymentcore_batch_v4 ORDER BY ord
            ON CONFLICT DO NOTHING
            RETURNING id),
        firsts AS (
            SELECT DISTINCT ON (b.id) b.ord, b.id, b.event_id, b.occurred_at, b.event_document
            FROM paymentcore_batch_v4 b JOIN created c ON c.id = b.id
            ORDER BY b.id, b.ord),
        events AS (
            INSERT INTO paymentcore.outbox (event_id, transaction_id, occurred_at, claimed_until, attempts, next_attempt_at, document)
            SELECT event_id, id, occurred_at, 0, 0, occurred_at, event_document FROM firsts ORDER BY ord
            RETURNING transaction_id)
        SELECT ord FROM firsts
        """;

    private const string SelectByKeySql = "SELECT document, id FROM paymentcore.transactions WHERE merchant_id = $1 AND idempotency_key = $2";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgreSqlWriter _writer;
    private readonly DocumentCodec _codec;
    private long _directCommits;

    /// <summary>Opens the store on a connection string, making and owning its connection pool, and migrates the schema.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The connection string is missing or malformed, or no key is set (<see cref="PostgreSqlTransactionStoreOptions.Encryption"/>) without <see cref="PostgreSqlTransactionStoreOptions.AllowPlaintext"/>.</exception>
    /// <exception cref="TransactionStoreException">The server cannot be reached, or the schema is newer than this code.</exception>
    public PostgreSqlTransactionStore(PostgreSqlTransactionStoreOptions options)
        : this(CreateDataSource(options), ownsDataSource: true, options!)
    {
    }

    /// <summary>Opens the store on a data source you own (it is not disposed with the store), and migrates the schema.</summary>
    /// <param name="dataSource">The data source.</param>
    /// <param name="options">Migrations and encryption (<see cref="PostgreSqlTransactionStoreOptions.ApplyMigrations"/>, <see cref="PostgreSqlTransactionStoreOptions.Encryption"/>, <see cref="PostgreSqlTransactionStoreOptions.AllowPlaintext"/>); its connection string is not used.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No key is set without <see cref="PostgreSqlTransactionStoreOptions.AllowPlaintext"/>.</exception>
    /// <exception cref="TransactionStoreException">The server cannot be reached, or the schema is newer than this code.</exception>
    public PostgreSqlTransactionStore(NpgsqlDataSource dataSource, PostgreSqlTransactionStoreOptions options)
        : this(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), ownsDataSource: false, Checked(options))
    {
    }

    private PostgreSqlTransactionStore(NpgsqlDataSource dataSource, bool ownsDataSource, PostgreSqlTransactionStoreOptions options)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _codec = new DocumentCodec(options.Encryption, "PostgreSQL");
        _writer = new PostgreSqlWriter(OpenAsync);
        var applyMigrations = options.ApplyMigrations;
        try
        {
            Migrate(applyMigrations);
        }
        catch
        {
            if (ownsDataSource)
            {
                dataSource.Dispose();
            }

            throw;
        }
    }

    /// <summary>Gets the schema version this code writes.</summary>
    public static int SchemaVersion => PostgreSqlMigrations.Latest;

    /// <summary>Gets how many transactions the store committed, for measuring commits per payment.</summary>
    internal long Commits => _writer.Commits + Interlocked.Read(ref _directCommits);

    /// <summary>Gets the connection string the store's data source uses (its settings, for tests).</summary>
    internal string DataSourceConnectionString => _dataSource.ConnectionString;

    /// <summary>Gets the store's document codec (for the card vault and the rotation job, which share its keys).</summary>
    internal DocumentCodec Codec => _codec;

    /// <inheritdoc />
    public async ValueTask<CreateResult> TryCreateAsync(TransactionRecord record, PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(paymentEvent);
        CheckNew(record, nameof(record));
        cancellationToken.ThrowIfCancellationRequested();
        return await _writer.SubmitAsync(new PostgreSqlCreate(record, paymentEvent, _codec), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<CreateResult>> CreateManyAsync(IReadOnlyList<(TransactionRecord Record, PaymentEvent Event)> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var (record, paymentEvent) in items)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(items));
            ArgumentNullException.ThrowIfNull(paymentEvent, nameof(items));
            CheckNew(record, nameof(items));
        }

        var results = new CreateResult[items.Count];
        if (items.Count == 0)
        {
            return results;
        }

        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Binary COPY into a per-connection staging table, then one INSERT … SELECT … ON CONFLICT DO
                // NOTHING that returns the ids it created, and their events from the same staging rows. The
                // first occurrence of a key inside the batch wins (rows go in batch order); later ones, and keys
                // stored before, come back as existing.
                using (var stage = new NpgsqlCommand(StageSql, connection, transaction))
                {
                    await stage.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken).ConfigureAwait(false);
                await using (importer.ConfigureAwait(false))
                {
                    for (var i = 0; i < items.Count; i++)
                    {
                        var (record, paymentEvent) = items[i];
                        await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                        await importer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                        var document = RentedDocument.Of(record, _codec);
                        var eventDocument = RentedDocument.Of(paymentEvent, _codec);
                        try
                        {
                            await PostgreSqlRow.WriteAsync(importer, record, _codec.Payer(record.Request.Payer.Token), document.Memory, cancellationToken).ConfigureAwait(false);
                            await importer.WriteAsync(paymentEvent.EventId, NpgsqlDbType.Uuid, cancellationToken).ConfigureAwait(false);
                            await importer.WriteAsync(paymentEvent.OccurredAt.UtcTicks, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                            await importer.WriteAsync(eventDocument.Memory, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            document.Return();
                            eventDocument.Return();
                        }
                    }

                    await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }

                var created = new HashSet<int>();
                using (var insert = new NpgsqlCommand(InsertStagedSql, connection, transaction))
                {
                    var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            created.Add(reader.GetInt32(0));
                        }
                    }
                }

                List<Guid>? missing = null;
                for (var i = 0; i < items.Count; i++)
                {
                    if (created.Contains(i))
                    {
                        results[i] = new CreateResult(true, null);
                    }
                    else
                    {
                        (missing ??= []).Add(items[i].Record.Id.Value);
                    }
                }

                if (missing is not null)
                {
                    using var existing = new NpgsqlCommand("SELECT document, id FROM paymentcore.transactions WHERE id = ANY($1)", connection, transaction);
                    existing.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. missing.Distinct()] });
                    var byId = (await ReadRecordsAsync(existing, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Id);
                    for (var i = 0; i < items.Count; i++)
                    {
                        if (!created.Contains(i))
                        {
                            results[i] = new CreateResult(false, byId.GetValueOrDefault(items[i].Record.Id));
                        }
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _directCommits);
                return results;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryUpdateAsync(TransactionRecord record, long expectedVersion, PaymentEvent? paymentEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Version != expectedVersion + 1)
        {
            throw new ArgumentException($"The record is at version {record.Version}; an update from version {expectedVersion} must be at {expectedVersion + 1}.", nameof(record));
        }

        cancellationToken.ThrowIfCancellationRequested();

        // One statement: the record and its event are written together or not at all.
        return await _writer.SubmitAsync(new PostgreSqlUpdate(record, expectedVersion, paymentEvent, _codec), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<TransactionRecord?> GetAsync(TransactionId id, CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand("SELECT document, id FROM paymentcore.transactions WHERE id = $1", connection);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id.Value });
            var records = await ReadRecordsAsync(command, cancellationToken).ConfigureAwait(false);
            return records.Count == 0 ? null : records[0];
        }
    }

    /// <inheritdoc />
    public async ValueTask<TransactionRecord?> FindByIdempotencyKeyAsync(string merchantId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(merchantId);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await FindAsync(connection, null, _codec, merchantId, idempotencyKey, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<TransactionPage> QueryAsync(TransactionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand { Connection = connection };
            var sql = new StringBuilder("SELECT document, id FROM paymentcore.transactions WHERE TRUE");
            void Add(string condition, NpgsqlParameter parameter)
            {
                command.Parameters.Add(parameter);
                sql.Append(" AND ").Append(condition.Replace("$?", "$" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            }

            if (query.MerchantId is not null)
            {
                Add("merchant_id = $?", new NpgsqlParameter<string> { TypedValue = query.MerchantId });
            }

            if (query.PayerToken is not null)
            {
                Add("payer_token = $?", new NpgsqlParameter<string> { TypedValue = _codec.Payer(query.PayerToken) });
            }

            if (query.Status is { } status)
            {
                Add("status = $?", new NpgsqlParameter<short> { TypedValue = (short)status });
            }

            if (query.CreatedFrom is { } from)
            {
                Add("created_at >= $?", new NpgsqlParameter<long> { TypedValue = from.UtcTicks });
            }

            if (query.CreatedBefore is { } before)
            {
                Add("created_at < $?", new NpgsqlParameter<long> { TypedValue = before.UtcTicks });
            }

            if (PageCursor.TryParse(query.ContinuationToken, out var cursor))
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = cursor.CreatedAt.UtcTicks });
                var at = command.Parameters.Count;
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = cursor.Id.Value });
                sql.Append(CultureInfo.InvariantCulture, $" AND (created_at, id) > (${at}, ${at + 1})");
            }

            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.PageSize + 1 });
            sql.Append(CultureInfo.InvariantCulture, $" ORDER BY created_at, id LIMIT ${command.Parameters.Count}");
            command.CommandText = sql.ToString();
            var items = await ReadRecordsAsync(command, cancellationToken).ConfigureAwait(false);
            string? token = null;
            if (items.Count > query.PageSize)
            {
                items.RemoveAt(items.Count - 1);
                token = new PageCursor(items[^1].CreatedAt, items[^1].Id).Encode();
            }

            return new TransactionPage(items, token);
        }
    }

    /// <inheritdoc />
    public async ValueTask<PayerActivity> GetPayerActivityAsync(string payerToken, Currency currency, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payerToken);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // SUM(bigint) is numeric in PostgreSQL, so it cannot wrap; the cast back to bigint fails loudly on overflow.
            using var command = new NpgsqlCommand(
                "SELECT COUNT(*), COALESCE(SUM(amount_minor), 0)::bigint FROM paymentcore.transactions WHERE payer_token = $1 AND created_at > $2 AND created_at <= $3 AND currency = $4 AND counts_for_activity",
                connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _codec.Payer(payerToken) });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = from.UtcTicks });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = until.UtcTicks });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = currency.Code });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return new PayerActivity(until - from, checked((int)reader.GetInt64(0)), Money.FromMinor(reader.GetInt64(1), currency));
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OutboxMessage>> ClaimEventsAsync(int maxCount, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // SKIP LOCKED: a row another instance is claiming right now is passed over, not waited for; a row it
            // claimed and committed is re-checked against claimed_until and excluded. So each event goes to one.
            using var command = new NpgsqlCommand(
                $"""
                WITH due AS (
                    SELECT seq FROM paymentcore.outbox
                    WHERE dead_lettered_at IS NULL AND next_attempt_at <= $1 AND claimed_until <= $1
                    ORDER BY seq LIMIT $2
                    FOR UPDATE SKIP LOCKED)
                UPDATE paymentcore.outbox o SET claimed_until = $3 FROM due WHERE o.seq = due.seq
                RETURNING {string.Join(", ", MessageColumns.Split(", ").Select(c => "o." + c))}
                """,
                connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now.UtcTicks });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (now + lease).UtcTicks });
            Interlocked.Increment(ref _directCommits);
            return await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask MarkDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        if (eventIds.Count == 0)
        {
            return;
        }

        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One statement and one commit for the whole delivered batch.
            using var command = new NpgsqlCommand("DELETE FROM paymentcore.outbox WHERE event_id = ANY($1)", connection);
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. eventIds] });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _directCommits);
        }
    }

    /// <inheritdoc />
    public async ValueTask RecordDeliveryFailureAsync(DeliveryFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure.Error, nameof(failure));
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(
                "UPDATE paymentcore.outbox SET attempts = $1, next_attempt_at = $2, last_error = $3, dead_lettered_at = $4, claimed_until = 0 WHERE event_id = $5",
                connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = failure.Attempts });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = failure.NextAttemptAt.UtcTicks });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = failure.Error });
            command.Parameters.Add(PostgreSqlRow.OptionalTicks(failure.DeadLetter ? failure.NextAttemptAt.UtcTicks : null));
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = failure.EventId });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OutboxMessage>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand($"SELECT {MessageColumns} FROM paymentcore.outbox WHERE dead_lettered_at IS NOT NULL ORDER BY seq LIMIT $1", connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
            return await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> RedriveAsync(Guid eventId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(
                "UPDATE paymentcore.outbox SET attempts = 0, next_attempt_at = $1, dead_lettered_at = NULL, claimed_until = 0 WHERE event_id = $2 AND dead_lettered_at IS NOT NULL",
                connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now.UtcTicks });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    /// <inheritdoc />
    public async ValueTask<OutboxBacklog> GetOutboxBacklogAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(
                "SELECT COUNT(*) FILTER (WHERE dead_lettered_at IS NULL), COUNT(*) FILTER (WHERE dead_lettered_at IS NOT NULL), MIN(occurred_at) FILTER (WHERE dead_lettered_at IS NULL) FROM paymentcore.outbox",
                connection);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return new OutboxBacklog(
                    checked((int)reader.GetInt64(0)),
                    checked((int)reader.GetInt64(1)),
                    reader.IsDBNull(2) ? null : new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero));
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TransactionRecord>> GetDueAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // The partial index on (due_at, id) holds only records with a due time: a pass reads what is due,
            // however many records have none.
            using var command = new NpgsqlCommand(
                "SELECT document, id FROM paymentcore.transactions WHERE due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at, id LIMIT $2",
                connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now.UtcTicks });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
            return await ReadRecordsAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection pool when the store made it.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection pool when the store made it.</summary>
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private static NpgsqlDataSource CreateDataSource(PostgreSqlTransactionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{nameof(options.ConnectionString)} is not an Npgsql connection string: {ex.Message}", nameof(options), ex);
        }

        // The store's own pool. No Reset On Close: the store leaves no session state a later use could trip on (it
        // sets no parameters, its staging table is emptied at every commit), while the reset Npgsql does by default
        // (DISCARD ALL) costs a round trip and a server transaction per use and throws away the prepared
        // statements. Automatic preparation: the store sends a handful of statements over and over, so each is
        // parsed and planned once per connection instead of on every call. A setting the connection string gives
        // explicitly is kept.
        var given = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant())
            .ToHashSet(StringComparer.Ordinal);
        if (!given.Contains("NORESETONCLOSE"))
        {
            builder.NoResetOnClose = true;
        }

        if (!given.Contains("MAXAUTOPREPARE"))
        {
            builder.MaxAutoPrepare = 32;
            builder.AutoPrepareMinUsages = 2;
        }

        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    private static PostgreSqlTransactionStoreOptions Checked(PostgreSqlTransactionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateEncryption();
        return options;
    }

    private static void CheckNew(TransactionRecord record, string paramName)
    {
        if (record.Version != 1)
        {
            throw new ArgumentException($"A new record must be at version 1, not {record.Version} ({record.Id}).", paramName);
        }
    }

    private async ValueTask<List<OutboxMessage>> ReadMessagesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var messages = new List<(long Seq, OutboxMessage Message)>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                messages.Add((reader.GetInt64(0), new OutboxMessage(
                    _codec.ReadEvent(reader.GetFieldValue<byte[]>(1), reader.GetGuid(6)),
                    reader.GetInt32(2),
                    new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero))));
            }
        }

        // RETURNING has no order: oldest first is restored here.
        messages.Sort(static (a, b) => a.Seq.CompareTo(b.Seq));
        return [.. messages.Select(m => m.Message)];
    }

    /// <summary>Reads the record that holds a key, if any.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The transaction, if any.</param>
    /// <param name="codec">Decrypts the document.</param>
    /// <param name="merchantId">The merchant.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, or null.</returns>
    internal static async ValueTask<TransactionRecord?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, DocumentCodec codec, string merchantId, string key, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(SelectByKeySql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = merchantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        var records = await ReadRecordsAsync(command, codec, cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    private ValueTask<List<TransactionRecord>> ReadRecordsAsync(NpgsqlCommand command, CancellationToken cancellationToken) =>
        ReadRecordsAsync(command, _codec, cancellationToken);

    // Every query selects (document, id): the document is decrypted against the row it was bound to.
    private static async ValueTask<List<TransactionRecord>> ReadRecordsAsync(NpgsqlCommand command, DocumentCodec codec, CancellationToken cancellationToken)
    {
        var records = new List<TransactionRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                records.Add(codec.Read(reader.GetFieldValue<byte[]>(0), reader.GetGuid(1)));
            }
        }

        return records;
    }

    private async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (ex.InnerException is SocketException or TimeoutException)
        {
            throw Unreachable(ex);
        }
    }

    private TransactionStoreException Unreachable(NpgsqlException ex)
    {
        var builder = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
        return new TransactionStoreException($"The PostgreSQL server at {builder.Host}:{builder.Port} (database '{builder.Database}') cannot be reached: {ex.InnerException?.Message ?? ex.Message}. Check the host, port and that the server is running.", ex);
    }

    private void Migrate(bool apply)
    {
        NpgsqlConnection connection;
        try
        {
            connection = _dataSource.OpenConnection();
        }
        catch (NpgsqlException ex) when (ex.InnerException is SocketException or TimeoutException)
        {
            throw Unreachable(ex);
        }

        using (connection)
        {
            using var transaction = connection.BeginTransaction();
            var session = new PostgreSqlSchemaSession(connection, transaction, _codec);
            void Run(string sql) => session.Execute(sql);

            // Transaction-scoped advisory lock: instances starting together migrate one after the other, and
            // the lock is released by the commit or rollback whatever happens.
            Run(string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({PostgreSqlMigrations.AdvisoryLockKey})"));
            if (apply)
            {
                Run("CREATE SCHEMA IF NOT EXISTS paymentcore; CREATE TABLE IF NOT EXISTS paymentcore.schema_version (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            }

            SchemaMigrator.Migrate(session, PostgreSqlMigrations.All, apply, $"The PostgreSQL database '{connection.Database}'", "PaymentCore.PostgreSql");
            transaction.Commit();
        }
    }
}
