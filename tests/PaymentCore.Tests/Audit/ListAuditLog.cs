using PaymentCore.Audit;

namespace PaymentCore.Tests.Audit;

/// <summary>A log over a plain list that tests rearrange freely: storage order is list order, as a store that does not sort would give.</summary>
internal sealed class ListAuditLog(IEnumerable<AuditEntry> entries, IEnumerable<AuditCheckpoint>? checkpoints = null) : IAuditLog
{
    public List<AuditEntry> Entries { get; } = [.. entries];

    public List<AuditCheckpoint> Checkpoints { get; } = [.. checkpoints ?? []];

    public ValueTask<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<IReadOnlyList<AuditEntry>> AppendManyAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken = default) => new(Entries.LastOrDefault());

    // Pages by position, so that out-of-order rows come back as stored.
    public ValueTask<IReadOnlyList<AuditEntry>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        var start = afterSequence == 0 ? 0 : Entries.FindIndex(e => e.Sequence == afterSequence) + 1;
        return new(Entries.Skip(start).Take(limit).ToArray());
    }

    public ValueTask<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<bool> TryAddCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        Checkpoints.Add(checkpoint);
        return new(true);
    }

    public ValueTask<IReadOnlyList<AuditCheckpoint>> GetCheckpointsAsync(CancellationToken cancellationToken = default) => new(Checkpoints.ToArray());

    public ValueTask<AuditCheckpoint?> GetLatestCheckpointAsync(CancellationToken cancellationToken = default) => new(Checkpoints.LastOrDefault());
}
