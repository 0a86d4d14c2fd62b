using System.Data.Common;
using PaymentCore.Audit;
using Xunit;

// These are xunit facts: xunit's analyzers (xUnit1030) ask test methods not to call ConfigureAwait.
#pragma warning disable CA2007

namespace PaymentCore.Testing.Audit;

/// <summary>
/// Tampers with a SQL audit log's rows directly, as someone with access to the database would (update, delete,
/// insert, swap, truncate, forge or rewrite), and asserts that <see cref="AuditTrail.VerifyAsync"/> names the first
/// broken entry and the reason. Each fact starts from ten entries with signed checkpoints at entries 5 and 10.
/// </summary>
/// <remarks>
/// A derived class says how to run SQL on the store and how to lift its append-only guards (triggers), which an
/// attacker with that access could also do. Column names are the ones both built-in stores use:
/// <c>seq, occurred_at, actor, event_type, outcome, resource, origin, detail, prev_hash, hash</c> and
/// <c>number, seq, entry_hash, created_at, key_id, signature</c>. SQL uses <c>@name</c> parameters. Not thread-safe.
/// </remarks>
public abstract class AuditTamperContract : IAsyncLifetime
{
    /// <summary>The time the facts start from.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly byte[] Key = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];

    private IAuditLog? _log;
    private AuditTrail? _trail;
    private IReadOnlyList<AuditEntry> _original = [];

    /// <summary>Gets the log under test.</summary>
    protected IAuditLog Log => _log ?? throw new InvalidOperationException("The log is made in InitializeAsync.");

    /// <summary>Gets the table of entries, as SQL names it.</summary>
    protected abstract string EntriesTable { get; }

    /// <summary>Gets the table of checkpoints, as SQL names it.</summary>
    protected abstract string CheckpointsTable { get; }

    private AuditTrail Trail => _trail ?? throw new InvalidOperationException("The trail is made in InitializeAsync.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _log = await CreateLogAsync().ConfigureAwait(false);
        _trail = new AuditTrail(_log, new HmacAuditCheckpointSigner("tamper-key", Key), new StepClock(T0.AddHours(1)), new AuditTrailOptions { CheckpointEvery = 5, VerifyPageSize = 4 });
        for (var i = 1; i <= 10; i++)
        {
            await _trail.AppendAsync(new AuditEvent($"user-{i % 3}", AuditEventTypes.StateChanged, T0.AddMinutes(i), AuditOutcome.Success, $"transaction/{i}", "198.51.100.4", $"entry {i}")).ConfigureAwait(false);
        }

        _original = await _log.ReadAsync(0, 100).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        switch (_log)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>Creates a new, empty log.</summary>
    /// <returns>The log.</returns>
    protected abstract ValueTask<IAuditLog> CreateLogAsync();

    /// <summary>Runs one SQL statement directly on the store's database, outside the log's API.</summary>
    /// <param name="sql">The statement, with <c>@name</c> parameters.</param>
    /// <param name="parameters">The parameters, by name without the <c>@</c>.</param>
    /// <returns>The rows affected.</returns>
    protected abstract Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters);

    /// <summary>Removes the append-only guards (triggers), as an attacker with schema rights could.</summary>
    /// <returns>A task.</returns>
    protected abstract Task DisableAppendOnlyGuardsAsync();

    /// <summary>Untouched, the chain and both checkpoints verify.</summary>
    [Fact]
    public async Task Untouched_VerifiesIntact()
    {
        var result = await Trail.VerifyAsync();

        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(10, result.EntriesVerified);
        Assert.Equal(2, result.CheckpointsVerified);
    }

    /// <summary>The store's own guards refuse UPDATE and DELETE of entries and checkpoints.</summary>
    [Fact]
    public async Task Guards_UpdateAndDelete_Refused()
    {
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync($"UPDATE {EntriesTable} SET actor = 'mallory' WHERE seq = 3"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync($"DELETE FROM {EntriesTable} WHERE seq = 3"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync($"UPDATE {CheckpointsTable} SET seq = 1 WHERE number = 1"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync($"DELETE FROM {CheckpointsTable}"));
        Assert.True((await Trail.VerifyAsync()).IsIntact);
    }

    /// <summary>An updated field (hash not recomputed) is Changed at that entry.</summary>
    [Fact]
    public async Task Update_Actor_ChangedAtThatEntry()
    {
        await DisableAppendOnlyGuardsAsync();
        Assert.Equal(1, await ExecuteAsync($"UPDATE {EntriesTable} SET actor = 'mallory' WHERE seq = 3"));

        await AssertBrokenAsync(AuditBreakReason.Changed, 3);
    }

    /// <summary>A failure turned into a success is Changed.</summary>
    [Fact]
    public async Task Update_OutcomeAndTime_ChangedAtThatEntry()
    {
        await DisableAppendOnlyGuardsAsync();
        await ExecuteAsync($"UPDATE {EntriesTable} SET outcome = @o, occurred_at = occurred_at + 1 WHERE seq = 7", ("o", (short)AuditOutcome.Failure));

        await AssertBrokenAsync(AuditBreakReason.Changed, 7);
    }

    /// <summary>An edited link (previous hash) is Changed at that entry.</summary>
    [Fact]
    public async Task Update_PreviousHash_ChangedAtThatEntry()
    {
        await DisableAppendOnlyGuardsAsync();
        await ExecuteAsync($"UPDATE {EntriesTable} SET prev_hash = @p WHERE seq = 5", ("p", _original[1].Hash.ToArray()));

        await AssertBrokenAsync(AuditBreakReason.Changed, 5);
    }

    /// <summary>An entry changed and its own hash recomputed: the next entry's link shows it, and the changed entry is named.</summary>
    [Fact]
    public async Task Update_WithOwnHashRecomputed_ChangedAtThatEntry()
    {
        await DisableAppendOnlyGuardsAsync();
        var forged = new AuditEvent("mallory", AuditEventTypes.StateChanged, _original[2].Event.OccurredAt, AuditOutcome.Success, "transaction/3");
        var hash = AuditCanonicalForm.ComputeHash(_original[2].PreviousHash, 3, forged);
        await ExecuteAsync($"UPDATE {EntriesTable} SET actor = @a, origin = NULL, detail = NULL, hash = @h WHERE seq = 3", ("a", "mallory"), ("h", hash.ToArray()));

        await AssertBrokenAsync(AuditBreakReason.Changed, 3);
    }

    /// <summary>A deleted entry leaves a gap: Deleted at its sequence.</summary>
    [Fact]
    public async Task Delete_MiddleEntry_DeletedAtIt()
    {
        await DisableAppendOnlyGuardsAsync();
        Assert.Equal(1, await ExecuteAsync($"DELETE FROM {EntriesTable} WHERE seq = 4"));

        await AssertBrokenAsync(AuditBreakReason.Deleted, 4);
    }

    /// <summary>Deleting the first entry is Deleted at 1.</summary>
    [Fact]
    public async Task Delete_FirstEntry_DeletedAtOne()
    {
        await DisableAppendOnlyGuardsAsync();
        await ExecuteAsync($"DELETE FROM {EntriesTable} WHERE seq = 1");

        await AssertBrokenAsync(AuditBreakReason.Deleted, 1);
    }

    /// <summary>A deletion whose gap was closed by renumbering the later entries is still Deleted at the gap.</summary>
    [Fact]
    public async Task Delete_ThenRenumber_DeletedAtGap()
    {
        await DisableAppendOnlyGuardsAsync();
        await ExecuteAsync($"DELETE FROM {EntriesTable} WHERE seq = 4");
        await ExecuteAsync($"UPDATE {EntriesTable} SET seq = seq + 1000 WHERE seq > 4");
        await ExecuteAsync($"UPDATE {EntriesTable} SET seq = seq - 1001 WHERE seq > 1000");

        await AssertBrokenAsync(AuditBreakReason.Deleted, 4);
    }

    /// <summary>A well-formed entry (correct link and hash) slipped in at 6, the later ones renumbered: Inserted at 6.</summary>
    [Fact]
    public async Task Insert_ForgedButConsistentEntry_InsertedAtIt()
    {
        await DisableAppendOnlyGuardsAsync();
        await ExecuteAsync($"UPDATE {EntriesTable} SET seq = seq + 1000 WHERE seq >= 6");
        await ExecuteAsync($"UPDATE {EntriesTable} SET seq = seq - 999 WHERE seq > 1000");
        var forged = new AuditEvent("mallory", "admin.refund", T0.AddMinutes(5.5), AuditOutcome.Success, "transaction/999");
        await InsertAsync(AuditEntry.Next(_original[4], forged));

        await AssertBrokenAsync(AuditBreakReason.Inserted, 6);
    }

    /// <summary>A crude row slipped in at 6 (any link, any hash): Inserted at 6.</summary>
    [Fact]
    public async Task Insert_GarbageEntry_InsertedAtIt()
    {
        await DisableAppendOnlyGuardsAsync();
        await ExecuteAsync($"UPDATE {EntriesTable} SET seq = seq + 1000 WHERE seq >= 6");
        await ExecuteAsync($"UPDATE {EntriesTable} SET seq = seq - 999 WHERE seq > 1000");
        var forged = new AuditEvent("mallory", "admin.refund", T0.AddMinutes(5.5), AuditOutcome.Success, "transaction/999");
        await InsertAsync(new AuditEntry(6, forged, AuditHash.Parse(new string('a', 64)), AuditHash.Parse(new string('b', 64))));

        await AssertBrokenAsync(AuditBreakReason.Inserted, 6);
    }

    /// <summary>Two entries exchanged in place: Reordered at the first.</summary>
    [Fact]
    public async Task Swap_TwoEntries_ReorderedAtFirst()
    {
        await DisableAppendOnlyGuardsAsync();
        await ExecuteAsync($"UPDATE {EntriesTable} SET seq = 1006 WHERE seq = 6");
        await ExecuteAsync($"UPDATE {EntriesTable} SET seq = 6 WHERE seq = 7");
        await ExecuteAsync($"UPDATE {EntriesTable} SET seq = 7 WHERE seq = 1006");

        await AssertBrokenAsync(AuditBreakReason.Reordered, 6);
    }

    /// <summary>The tail cut below a signed checkpoint: Truncated at the first missing entry.</summary>
    [Fact]
    public async Task Truncate_Tail_TruncatedAtFirstMissing()
    {
        await DisableAppendOnlyGuardsAsync();
        Assert.Equal(3, await ExecuteAsync($"DELETE FROM {EntriesTable} WHERE seq > 7"));

        await AssertBrokenAsync(AuditBreakReason.Truncated, 8);
    }

    /// <summary>
    /// The tail cut together with the checkpoint that covered it looks whole from inside the store; the checkpoint kept
    /// outside (the trusted anchor) shows the cut.
    /// </summary>
    [Fact]
    public async Task Truncate_TailAndItsCheckpoint_TruncatedAgainstTrustedCheckpoint()
    {
        var anchor = (await Log.GetLatestCheckpointAsync())!;
        await DisableAppendOnlyGuardsAsync();
        await ExecuteAsync($"DELETE FROM {EntriesTable} WHERE seq > 7");
        await ExecuteAsync($"DELETE FROM {CheckpointsTable} WHERE number = 2");

        var inside = await Trail.VerifyAsync();
        Assert.True(inside.IsIntact, "without an outside anchor a cut below the last remaining checkpoint cannot be seen: " + inside.Message);
        await AssertBrokenAsync(AuditBreakReason.Truncated, 8, anchor);
    }

    /// <summary>A checkpoint whose signature was replaced: BadCheckpointSignature at the entry it covers.</summary>
    [Fact]
    public async Task Forge_CheckpointSignature_BadSignatureAtItsEntry()
    {
        await DisableAppendOnlyGuardsAsync();
        await ExecuteAsync($"UPDATE {CheckpointsTable} SET signature = @s WHERE number = 1", ("s", new byte[32]));

        await AssertBrokenAsync(AuditBreakReason.BadCheckpointSignature, 5);
    }

    /// <summary>A new checkpoint made without the key: BadCheckpointSignature at the entry it claims.</summary>
    [Fact]
    public async Task Forge_NewCheckpoint_BadSignatureAtItsEntry()
    {
        await DisableAppendOnlyGuardsAsync();
        await ExecuteAsync(
            $"INSERT INTO {CheckpointsTable} (number, seq, entry_hash, created_at, key_id, signature) VALUES (3, 8, @h, @t, 'tamper-key', @s)",
            ("h", _original[7].Hash.ToArray()),
            ("t", T0.AddHours(2).UtcTicks),
            ("s", Enumerable.Repeat((byte)7, 32).ToArray()));

        await AssertBrokenAsync(AuditBreakReason.BadCheckpointSignature, 8);
    }

    /// <summary>A checkpoint moved to cover another entry (its signature kept): BadCheckpointSignature.</summary>
    [Fact]
    public async Task Forge_CheckpointMovedToOtherEntry_BadSignature()
    {
        await DisableAppendOnlyGuardsAsync();
        await ExecuteAsync($"UPDATE {CheckpointsTable} SET seq = 4, entry_hash = @h WHERE number = 1", ("h", _original[3].Hash.ToArray()));

        await AssertBrokenAsync(AuditBreakReason.BadCheckpointSignature, 4);
    }

    /// <summary>
    /// Entry 3 changed and every hash from it on recomputed, so that every link holds: only the signed checkpoint at
    /// entry 5 shows it, and the whole range it covers (1 to 5) is named as rewritten.
    /// </summary>
    [Fact]
    public async Task Rewrite_ChainRecomputed_RewrittenUpToCheckpoint()
    {
        await DisableAppendOnlyGuardsAsync();
        var previous = _original[1].Hash;
        for (var i = 2; i < _original.Count; i++)
        {
            var e = _original[i].Event;
            var changed = i == 2 ? new AuditEvent("mallory", e.EventType, e.OccurredAt, e.Outcome, e.Resource, e.Origin, e.Detail) : e;
            var hash = AuditCanonicalForm.ComputeHash(previous, i + 1, changed);
            await ExecuteAsync($"UPDATE {EntriesTable} SET actor = @a, prev_hash = @p, hash = @h WHERE seq = @s", ("a", changed.Actor), ("p", previous.ToArray()), ("h", hash.ToArray()), ("s", (long)(i + 1)));
            previous = hash;
        }

        await AssertBrokenAsync(AuditBreakReason.Rewritten, 1);
    }

    /// <summary>Verifies and asserts the first break.</summary>
    /// <param name="reason">The reason expected.</param>
    /// <param name="at">The sequence expected.</param>
    /// <param name="trusted">A checkpoint kept outside the store.</param>
    /// <returns>A task.</returns>
    protected async Task AssertBrokenAsync(AuditBreakReason reason, long at, AuditCheckpoint? trusted = null)
    {
        var result = await Trail.VerifyAsync(trusted);
        Assert.False(result.IsIntact, "the tampering was not detected");
        Assert.True(reason == result.Reason, $"expected {reason} at {at}, got {result.Reason} at {result.BrokenAt}: {result.Message}");
        Assert.True(at == result.BrokenAt, $"expected {reason} at {at}, got {result.Reason} at {result.BrokenAt}: {result.Message}");
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }

    private Task<int> InsertAsync(AuditEntry entry) =>
        ExecuteAsync(
            $"INSERT INTO {EntriesTable} (seq, occurred_at, actor, event_type, outcome, resource, origin, detail, prev_hash, hash) VALUES (@seq, @at, @actor, @type, @outcome, @resource, @origin, @detail, @prev, @hash)",
            ("seq", entry.Sequence),
            ("at", entry.Event.OccurredAt.UtcTicks),
            ("actor", entry.Event.Actor),
            ("type", entry.Event.EventType),
            ("outcome", (short)entry.Event.Outcome),
            ("resource", entry.Event.Resource),
            ("origin", entry.Event.Origin),
            ("detail", entry.Event.Detail),
            ("prev", entry.PreviousHash.ToArray()),
            ("hash", entry.Hash.ToArray()));

    /// <summary>A clock that moves one second each time it is read, so checkpoints get distinct times.</summary>
    private sealed class StepClock(DateTimeOffset start) : TimeProvider
    {
        private long _reads;

        public override DateTimeOffset GetUtcNow() => start.AddSeconds(Interlocked.Increment(ref _reads));
    }
}
