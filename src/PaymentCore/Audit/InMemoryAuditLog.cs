namespace PaymentCore.Audit;

/// <summary>
/// An <see cref="IAuditLog"/> in memory, for tests and for processes whose audit trail is shipped elsewhere.
/// Appends are serialised by one lock, so the chain never forks.
/// </summary>
/// <remarks>Thread-safe. Every call completes synchronously.</remarks>
public sealed class InMemoryAuditLog : IAuditLog
{
    private readonly Lock _lock = new();
    private readonly List<AuditEntry> _entries = [];
    private readonly List<AuditCheckpoint> _checkpoints = [];

    /// <summary>Gets how many entries the log holds.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var entry = AuditEntry.Next(_entries.Count == 0 ? null : _entries[^1], auditEvent);
            _entries.Add(entry);
            return new(entry);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AuditEntry>> AppendManyAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default)
    {
        CheckEvents(auditEvents);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return new(AppendLocked(auditEvents));
        }
    }

    /// <summary>
    /// Runs a change and appends its audit entries under the log's lock, so that no other entry comes between and
    /// the entries exist exactly when the change happened: the in-memory counterpart of appending in the same
    /// database transaction.
    /// </summary>
    /// <param name="auditEvents">The entries that record the change.</param>
    /// <param name="change">The change; returns <see langword="false"/> when it did not happen (a stale version), and then nothing is appended.</param>
    /// <returns>The entries written, or an empty list when the change did not happen.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>Keep <paramref name="change"/> short and free of I/O: it runs under the lock.</remarks>
    public IReadOnlyList<AuditEntry> AppendWith(IReadOnlyList<AuditEvent> auditEvents, Func<bool> change)
    {
        CheckEvents(auditEvents);
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            return change() ? AppendLocked(auditEvents) : [];
        }
    }

    /// <inheritdoc />
    public ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return new(_entries.Count == 0 ? null : _entries[^1]);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AuditEntry>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            // Sequences are 1..Count in order here, so the entry after `afterSequence` is at that index.
            var start = (int)Math.Clamp(afterSequence, 0, _entries.Count);
            return new(_entries.GetRange(start, Math.Min(limit, _entries.Count - start)).ToArray());
        }
    }

    /// <inheritdoc />
    public ValueTask<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var page = new List<AuditEntry>(Math.Min(query.Limit, 64));
            var more = false;
            for (var i = (int)Math.Clamp(query.AfterSequence, 0, _entries.Count); i < _entries.Count; i++)
            {
                if (!query.Matches(_entries[i].Event))
                {
                    continue;
                }

                if (page.Count == query.Limit)
                {
                    more = true;
                    break;
                }

                page.Add(_entries[i]);
            }

            return new(new AuditPage(page, more ? page[^1].Sequence : null));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryAddCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_checkpoints.Exists(c => c.Number == checkpoint.Number))
            {
                return new(false);
            }

            _checkpoints.Add(checkpoint);
            _checkpoints.Sort((a, b) => a.Number.CompareTo(b.Number));
            return new(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AuditCheckpoint>> GetCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return new(_checkpoints.ToArray());
        }
    }

    /// <inheritdoc />
    public ValueTask<AuditCheckpoint?> GetLatestCheckpointAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return new(_checkpoints.Count == 0 ? null : _checkpoints[^1]);
        }
    }

    private static void CheckEvents(IReadOnlyList<AuditEvent> auditEvents)
    {
        ArgumentNullException.ThrowIfNull(auditEvents);
        foreach (var auditEvent in auditEvents)
        {
            ArgumentNullException.ThrowIfNull(auditEvent, nameof(auditEvents));
        }
    }

    private AuditEntry[] AppendLocked(IReadOnlyList<AuditEvent> auditEvents)
    {
        var written = new AuditEntry[auditEvents.Count];
        var head = _entries.Count == 0 ? null : _entries[^1];
        for (var i = 0; i < written.Length; i++)
        {
            head = written[i] = AuditEntry.Next(head, auditEvents[i]);
        }

        _entries.AddRange(written);
        return written;
    }
}
