using PaymentCore.Batch;
using PaymentCore.BatchWork;
using PaymentCore.Monetary;
using PaymentCore.Tests.Batch;

namespace PaymentCore.Tests.BatchWork;

public sealed class BatchWorkerTests
{
    /// <summary>A mixed batch: two currencies, a repeated end-to-end id, a pre-rejected item and one the issuer declines (no creditor).</summary>
    private static List<BatchItem> MixedItems(int count)
    {
        var items = new List<BatchItem>();
        for (var i = 1; i <= count; i++)
        {
            var currency = i % 3 == 0 ? Currency.GBP : Currency.EUR;
            items.Add(BatchFixture.Item($"E2E-{i:D5}", Money.FromMinor(100 + (i * 37 % 1000), currency)));
        }

        items[10] = items[10] with { PreRejection = new BatchItemRejection(BatchReasonCodes.InvalidAmount, "bad amount"), Amount = default, InstructedAmount = 1.00m };
        items[20] = items[20] with { EndToEndId = items[19].EndToEndId }; // a repeat: AM05, as in one process
        items[30] = items[30] with { CreditorAccount = null };
        return items;
    }

    private static void AssertSameSummary(BatchSummary expected, BatchSummary actual)
    {
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.TotalItems, actual.TotalItems);
        Assert.Equal(expected.ControlSum, actual.ControlSum);
        Assert.Equal(expected.Succeeded, actual.Succeeded);
        Assert.Equal(expected.Failed, actual.Failed);
        Assert.Equal(expected.Pending, actual.Pending);
        Assert.Equal(expected.CountByStatus.OrderBy(p => p.Key), actual.CountByStatus.OrderBy(p => p.Key));
        Assert.Equal(expected.Amounts, actual.Amounts);
    }

    [Fact]
    public async Task RunAsync_ThreeWorkersOnOneQueue_SummaryEqualsOneProcessRunAndEveryItemAuthorizedOnce()
    {
        var items = MixedItems(500);
        var header = BatchFixture.Header(items);
        var single = new BatchFixture();
        var expected = await single.Batches.ProcessBatchAsync(header, new ListSource(items));

        var f = new BatchFixture();

        // Leases and polls on the real clock: the fixture's fast-forward clock would jump past live leases whenever
        // an idle worker polls. Nothing depends on how long anything takes; a lease (30 s) outlives the whole test.
        var queue = new InMemoryBatchWorkQueue(TimeProvider.System);
        var seen = new System.Collections.Concurrent.ConcurrentBag<long>();
        var workers = Enumerable.Range(0, 3)
            .Select(n => new BatchWorker(f.Batches, queue, new BatchWorkerOptions { WorkerId = "w" + n, ChunkSize = 17, PollInterval = TimeSpan.FromMilliseconds(10) }, TimeProvider.System))
            .ToList();
        var summaries = await Task.WhenAll(workers.Select(w => Task.Run(async () => await w.RunAsync(header, new ListSource(items), r =>
        {
            seen.Add(r.Sequence);
            return ValueTask.CompletedTask;
        }))));

        foreach (var summary in summaries)
        {
            AssertSameSummary(expected, summary);
            Assert.Equal(0, summary.Replayed);
        }

        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), seen.Order());
        Assert.Equal(single.Authorizer.Authorizations, f.Authorizer.Authorizations);
        Assert.Equal(497, f.Authorizer.Authorizations); // 500 less the pre-rejected, the repeat and the one with no creditor
        var progress = await queue.GetProgressAsync(new BatchRunKey("payroll-co", "BATCH-1"));
        Assert.True(progress!.IsComplete);
        Assert.Equal(30, progress.Plan.ChunkCount); // 500 / 17, rounded up
    }

    [Fact]
    public async Task RunAsync_ChunkHeldByACrashedWorker_IsTakenOverWhenItsLeaseRunsOutAndPaysNothingTwice()
    {
        var items = BatchFixture.Items(250, Currency.EUR);
        var header = BatchFixture.Header(items);
        var f = new BatchFixture();
        var queue = new InMemoryBatchWorkQueue(f.Time);
        var run = new BatchRunKey(header.MerchantId, header.BatchId);

        // The crashed worker: it enqueued the batch, leased chunk 0 for a minute and paid its first 40 items.
        var worker = new BatchWorker(f.Batches, queue, new BatchWorkerOptions { ChunkSize = 100, Lease = TimeSpan.FromSeconds(10) }, f.Time);
        await queue.EnqueueAsync(await FingerprintOf(header, items));
        var dead = await queue.ClaimAsync(run, "crashed", TimeSpan.FromMinutes(1));
        Assert.Equal(0, dead!.Number);
        var partial = await f.Batches.ProcessBatchAsync(header with { DeclaredNumberOfTransactions = null, DeclaredControlSum = null }, new ListSource(items.Take(40).ToList()));
        Assert.Equal(40, partial.Succeeded);

        var summary = await worker.RunAsync(header, new ListSource(items));

        Assert.Equal(BatchStatus.Accepted, summary.Status);
        Assert.Equal(250, summary.Succeeded);
        Assert.Equal(40, summary.Replayed);
        Assert.Equal(Money.FromMajor(250 * 10.05m, Currency.EUR), summary.TotalOf(BatchItemStatus.Succeeded, Currency.EUR));
        Assert.Equal(250, f.Authorizer.Authorizations); // each item once: the 40 the crashed worker paid replayed
        Assert.False(await queue.CompleteAsync(dead, BatchWorkTotals.Empty)); // the crashed worker's lease is gone
        var progress = await queue.GetProgressAsync(run);
        Assert.Equal(250, progress!.Totals.CountByStatus[BatchItemStatus.Succeeded]);
    }

    [Fact]
    public async Task CompleteAsync_AfterTheLeaseWasTakenOver_ReturnsFalseAndCountsNothing()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var queue = new InMemoryBatchWorkQueue(time);
        var run = new BatchRunKey("m", "b");
        await queue.EnqueueAsync(new BatchWorkPlan { Run = run, Fingerprint = "F", TotalItems = 3, ChunkSize = 2 });
        var first = await queue.ClaimAsync(run, "a", TimeSpan.FromSeconds(5));
        var second = await queue.ClaimAsync(run, "b", TimeSpan.FromSeconds(5));
        Assert.Null(await queue.ClaimAsync(run, "c", TimeSpan.FromSeconds(5))); // both chunks leased
        Assert.Equal((0, 1L, 2), (first!.Number, first.FirstSequence, first.Count));
        Assert.Equal((1, 3L, 1), (second!.Number, second.FirstSequence, second.Count));

        time.Advance(TimeSpan.FromSeconds(6));
        var taken = await queue.ClaimAsync(run, "c", TimeSpan.FromSeconds(5));
        Assert.Equal((0, 2), (taken!.Number, taken.Attempt));
        Assert.False(await queue.RenewAsync(first, TimeSpan.FromSeconds(5)));

        var totals = new BatchWorkTotals { CountByStatus = new Dictionary<BatchItemStatus, long> { [BatchItemStatus.Succeeded] = 2 } };
        Assert.False(await queue.CompleteAsync(first, totals));
        Assert.True(await queue.CompleteAsync(taken, totals));
        Assert.False(await queue.CompleteAsync(taken, totals)); // once
        var progress = await queue.GetProgressAsync(run);
        Assert.Equal(1, progress!.CompletedChunks);
        Assert.False(progress.IsComplete);
        Assert.Equal(2, progress.Totals.CountByStatus[BatchItemStatus.Succeeded]);
    }

    [Fact]
    public async Task ReleaseAsync_MakesTheChunkClaimableAtOnce()
    {
        var queue = new InMemoryBatchWorkQueue(new Microsoft.Extensions.Time.Testing.FakeTimeProvider());
        var run = new BatchRunKey("m", "b");
        await queue.EnqueueAsync(new BatchWorkPlan { Run = run, Fingerprint = "F", TotalItems = 1, ChunkSize = 10 });
        var chunk = await queue.ClaimAsync(run, "a", TimeSpan.FromMinutes(5));
        Assert.Null(await queue.ClaimAsync(run, "b", TimeSpan.FromMinutes(5)));

        await queue.ReleaseAsync(chunk!);

        var again = await queue.ClaimAsync(run, "b", TimeSpan.FromMinutes(5));
        Assert.Equal((0, 2), (again!.Number, again.Attempt));
    }

    [Fact]
    public async Task RunAsync_AnotherFileUnderTheSameBatchId_ThrowsConflictAndPaysNothing()
    {
        var items = BatchFixture.Items(20, Currency.EUR);
        var f = new BatchFixture();
        var queue = new InMemoryBatchWorkQueue(f.Time);
        var header = BatchFixture.Header(items);
        await queue.EnqueueAsync(await FingerprintOf(header, BatchFixture.Items(20, Currency.EUR, 10.06m)));
        var worker = new BatchWorker(f.Batches, queue, null, f.Time);

        var ex = await Assert.ThrowsAsync<BatchWorkConflictException>(async () => await worker.RunAsync(header, new ListSource(items)));

        Assert.Contains("same batch", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, f.Authorizer.Authorizations);
        Assert.Empty(f.Store.Snapshot());
    }

    [Fact]
    public async Task RunAsync_ControlSumMismatch_RejectsAndEnqueuesNothing()
    {
        var items = BatchFixture.Items(5, Currency.EUR);
        var f = new BatchFixture();
        var queue = new InMemoryBatchWorkQueue(f.Time);
        var worker = new BatchWorker(f.Batches, queue, null, f.Time);

        var summary = await worker.RunAsync(BatchFixture.Header(items, sum: 1m), new ListSource(items));

        Assert.Equal(BatchStatus.Rejected, summary.Status);
        Assert.Equal(BatchReasonCodes.InvalidControlSum, summary.RejectionCode);
        Assert.Null(await queue.GetProgressAsync(new BatchRunKey("payroll-co", "BATCH-1")));
        Assert.Equal(0, f.Authorizer.Authorizations);
    }

    [Theory]
    [InlineData(0, "ChunkSize")]
    [InlineData(-1, "Lease")]
    public void Constructor_OptionOutOfRange_ThrowsNamingIt(int chunkSize, string option)
    {
        var f = new BatchFixture();
        var options = chunkSize < 0 ? new BatchWorkerOptions { Lease = TimeSpan.Zero } : new BatchWorkerOptions { ChunkSize = chunkSize };

        var ex = Assert.Throws<ArgumentException>(() => new BatchWorker(f.Batches, new InMemoryBatchWorkQueue(), options));

        Assert.Contains("BatchWorkerOptions." + option, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_AllOrNothingBatches_AreRefused()
    {
        var f = new BatchFixture(new BatchOptions { Mode = BatchMode.AllOrNothing });

        var ex = Assert.Throws<ArgumentException>(() => new BatchWorker(f.Batches, new InMemoryBatchWorkQueue()));

        Assert.Contains("best-effort", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The plan a worker would enqueue for these items: found by letting a worker enqueue them into a throwaway queue.</summary>
    private static async Task<BatchWorkPlan> FingerprintOf(BatchHeader header, List<BatchItem> items)
    {
        var f = new BatchFixture();
        var queue = new InMemoryBatchWorkQueue(f.Time);
        var worker = new BatchWorker(f.Batches, queue, new BatchWorkerOptions { ChunkSize = 100 }, f.Time);
        await worker.RunAsync(header with { DeclaredControlSum = items.Sum(i => i.ControlAmount) }, new ListSource(items));
        return (await queue.GetProgressAsync(new BatchRunKey(header.MerchantId, header.BatchId)))!.Plan;
    }
}
