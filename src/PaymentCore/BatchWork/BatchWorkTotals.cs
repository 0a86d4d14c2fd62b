using PaymentCore.Batch;
using PaymentCore.Monetary;

namespace PaymentCore.BatchWork;

/// <summary>What the items of one or more chunks came to: counts by status, amounts by status and currency, replays.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
public sealed record BatchWorkTotals
{
    /// <summary>Gets totals of nothing.</summary>
    /// <value>No counts, no amounts.</value>
    public static BatchWorkTotals Empty { get; } = new();

    /// <summary>Gets the number of items of each status.</summary>
    /// <value>Every status with at least one item.</value>
    public IReadOnlyDictionary<BatchItemStatus, long> CountByStatus { get; init; } = new Dictionary<BatchItemStatus, long>();

    /// <summary>Gets the counts and totals by status and currency.</summary>
    /// <value>Items whose currency could not be read count in <see cref="CountByStatus"/> only.</value>
    public IReadOnlyList<BatchAmount> Amounts { get; init; } = [];

    /// <summary>Gets how many items an earlier attempt had already finished (a chunk taken over from a crashed worker replays them).</summary>
    /// <value>A count.</value>
    public long Replayed { get; init; }

    /// <summary>Adds two totals.</summary>
    /// <param name="other">The other totals.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    /// <exception cref="OverflowException">An amount overflows.</exception>
    public BatchWorkTotals Add(BatchWorkTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var counts = new Dictionary<BatchItemStatus, long>(CountByStatus);
        foreach (var (status, count) in other.CountByStatus)
        {
            counts[status] = checked(counts.GetValueOrDefault(status) + count);
        }

        var amounts = new Dictionary<(BatchItemStatus, Currency), (long Count, long Minor)>();
        foreach (var amount in Amounts.Concat(other.Amounts))
        {
            var key = (amount.Status, amount.Total.Currency);
            var (count, minor) = amounts.GetValueOrDefault(key);
            amounts[key] = (checked(count + amount.Count), checked(minor + amount.Total.MinorUnits));
        }

        return new BatchWorkTotals
        {
            CountByStatus = counts,
            Amounts = Sorted(amounts.Select(a => new BatchAmount(a.Key.Item1, a.Value.Count, Money.FromMinor(a.Value.Minor, a.Key.Item2)))),
            Replayed = checked(Replayed + other.Replayed),
        };
    }

    internal static BatchWorkTotals From(BatchTally tally) => new()
    {
        CountByStatus = tally.Counts(),
        Amounts = tally.Amounts(),
        Replayed = tally.Replayed,
    };

    internal static IReadOnlyList<BatchAmount> Sorted(IEnumerable<BatchAmount> amounts)
    {
        var list = amounts.ToList();
        list.Sort((a, b) => a.Status != b.Status ? a.Status.CompareTo(b.Status) : string.CompareOrdinal(a.Total.Currency.Code, b.Total.Currency.Code));
        return list;
    }
}
