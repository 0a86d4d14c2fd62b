using PaymentCore.Batch;
using PaymentCore.Monetary;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Batch;

/// <summary>Issue 15, D3: after a crash between authorization and capture, a re-run reported the item as paid.</summary>
public sealed class ReplayedStateTests
{
    [Fact]
    public async Task ProcessBatchAsync_ReplayOfAnAuthorizedNotCapturedItem_IsPendingNotSucceeded()
    {
        var f = new BatchFixture();
        var items = BatchFixture.Items(2, Currency.EUR);
        await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items));
        await SimulateCrashBeforeCaptureAsync(f, items[0]);
        var results = new List<BatchItemResult>();

        var rerun = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items), onItemResult: r => { results.Add(r); return ValueTask.CompletedTask; });

        var stuck = results.Single(r => r.Item.EndToEndId == items[0].EndToEndId);
        Assert.Equal(BatchItemStatus.Pending, stuck.Status);
        Assert.Contains("not captured", stuck.Reason, StringComparison.Ordinal);
        Assert.Equal(1, rerun.Succeeded);
        Assert.Equal(1, rerun.Pending);
        Assert.Equal(BatchStatus.PartiallyAccepted, rerun.Status);
    }

    [Fact]
    public async Task ProcessBatchAsync_ReplayOfAFullyRefundedItem_IsNotReportedAsPaid()
    {
        var f = new BatchFixture();
        var items = BatchFixture.Items(1, Currency.EUR);
        await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items));
        var record = Assert.Single(f.Store.Snapshot());
        await f.Processor.RefundAsync(record.Request.MerchantId, record.Id, record.Captured, "bank-rejected");
        var results = new List<BatchItemResult>();

        await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items), onItemResult: r => { results.Add(r); return ValueTask.CompletedTask; });

        Assert.NotEqual(BatchItemStatus.Succeeded, Assert.Single(results).Status);
    }

    private static async Task SimulateCrashBeforeCaptureAsync(BatchFixture f, BatchItem item)
    {
        // The record as it is when the process dies after the authorization is written and before the capture is.
        var key = BatchProcessor.IdempotencyKeyFor("BATCH-1", item.EndToEndId);
        var captured = Assert.Single(f.Store.Snapshot(), r => r.Request.IdempotencyKey == key);
        var authorized = captured with
        {
            Status = TransactionStatus.Authorized,
            Captured = Money.Zero(captured.Captured.Currency),
            Version = captured.Version + 1,
        };
        Assert.True(await f.Store.TryUpdateAsync(authorized, captured.Version, null));
    }
}
