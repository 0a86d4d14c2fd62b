namespace PaymentCore.Audit;

/// <summary>
/// Where audit entries live: an append-only chain plus its signed checkpoints. Implementations: 
/// <see cref="InMemoryAuditLog"/>, and the SQLite and PostgreSQL audit logs in their store packages, which can
/// also append inside the transaction of a record change.
/// </summary>
/// <remarks>
/// <para>
/// An implementation must make "read the head, compute <see cref="AuditEntry.Next(AuditEntry?, AuditEvent)"/>,
/// insert" one atomic step, so that concurrent writers produce one unbroken chain, and must return what it holds
/// as it holds it (no repair on read): verification judges the stored rows.
/// </para>
/// <para>Implementations must be thread-safe.</para>
/// </remarks>
public interface IAuditLog
{
    /// <summary>Appends one event as the next entry of the chain.</summary>
    /// <param name="auditEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the append before it is written.</param>
    /// <returns>The entry written.</returns>
    ValueTask<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>Appends several events as consecutive entries, all or none.</summary>
    /// <param name="auditEvents">The events, in order.</param>
    /// <param name="cancellationToken">Cancels the append before it is written.</param>
    /// <returns>The entries written, in order.</returns>
    ValueTask<IReadOnlyList<AuditEntry>> AppendManyAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default);

    /// <summary>Gets the last entry, or <see langword="null"/> when the log is empty.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The head.</returns>
    ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads entries in stored order, as stored: the input of verification.</summary>
    /// <param name="afterSequence">Reads entries whose stored sequence is greater than this.</param>
    /// <param name="limit">The most entries to return, at least 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Up to <paramref name="limit"/> entries, in sequence order; fewer means the end.</returns>
    ValueTask<IReadOnlyList<AuditEntry>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Finds entries by resource, actor, type and time range, a page at a time.</summary>
    /// <param name="query">The filter and cursor.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException">The query is invalid (see <see cref="AuditQuery.Validate"/>).</exception>
    ValueTask<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Stores a checkpoint unless one with its number exists.</summary>
    /// <param name="checkpoint">The signed checkpoint.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when stored; <see langword="false"/> when another writer took that number first.</returns>
    ValueTask<bool> TryAddCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Gets every checkpoint, in number order.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checkpoints.</returns>
    ValueTask<IReadOnlyList<AuditCheckpoint>> GetCheckpointsAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the checkpoint with the highest number, or <see langword="null"/> when there is none.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The latest checkpoint.</returns>
    ValueTask<AuditCheckpoint?> GetLatestCheckpointAsync(CancellationToken cancellationToken = default);
}
