using PaymentCore.Audit;

namespace PaymentCore.Tests.Audit;

/// <summary>Verification over rearranged lists: the cases a SQL table cannot show (storage order, page edges, many rows moved).</summary>
public sealed class AuditVerificationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly HmacAuditCheckpointSigner Signer = new("k1", new byte[32]);

    [Fact]
    public async Task Verify_Intact_CountsEverything()
    {
        var result = await Verify(Chain(12));

        Assert.True(result.IsIntact, result.Message);
        Assert.Null(result.BrokenAt);
        Assert.Equal(AuditBreakReason.None, result.Reason);
        Assert.Equal(12, result.EntriesVerified);
    }

    [Theory]
    [InlineData(3)] // the swap straddles the page edge: entries 4 and 5 with pages of 4
    [InlineData(4)]
    [InlineData(0)]
    public async Task Verify_AdjacentSwapInStorage_Reordered(int at)
    {
        var entries = Chain(12);
        (entries[at], entries[at + 1]) = (entries[at + 1], entries[at]);

        var result = await Verify(entries);

        Assert.Equal(AuditBreakReason.Reordered, result.Reason);
        Assert.Equal(at + 1, result.BrokenAt);
    }

    [Fact]
    public async Task Verify_LaterEntryMovedForward_Reordered()
    {
        var entries = Chain(8);
        var moved = entries[6];
        entries.RemoveAt(6);
        entries.Insert(2, moved);

        var result = await Verify(entries);

        // Entry 7 stored where 3 belongs: the stored sequence jumps, and entry 3 comes next.
        Assert.Equal(AuditBreakReason.Reordered, result.Reason);
        Assert.Equal(3, result.BrokenAt);
    }

    [Fact]
    public async Task Verify_TwoInsertedConsistentEntries_InsertedAtFirst()
    {
        var entries = Chain(8);
        var forged1 = AuditEntry.Next(entries[3], Event(100));
        var forged2 = AuditEntry.Next(forged1, Event(101));
        var renumbered = entries.Skip(4).Select(e => e with { Sequence = e.Sequence + 2 });
        var tampered = entries.Take(4).Append(forged1).Append(forged2).Concat(renumbered).ToList();

        var result = await Verify(tampered);

        Assert.Equal(AuditBreakReason.Inserted, result.Reason);
        Assert.Equal(5, result.BrokenAt);
    }

    [Fact]
    public async Task Verify_ThreeDeletedAndRenumbered_DeletedAtGap()
    {
        var entries = Chain(10);
        var tampered = entries.Take(3).Concat(entries.Skip(6).Select(e => e with { Sequence = e.Sequence - 3 })).ToList();

        var result = await Verify(tampered);

        Assert.Equal(AuditBreakReason.Deleted, result.Reason);
        Assert.Equal(4, result.BrokenAt);
        Assert.Contains("entry 7", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_HashOfWrongLength_Changed()
    {
        var entries = Chain(4);
        entries[2] = AuditEntry.FromStored(3, entries[2].Event.Actor, entries[2].Event.EventType, entries[2].Event.OccurredAt, 1, entries[2].Event.Resource, entries[2].Event.Origin, entries[2].Event.Detail, entries[2].PreviousHash.ToArray(), new byte[5]);

        var result = await Verify(entries);

        Assert.Equal(AuditBreakReason.Changed, result.Reason);
        Assert.Equal(3, result.BrokenAt);
    }

    [Fact]
    public async Task Verify_FirstEntryLinksToNonZero_Changed()
    {
        var entries = Chain(3);
        entries[0] = entries[0] with { PreviousHash = entries[2].Hash };

        var result = await Verify(entries);

        Assert.Equal(AuditBreakReason.Changed, result.Reason);
        Assert.Equal(1, result.BrokenAt);
    }

    [Fact]
    public async Task Verify_CheckpointWithUnknownKey_BadSignature()
    {
        var entries = Chain(6);
        var other = new HmacAuditCheckpointSigner("k2", Enumerable.Repeat((byte)9, 32).ToArray());
        var data = AuditCheckpoint.GetSignedBytes(1, 4, entries[3].Hash, T0, "k2");
        var checkpoint = new AuditCheckpoint(1, 4, entries[3].Hash, T0, "k2", await other.SignAsync(data));

        var result = await Verify(entries, [checkpoint]);

        Assert.Equal(AuditBreakReason.BadCheckpointSignature, result.Reason);
        Assert.Equal(4, result.BrokenAt);
    }

    [Fact]
    public async Task Verify_TrustedCheckpointPastTheEnd_Truncated()
    {
        var entries = Chain(6);
        var data = AuditCheckpoint.GetSignedBytes(9, 6, entries[5].Hash, T0, "k1");
        var anchor = new AuditCheckpoint(9, 6, entries[5].Hash, T0, "k1", await Signer.SignAsync(data));

        var log = new ListAuditLog(entries.Take(4));
        var result = await new AuditTrail(log, Signer, options: new AuditTrailOptions { VerifyPageSize = 4 }).VerifyAsync(anchor);

        Assert.Equal(AuditBreakReason.Truncated, result.Reason);
        Assert.Equal(5, result.BrokenAt);
        Assert.Equal(4, result.EntriesVerified);
    }

    [Fact]
    public async Task Verify_ForgedCheckpointPastTheEnd_BadSignatureAtIt()
    {
        var entries = Chain(4);
        var forged = new AuditCheckpoint(1, 9, AuditHash.Zero, T0, "k1", new byte[32]);

        var result = await Verify(entries, [forged]);

        Assert.Equal(AuditBreakReason.BadCheckpointSignature, result.Reason);
        Assert.Equal(9, result.BrokenAt);
    }

    [Fact]
    public void Options_OutOfRange_RefusedNamingProperty()
    {
        var log = new InMemoryAuditLog();
        Assert.Equal("CheckpointEvery", Assert.Throws<ArgumentException>(() => new AuditTrail(log, Signer, options: new AuditTrailOptions { CheckpointEvery = -1 })).ParamName);
        Assert.Equal("VerifyPageSize", Assert.Throws<ArgumentException>(() => new AuditTrail(log, Signer, options: new AuditTrailOptions { VerifyPageSize = 1 })).ParamName);
    }

    private static AuditEvent Event(int i) => new($"user-{i % 3}", AuditEventTypes.StateChanged, T0.AddMinutes(i), AuditOutcome.Success, $"transaction/{i}");

    private static List<AuditEntry> Chain(int count)
    {
        var entries = new List<AuditEntry>();
        for (var i = 0; i < count; i++)
        {
            entries.Add(AuditEntry.Next(entries.LastOrDefault(), Event(i)));
        }

        return entries;
    }

    private static ValueTask<AuditVerificationResult> Verify(List<AuditEntry> entries, IEnumerable<AuditCheckpoint>? checkpoints = null) =>
        new AuditTrail(new ListAuditLog(entries, checkpoints), Signer, options: new AuditTrailOptions { VerifyPageSize = 4 }).VerifyAsync();
}
