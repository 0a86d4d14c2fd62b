using PaymentCore.Monetary;

namespace PaymentCore.Batch;

/// <summary>Adds up item results; used by one thread at a time (the pipeline's in-order consumer).</summary>
internal sealed class BatchTally
{
    private readonly Dictionary<(BatchItemStatus Status, Currency Currency), (long Count, long Minor)> _amounts = [];
    private readonly Dictionary<BatchItemStatus, long> _counts = [];

    public long Done { get; private set; }

    public long Succeeded { get; private set; }

    public long Failed { get; private set; }

    public long Pending { get; private set; }

    public long Replayed { get; set; }

    public void Add(BatchItemResult result)
    {
        Done++;
        _counts[result.Status] = _counts.GetValueOrDefault(result.Status) + 1;
        switch (result.Status)
        {
            case BatchItemStatus.Succeeded:
                Succeeded++;
                break;
            case BatchItemStatus.Pending:
                Pending++;
                break;
            default:
                Failed++;
                break;
        }

        if (result.Replayed)
        {
            Replayed++;
        }

        var amount = result.Item.Amount;
        if (!amount.Currency.IsDefault)
        {
            var key = (result.Status, amount.Currency);
            var (count, minor) = _amounts.GetValueOrDefault(key);
            _amounts[key] = (count + 1, checked(minor + amount.MinorUnits));
        }
    }

    public IReadOnlyList<Money> SucceededAmounts()
    {
        var list = new List<Money>();
        foreach (var ((status, currency), (_, minor)) in _amounts)
        {
            if (status == BatchItemStatus.Succeeded)
            {
                list.Add(Money.FromMinor(minor, currency));
            }
        }

        list.Sort((a, b) => string.CompareOrdinal(a.Currency.Code, b.Currency.Code));
        return list;
    }

    public IReadOnlyDictionary<BatchItemStatus, long> Counts() => new Dictionary<BatchItemStatus, long>(_counts);

    public IReadOnlyList<BatchAmount> Amounts()
    {
        var list = new List<BatchAmount>(_amounts.Count);
        foreach (var ((status, currency), (count, minor)) in _amounts)
        {
            list.Add(new BatchAmount(status, count, Money.FromMinor(minor, currency)));
        }

        list.Sort((a, b) => a.Status != b.Status ? a.Status.CompareTo(b.Status) : string.CompareOrdinal(a.Total.Currency.Code, b.Total.Currency.Code));
        return list;
    }
}
