using System.Text.Json;
using System.Text;
using PaymentCore.Ach.Returns;
using PaymentCore.Batch;
using PaymentCore.Recovery;

namespace BatchPayouts;

/// <summary>Collects what the sample prints from the stream of item results: rejected items and sums per currency, amounts as read.</summary>
internal sealed class RunReport
{
    private readonly SortedDictionary<string, CurrencyTotals> _currencies = new(StringComparer.Ordinal);

    public List<RejectedItem> Rejected { get; } = [];

    /// <summary>The ACH returns of the items not paid (ACH input only).</summary>
    public List<PaymentCore.Ach.Returns.AchReturn> Returns { get; } = [];

    /// <summary>What recovery did before the batch ran.</summary>
    public PaymentCore.Recovery.RecoverySummary Recovery { get; init; }

    /// <summary>How many outbox events were dispatched after the batch.</summary>
    public int EventsDispatched { get; set; }

    public IEnumerable<KeyValuePair<string, CurrencyTotals>> Currencies => _currencies;

    /// <summary>Called once per item, in source order, by the batch engine.</summary>
    public ValueTask AddAsync(BatchItemResult result)
    {
        var item = result.Item;
        var currency = item.InstructedCurrency ?? item.Amount.Currency.Code;
        if (!_currencies.TryGetValue(currency, out var totals))
        {
            totals = new CurrencyTotals();
            _currencies[currency] = totals;
        }

        totals.Count++;
        totals.Total += item.ControlAmount;
        switch (result.Status)
        {
            case BatchItemStatus.Succeeded:
                totals.Succeeded += item.ControlAmount;
                break;
            case BatchItemStatus.Pending:
                totals.Pending += item.ControlAmount;
                break;
            default:
                totals.Failed += item.ControlAmount;
                Rejected.Add(new RejectedItem(item.EndToEndId, item.LineNumber, result.Status.ToString().ToLowerInvariant(), result.ReasonCode ?? string.Empty, result.Reason ?? string.Empty));
                if (PaymentCore.Ach.Returns.AchReturnsReport.ToReturn(result) is { } achReturn)
                {
                    Returns.Add(achReturn);
                }

                break;
        }

        return ValueTask.CompletedTask;
    }

    public string ToJson(string input, string format, BatchHeader header, BatchSummary summary)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("input", input);
            json.WriteString("format", format);
            json.WriteString("batchId", header.BatchId);
            json.WriteString("status", summary.StatusCode);
            json.WriteNumber("transactions", summary.TotalItems);
            json.WriteNumber("controlSum", summary.ControlSum);
            if (header.DeclaredNumberOfTransactions is { } declaredCount)
            {
                json.WriteNumber("declaredTransactions", declaredCount);
            }

            if (header.DeclaredControlSum is { } declaredSum)
            {
                json.WriteNumber("declaredControlSum", declaredSum);
            }

            if (summary.RejectionCode is not null)
            {
                json.WriteStartObject("batchRejection");
                json.WriteString("reasonCode", summary.RejectionCode);
                json.WriteString("reason", summary.RejectionReason);
                json.WriteEndObject();
            }

            json.WriteNumber("succeeded", summary.Succeeded);
            json.WriteNumber("failed", summary.Failed);
            json.WriteNumber("pending", summary.Pending);
            json.WriteNumber("replayed", summary.Replayed);
            json.WriteNumber("eventsDispatched", EventsDispatched);
            json.WriteStartObject("recovery");
            json.WriteNumber("examined", Recovery.Examined);
            json.WriteNumber("captured", Recovery.Captured);
            json.WriteNumber("voided", Recovery.Voided);
            json.WriteNumber("failed", Recovery.Failed);
            json.WriteNumber("unresolved", Recovery.Unresolved);
            json.WriteEndObject();
            json.WriteStartArray("rejected");
            foreach (var r in Rejected)
            {
                json.WriteStartObject();
                json.WriteString("endToEndId", r.EndToEndId);
                json.WriteString("status", r.Status);
                json.WriteString("reasonCode", r.ReasonCode);
                json.WriteString("reason", r.Reason);
                json.WriteNumber("line", r.Line);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("currencies");
            foreach (var (currency, c) in _currencies)
            {
                json.WriteStartObject(currency);
                json.WriteNumber("transactions", c.Count);
                json.WriteNumber("amount", c.Total);
                json.WriteNumber("succeeded", c.Succeeded);
                json.WriteNumber("failed", c.Failed);
                json.WriteNumber("pending", c.Pending);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>Sums of one currency, amounts as read from the file.</summary>
internal sealed class CurrencyTotals
{
    public long Count { get; set; }

    public decimal Total { get; set; }

    public decimal Succeeded { get; set; }

    public decimal Failed { get; set; }

    public decimal Pending { get; set; }
}

/// <summary>One item that was not paid.</summary>
internal sealed record RejectedItem(string EndToEndId, long Line, string Status, string ReasonCode, string Reason);
