using System.Globalization;

namespace PaymentCore.Audit;

/// <summary>
/// Walks a stored chain entry by entry, with one entry of look-ahead, and names the first break and its kind.
/// Pure: the caller reads the rows and has checked the checkpoints' signatures.
/// </summary>
/// <remarks>
/// How a break is classified, for the entry <c>r</c> at expected sequence <c>e</c>, after the running hash
/// <c>h</c> of the entries before it:
/// <list type="bullet">
/// <item>a stored sequence above <c>e</c>: Reordered when the next stored entry is <c>e</c>, else entries <c>e…</c> are missing (Deleted);</item>
/// <item><c>r</c> links to <c>h</c> but its hash does not match its content: Changed;</item>
/// <item><c>r</c> does not link to <c>h</c> but the next entry does: <c>r</c> does not belong here; Reordered when
/// <c>r</c> links to that next entry (the two were swapped), Inserted otherwise;</item>
/// <item><c>r</c> links to the hash of an earlier entry and is intact at the place after it: the entries between were Inserted;</item>
/// <item><c>r</c> is self-consistent but links elsewhere: its predecessor was Changed and rehashed;</item>
/// <item><c>r</c> hashes right only under a later sequence: earlier entries were Deleted and the rest renumbered.</item>
/// </list>
/// Not thread-safe: one walk per instance.
/// </remarks>
internal sealed class AuditChainVerifier
{
    private const int RecentCapacity = 1024;
    private const int RenumberSearch = 16;

    private readonly Dictionary<long, List<AuditCheckpoint>> _expectations = [];
    private readonly Dictionary<AuditHash, long> _recent = [];
    private readonly Queue<AuditHash> _recentOrder = new();
    private readonly AuditCheckpoint? _badSignature;
    private readonly long _maxCovered;
    private readonly AuditCheckpoint? _maxCoveredBy;
    private long _expected = 1;
    private AuditHash _running = AuditHash.Zero;
    private long _lastMatched;
    private long _checkpointsVerified;

    /// <summary>Creates a walk.</summary>
    /// <param name="validCheckpoints">Checkpoints whose signatures are valid (the trusted one included).</param>
    /// <param name="badSignature">The checkpoint of lowest sequence whose signature is not valid, if any.</param>
    public AuditChainVerifier(IEnumerable<AuditCheckpoint> validCheckpoints, AuditCheckpoint? badSignature)
    {
        foreach (var checkpoint in validCheckpoints)
        {
            if (!_expectations.TryGetValue(checkpoint.Sequence, out var list))
            {
                _expectations[checkpoint.Sequence] = list = [];
            }

            list.Add(checkpoint);
            if (checkpoint.Sequence > _maxCovered)
            {
                _maxCovered = checkpoint.Sequence;
                _maxCoveredBy = checkpoint;
            }
        }

        _badSignature = badSignature;

        // The zero hash stands for "before entry 1", so an entry slipped in ahead of the first one is named too.
        _recent[AuditHash.Zero] = 0;
    }

    /// <summary>Gets how many entries were found genuine so far.</summary>
    public long EntriesVerified => _expected - 1;

    /// <summary>Checks one entry, given the entry stored after it.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="next">The next stored entry, or <see langword="null"/> at the end.</param>
    /// <returns>The break, or <see langword="null"/> when the entry is genuine.</returns>
    public AuditVerificationResult? Step(AuditEntry entry, AuditEntry? next)
    {
        if (_badSignature is { } bad && bad.Sequence < entry.Sequence && bad.Sequence >= _expected)
        {
            return BadSignature(bad);
        }

        var s = entry.Sequence;
        if (s > _expected && next is not null && next.Sequence == _expected)
        {
            return Break(AuditBreakReason.Reordered, _expected, $"Entry {s} is stored before entry {_expected}.");
        }

        if (s > _expected)
        {
            return Break(AuditBreakReason.Deleted, _expected, s == _expected + 1
                ? $"Entry {_expected} is missing: the chain goes from {_expected - 1} to {s}."
                : $"Entries {_expected} to {s - 1} are missing: the chain goes from {_expected - 1} to {s}.");
        }

        if (s < _expected)
        {
            return Break(AuditBreakReason.Reordered, s, $"Entry {s} is stored after entry {_expected - 1}.");
        }

        if (entry.PreviousHash == _running)
        {
            if (!entry.IsSelfConsistent)
            {
                return Break(AuditBreakReason.Changed, s, $"Entry {s} was changed: its content no longer hashes to its stored hash.");
            }
        }
        else if (next is not null && next.PreviousHash == _running)
        {
            return entry.PreviousHash == next.Hash
                ? Break(AuditBreakReason.Reordered, s, $"Entries {s} and {next.Sequence} are swapped: entry {s} links to the entry stored after it.")
                : Break(AuditBreakReason.Inserted, s, $"Entry {s} does not belong to the chain: the entry after it links to entry {s - 1}.");
        }
        else if (_recent.TryGetValue(entry.PreviousHash, out var linked) && linked < s - 1
            && AuditCanonicalForm.ComputeHash(entry.PreviousHash, linked + 1, entry.Event) == entry.Hash)
        {
            // The entry is intact at the place right after the one it links to: what stands between was slipped in.
            return Break(AuditBreakReason.Inserted, linked + 1, $"Entries {linked + 1} to {s - 1} were inserted: entry {s} links to entry {linked}.");
        }
        else if (entry.IsSelfConsistent)
        {
            return s == 1
                ? Break(AuditBreakReason.Deleted, 1, "Entry 1 links to an entry that is not there: the start of the chain was deleted.")
                : Break(AuditBreakReason.Changed, s - 1, $"Entry {s - 1} was changed and its hash recomputed: entry {s} links to a different hash.");
        }
        else if (RenumberedFrom(entry) is { } original)
        {
            return Break(AuditBreakReason.Deleted, s, $"Entries were deleted before entry {original} and the rest renumbered: it is stored as entry {s}.");
        }
        else
        {
            return Break(AuditBreakReason.Changed, s, $"Entry {s} was changed: neither its link nor its hash matches.");
        }

        if (_expectations.TryGetValue(s, out var checkpoints))
        {
            foreach (var checkpoint in checkpoints)
            {
                if (checkpoint.EntryHash != entry.Hash)
                {
                    var from = _lastMatched + 1;
                    return Break(AuditBreakReason.Rewritten, from, $"Checkpoint {checkpoint.Number} signed entry {s} with hash {checkpoint.EntryHash}, but the chain now has {entry.Hash}: entries {from} to {s} were rewritten with recomputed hashes.");
                }

                _checkpointsVerified++;
                _lastMatched = s;
            }
        }

        _running = entry.Hash;
        Remember(entry);
        _expected++;
        return _badSignature is { } badHere && badHere.Sequence == s ? BadSignature(badHere) : null;
    }

    /// <summary>Finishes the walk after the last entry.</summary>
    /// <returns>The break found at the end (a cut tail, a forged checkpoint past the end), or the intact result.</returns>
    public AuditVerificationResult Finish()
    {
        var last = _expected - 1;
        if (_maxCovered > last)
        {
            return Break(AuditBreakReason.Truncated, last + 1, $"The chain ends at entry {last}, but checkpoint {_maxCoveredBy!.Number} covers entry {_maxCovered}: entries {last + 1} to {_maxCovered} at least were cut off.");
        }

        if (_badSignature is { } bad && bad.Sequence >= _expected)
        {
            return BadSignature(bad);
        }

        return new AuditVerificationResult(AuditBreakReason.None, null, last, _checkpointsVerified, string.Create(CultureInfo.InvariantCulture, $"Intact: {last} {(last == 1 ? "entry" : "entries")} and {_checkpointsVerified} {(_checkpointsVerified == 1 ? "checkpoint" : "checkpoints")} verified."));
    }

    private AuditVerificationResult BadSignature(AuditCheckpoint checkpoint) =>
        Break(AuditBreakReason.BadCheckpointSignature, checkpoint.Sequence, $"Checkpoint {checkpoint.Number} (entry {checkpoint.Sequence}, key '{checkpoint.KeyId}') has a signature that is not valid: it was forged or altered.");

    private AuditVerificationResult Break(AuditBreakReason reason, long at, string message) =>
        new(reason, at, _expected - 1, _checkpointsVerified, message);

    private static long? RenumberedFrom(AuditEntry entry)
    {
        for (var d = 1; d <= RenumberSearch; d++)
        {
            if (AuditCanonicalForm.ComputeHash(entry.PreviousHash, entry.Sequence + d, entry.Event) == entry.Hash)
            {
                return entry.Sequence + d;
            }
        }

        return null;
    }

    private void Remember(AuditEntry entry)
    {
        if (_recent.TryAdd(entry.Hash, entry.Sequence))
        {
            _recentOrder.Enqueue(entry.Hash);
            if (_recentOrder.Count > RecentCapacity)
            {
                _recent.Remove(_recentOrder.Dequeue());
            }
        }
    }
}
