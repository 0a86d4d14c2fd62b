using FsCheck;
using FsCheck.Fluent;
using PaymentCore.Audit;

namespace PaymentCore.Tests.Audit;

// FsCheck properties run by FsCheck's own runner inside [Fact]s. QuickThrowOnFailure throws with the shrunk
// counterexample and the seed to replay it.
public sealed class AuditTamperProperties
{
    private static readonly Config Config = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(1000);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly HmacAuditCheckpointSigner Signer = new("k", new byte[32]);

    public enum Tamper
    {
        ChangeField,
        ChangeAndRehashOwnHash,
        DeleteLeavingGap,
        DeleteAndRenumber,
        SwapInPlace,
        SwapInStorage,
        InsertGarbage,
        InsertWellFormed,
    }

    private static readonly Gen<(int Count, Tamper Kind, int At)> Cases =
        from count in Gen.Choose(3, 40)
        from kind in Gen.Elements(Enum.GetValues<Tamper>())
        from at in Gen.Choose(0, count - (kind == Tamper.ChangeField ? 1 : 2))
        select (count, kind, at);

    [Fact]
    public void Verify_AnySingleTamper_FoundAtItsEntryWithItsReason()
    {
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var original = Chain(c.Count);
            var (tampered, reason) = Apply(original, c.Kind, c.At);
            var result = Verify(tampered);
            return (result.Reason == reason && result.BrokenAt == c.At + 1)
                .Label($"{c.Kind} at entry {c.At + 1} of {c.Count}: got {result.Reason} at {result.BrokenAt} ({result.Message})");
        }).Check(Config);
    }

    [Fact]
    public void Verify_AnyUntouchedChain_Intact()
    {
        Prop.ForAll(Gen.Choose(0, 60).ToArbitrary(), n =>
        {
            var result = Verify(Chain(n));
            return (result.IsIntact && result.EntriesVerified == n).Label(result.Message);
        }).Check(Config);
    }

    private static (List<AuditEntry> Entries, AuditBreakReason Reason) Apply(List<AuditEntry> entries, Tamper kind, int at)
    {
        var t = entries.ToList();
        switch (kind)
        {
            case Tamper.ChangeField:
                t[at] = t[at] with { Event = Mallory(t[at]) };
                return (t, AuditBreakReason.Changed);
            case Tamper.ChangeAndRehashOwnHash:
                var changed = Mallory(t[at]);
                t[at] = t[at] with { Event = changed, Hash = AuditCanonicalForm.ComputeHash(t[at].PreviousHash, t[at].Sequence, changed) };
                return (t, AuditBreakReason.Changed);
            case Tamper.DeleteLeavingGap:
                t.RemoveAt(at);
                return (t, AuditBreakReason.Deleted);
            case Tamper.DeleteAndRenumber:
                t.RemoveAt(at);
                return ([.. t.Select((e, i) => i >= at ? e with { Sequence = e.Sequence - 1 } : e)], AuditBreakReason.Deleted);
            case Tamper.SwapInPlace:
                // A SQL swap: each row keeps its sequence column, the rest of the row moves.
                (t[at], t[at + 1]) = (t[at + 1] with { Sequence = at + 1 }, t[at] with { Sequence = at + 2 });
                return (t, AuditBreakReason.Reordered);
            case Tamper.SwapInStorage:
                (t[at], t[at + 1]) = (t[at + 1], t[at]);
                return (t, AuditBreakReason.Reordered);
            case Tamper.InsertGarbage:
                t.Insert(at, new AuditEntry(at + 1, Mallory(t[at]), AuditHash.Parse(new string('a', 64)), AuditHash.Parse(new string('b', 64))));
                return (Renumbered(t, at + 1), AuditBreakReason.Inserted);
            default:
                t.Insert(at, AuditEntry.Next(at == 0 ? null : t[at - 1], Mallory(t[at])));
                return (Renumbered(t, at + 1), AuditBreakReason.Inserted);
        }
    }

    private static List<AuditEntry> Renumbered(List<AuditEntry> entries, int from) =>
        [.. entries.Select((e, i) => i >= from ? e with { Sequence = i + 1 } : e)];

    private static AuditEvent Mallory(AuditEntry entry) =>
        new("mallory", entry.Event.EventType, entry.Event.OccurredAt, entry.Event.Outcome, entry.Event.Resource);

    private static List<AuditEntry> Chain(int count)
    {
        var entries = new List<AuditEntry>(count);
        for (var i = 0; i < count; i++)
        {
            entries.Add(AuditEntry.Next(i == 0 ? null : entries[^1], new AuditEvent($"user-{i % 4}", AuditEventTypes.StateChanged, T0.AddSeconds(i), i % 5 == 0 ? AuditOutcome.Failure : AuditOutcome.Success, $"transaction/{i % 7}")));
        }

        return entries;
    }

    private static AuditVerificationResult Verify(List<AuditEntry> entries)
    {
        // Entries from a list and an HMAC signer: the verification completes synchronously, so nothing blocks here.
        var pending = AuditVerifier.VerifyAsync(Stream(entries), [], Signer);
        return pending.IsCompletedSuccessfully ? pending.Result : throw new InvalidOperationException("verification of a list did not complete synchronously");
    }

#pragma warning disable CS1998 // an async iterator over a list: completes synchronously
    private static async IAsyncEnumerable<AuditEntry> Stream(List<AuditEntry> entries)
    {
        foreach (var entry in entries)
        {
            yield return entry;
        }
    }
#pragma warning restore CS1998
}
