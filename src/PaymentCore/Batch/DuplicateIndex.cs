namespace PaymentCore.Batch;

/// <summary>
/// Finds repeated end-to-end ids without keeping a million strings: the first pass keeps one 64-bit hash per item
/// (8 bytes, dropped when the pass ends) and keeps only the hashes seen twice; the second pass tracks exact ids for
/// those few, so a hash collision between two different ids never rejects either.
/// </summary>
internal sealed class DuplicateIndex
{
    private readonly HashSet<ulong> _suspects;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    private DuplicateIndex(HashSet<ulong> suspects) => _suspects = suspects;

    public int SuspectCount => _suspects.Count;

    /// <summary>Collects hashes during the first pass.</summary>
    public sealed class Builder
    {
        private ulong[] _hashes;
        private int _count;

        public Builder(long expected) =>
            // The declared count sizes the buffer, capped so a hostile header cannot make us allocate gigabytes up front.
            _hashes = new ulong[(int)Math.Clamp(expected, 16, 1 << 20)];

        public void Add(string endToEndId)
        {
            if (_count == _hashes.Length)
            {
                Array.Resize(ref _hashes, checked(_hashes.Length * 2));
            }

            _hashes[_count++] = Hash(endToEndId);
        }

        public DuplicateIndex Build()
        {
            var span = _hashes.AsSpan(0, _count);
            span.Sort();
            var suspects = new HashSet<ulong>();
            for (var i = 1; i < span.Length; i++)
            {
                if (span[i] == span[i - 1])
                {
                    suspects.Add(span[i]);
                }
            }

            _hashes = [];
            return new DuplicateIndex(suspects);
        }
    }

    /// <summary>Tells whether the id occurred earlier in this pass; call in source order, from one thread.</summary>
    public bool IsRepeat(string endToEndId) =>
        _suspects.Count != 0 && _suspects.Contains(Hash(endToEndId)) && !_seen.Add(endToEndId);

    /// <summary>Forgets the ids seen, for another pass over the same source.</summary>
    public void Reset() => _seen.Clear();

    // FNV-1a, 64 bits: stable across processes (string.GetHashCode is randomized) and cheap.
    private static ulong Hash(string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in value)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return hash;
    }
}
