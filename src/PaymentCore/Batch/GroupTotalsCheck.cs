namespace PaymentCore.Batch;

/// <summary>Counts and sums the items of each group that declares its own totals; used by one thread (the totals pass).</summary>
internal sealed class GroupTotalsCheck
{
    private readonly Dictionary<string, Totals> _groups;
    private readonly List<string> _order;

    private GroupTotalsCheck(Dictionary<string, Totals> groups, List<string> order)
    {
        _groups = groups;
        _order = order;
    }

    /// <summary>Returns a check for the declared groups, or <see langword="null"/> when none declares anything.</summary>
    public static GroupTotalsCheck? For(IReadOnlyList<BatchGroupTotals> declared)
    {
        if (declared.Count == 0)
        {
            return null;
        }

        var groups = new Dictionary<string, Totals>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var group in declared)
        {
            if (groups.TryGetValue(group.GroupId, out var totals))
            {
                // One id declared twice (ISO wants PmtInfId unique, files do not always comply): the items of both
                // carry the same GroupId, so their declared totals are added and checked against the items of both.
                totals.DeclaredCount = Add(totals.DeclaredCount, group.DeclaredNumberOfTransactions);
                totals.DeclaredSum = Add(totals.DeclaredSum, group.DeclaredControlSum);
            }
            else
            {
                groups[group.GroupId] = new Totals { DeclaredCount = group.DeclaredNumberOfTransactions, DeclaredSum = group.DeclaredControlSum };
                order.Add(group.GroupId);
            }
        }

        return new GroupTotalsCheck(groups, order);
    }

    public void Add(BatchItem item)
    {
        if (item.GroupId is { } id && _groups.TryGetValue(id, out var totals))
        {
            totals.Count++;
            totals.Sum += item.ControlAmount;
        }
    }

    /// <summary>The first group, in declaration order, whose declared totals disagree with its items.</summary>
    public BatchControlTotalMismatch? FirstMismatch()
    {
        foreach (var id in _order)
        {
            var t = _groups[id];
            var mismatch = new BatchControlTotalMismatch(t.DeclaredCount, t.Count, t.DeclaredSum, t.Sum) { GroupId = id };
            if (mismatch.CountDiffers || mismatch.SumDiffers)
            {
                return mismatch;
            }
        }

        return null;
    }

    // When one of the blocks sharing an id declares no total, the shared total is unknown and is not checked.
    private static long? Add(long? a, long? b) => a is null || b is null ? null : checked(a.Value + b.Value);

    private static decimal? Add(decimal? a, decimal? b) => a is null || b is null ? null : a.Value + b.Value;

    private sealed class Totals
    {
        public long? DeclaredCount { get; set; }

        public decimal? DeclaredSum { get; set; }

        public long Count { get; set; }

        public decimal Sum { get; set; }
    }
}
