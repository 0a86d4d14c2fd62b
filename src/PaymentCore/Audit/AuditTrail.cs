namespace PaymentCore.Audit;

/// <summary>
/// The audit trail an application talks to: records events with the time from its <see cref="TimeProvider"/>,
/// signs checkpoints with a key the store does not hold, verifies the stored chain and finds or exports entries.
/// </summary>
/// <remarks>
/// Thread-safe as long as the log and the signer are (all built-ins are). Checkpoints taken by concurrent callers
/// get distinct numbers: a lost race for a number is retried with the next one.
/// </remarks>
public sealed class AuditTrail
{
    private const int CheckpointRaceRetries = 16;

    private readonly IAuditLog _log;
    private readonly IAuditCheckpointSigner _signer;
    private readonly TimeProvider _timeProvider;
    private readonly int _checkpointEvery;
    private readonly int _pageSize;

    /// <summary>Creates a trail over a log.</summary>
    /// <param name="log">Where entries and checkpoints are kept.</param>
    /// <param name="signer">Signs and checks checkpoints; its key must not be kept in <paramref name="log"/>'s database.</param>
    /// <param name="timeProvider">The clock for <see cref="RecordAsync"/> and checkpoints; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="log"/> or <paramref name="signer"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public AuditTrail(IAuditLog log, IAuditCheckpointSigner signer, TimeProvider? timeProvider = null, AuditTrailOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(signer);
        options ??= new AuditTrailOptions();
        options.Validate();
        _log = log;
        _signer = signer;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _checkpointEvery = options.CheckpointEvery;
        _pageSize = options.VerifyPageSize;
    }

    /// <summary>Records an event that happens now.</summary>
    /// <param name="actor">The user id or service name, or <see cref="AuditEvent.SystemActor"/>.</param>
    /// <param name="eventType">The event type, such as <see cref="AuditEventTypes.StateChanged"/>.</param>
    /// <param name="outcome">Success or failure.</param>
    /// <param name="resource">The affected resource.</param>
    /// <param name="origin">Where the action came from, if known.</param>
    /// <param name="detail">An explanation, never a secret.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The entry written.</returns>
    /// <exception cref="AuditValidationException">A field breaks a rule; nothing was written.</exception>
    public ValueTask<AuditEntry> RecordAsync(string actor, string eventType, AuditOutcome outcome, string resource, string? origin = null, string? detail = null, CancellationToken cancellationToken = default) =>
        AppendAsync(new AuditEvent(actor, eventType, _timeProvider.GetUtcNow(), outcome, resource, origin, detail), cancellationToken);

    /// <summary>Appends an event, and signs a checkpoint when the new entry's sequence is a multiple of <see cref="AuditTrailOptions.CheckpointEvery"/>.</summary>
    /// <param name="auditEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The entry written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="auditEvent"/> is <see langword="null"/>.</exception>
    public async ValueTask<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var entry = await _log.AppendAsync(auditEvent, cancellationToken).ConfigureAwait(false);
        if (_checkpointEvery > 0 && entry.Sequence % _checkpointEvery == 0)
        {
            await SignAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        return entry;
    }

    /// <summary>Signs a checkpoint over the current head, unless the latest checkpoint already covers it.</summary>
    /// <param name="cancellationToken">Cancels the checkpoint.</param>
    /// <returns>The new checkpoint, or <see langword="null"/> when the log is empty or nothing was appended since the last one.</returns>
    /// <remarks>
    /// Call it on a timer (and at shutdown) when entries are appended by a store inside its own transactions; the
    /// longer the interval, the more of the tail a deletion could remove unnoticed. Keep the latest checkpoint outside
    /// the store too and pass it to <see cref="VerifyAsync"/>: then even a deletion of checkpoints is seen.
    /// </remarks>
    public async ValueTask<AuditCheckpoint?> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        var head = await _log.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            return null;
        }

        var latest = await _log.GetLatestCheckpointAsync(cancellationToken).ConfigureAwait(false);
        return latest is not null && latest.Sequence >= head.Sequence ? null : await SignAsync(head, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the whole chain and its checkpoints and returns the first break and why: a changed, deleted, inserted,
    /// reordered or truncated entry, a checkpoint with a bad signature, or a chain rewritten under a checkpoint.
    /// </summary>
    /// <param name="trustedCheckpoint">
    /// A checkpoint kept outside the store (exported earlier, held by an auditor), or <see langword="null"/>. With it,
    /// cutting the tail is detected even when the store's own checkpoints were deleted with it.
    /// </param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The result: intact, or the sequence of the first broken entry and the reason.</returns>
    /// <remarks>Reads the log a page at a time (<see cref="AuditTrailOptions.VerifyPageSize"/>); memory stays bounded.</remarks>
    public async ValueTask<AuditVerificationResult> VerifyAsync(AuditCheckpoint? trustedCheckpoint = null, CancellationToken cancellationToken = default)
    {
        var checkpoints = await _log.GetCheckpointsAsync(cancellationToken).ConfigureAwait(false);
        return await AuditVerifier.VerifyAsync(ReadAllAsync(cancellationToken), checkpoints, _signer, trustedCheckpoint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds entries by resource, actor, type and time range, a page at a time.</summary>
    /// <param name="query">The filter and cursor.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public ValueTask<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return _log.QueryAsync(query, cancellationToken);
    }

    /// <summary>Writes the matching entries as JSON lines (one UTF-8 JSON object per line), for an auditor or a log archive.</summary>
    /// <param name="destination">The stream to write to; left open.</param>
    /// <param name="filter">Which entries; every entry when <see langword="null"/>. Its cursor and page size set where to start and how many are read at a time.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>How many entries were written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <remarks>The format is documented on <see cref="AuditJsonLines"/>; each line carries the hashes, so the export can be verified on its own.</remarks>
    public async ValueTask<long> ExportJsonLinesAsync(Stream destination, AuditQuery? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var query = filter ?? new AuditQuery { Limit = AuditQuery.MaxLimit };
        query.Validate();
        var written = 0L;
        while (true)
        {
            var page = await _log.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.Entries)
            {
                await AuditJsonLines.WriteAsync(destination, entry, cancellationToken).ConfigureAwait(false);
                written++;
            }

            if (page.NextAfterSequence is not { } next)
            {
                return written;
            }

            query = query.After(next);
        }
    }

    private async IAsyncEnumerable<AuditEntry> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0L;
        while (true)
        {
            var page = await _log.ReadAsync(after, _pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                yield return entry;
            }

            if (page.Count < _pageSize)
            {
                yield break;
            }

            after = page[^1].Sequence;
        }
    }

    private async ValueTask<AuditCheckpoint?> SignAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < CheckpointRaceRetries; attempt++)
        {
            var latest = await _log.GetLatestCheckpointAsync(cancellationToken).ConfigureAwait(false);
            var number = (latest?.Number ?? 0) + 1;
            var createdAt = _timeProvider.GetUtcNow();
            var data = AuditCheckpoint.GetSignedBytes(number, entry.Sequence, entry.Hash, createdAt, _signer.KeyId);
            var signature = await _signer.SignAsync(data, cancellationToken).ConfigureAwait(false);
            var checkpoint = new AuditCheckpoint(number, entry.Sequence, entry.Hash, createdAt.ToUniversalTime(), _signer.KeyId, signature);
            if (await _log.TryAddCheckpointAsync(checkpoint, cancellationToken).ConfigureAwait(false))
            {
                return checkpoint;
            }
        }

        throw new InvalidOperationException($"Could not take a checkpoint number after {CheckpointRaceRetries} tries: too many writers are signing checkpoints at once.");
    }
}
