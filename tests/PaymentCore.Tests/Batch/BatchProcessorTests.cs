using PaymentCore.Authorization;
using PaymentCore.Batch;
using PaymentCore.Monetary;

namespace PaymentCore.Tests.Batch;

public sealed class BatchProcessorTests
{
    private static readonly string Creditor = "FR1420041010050500013M02606"; // ISO 13616 electronic format, as the engine stores it

    [Fact]
    public async Task ProcessBatchAsync_ControlSumMismatch_RejectsWithDeclaredAndActualAndMovesNoMoney()
    {
        var f = new BatchFixture();
        var items = BatchFixture.Items(5, Currency.EUR);
        var before = f.Issuer.GetAvailable(BatchFixture.DebtorToken, Currency.EUR);

        var summary = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items, sum: 50.26m), new ListSource(items));

        Assert.Equal(BatchStatus.Rejected, summary.Status);
        Assert.Equal("RJCT", summary.StatusCode);
        Assert.Equal(BatchReasonCodes.InvalidControlSum, summary.RejectionCode);
        var mismatch = Assert.IsType<BatchControlTotalMismatch>(summary.ControlTotalMismatch);
        Assert.Equal(50.26m, mismatch.DeclaredControlSum);
        Assert.Equal(50.25m, mismatch.ActualControlSum);
        Assert.Equal(5, mismatch.DeclaredNumberOfTransactions);
        Assert.Equal(5, mismatch.ActualNumberOfTransactions);
        Assert.Contains("50.26", summary.RejectionReason, StringComparison.Ordinal);
        Assert.Empty(f.Issuer.GetHolds());
        Assert.Equal(0, f.Authorizer.Authorizations);
        Assert.Equal(before, f.Issuer.GetAvailable(BatchFixture.DebtorToken, Currency.EUR));
        Assert.Equal(Money.Zero(Currency.EUR), f.Issuer.GetReceived(Creditor, Currency.EUR));
    }

    [Fact]
    public async Task ProcessBatchAsync_CountMismatch_RejectsWithAm18()
    {
        var f = new BatchFixture();
        var items = BatchFixture.Items(3, Currency.EUR);

        var summary = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items, count: 4), new ListSource(items));

        Assert.Equal(BatchReasonCodes.InvalidNumberOfTransactions, summary.RejectionCode);
        Assert.Equal(4, summary.ControlTotalMismatch!.DeclaredNumberOfTransactions);
        Assert.Equal(3, summary.ControlTotalMismatch.ActualNumberOfTransactions);
        Assert.Empty(f.Issuer.GetHolds());
    }

    [Fact]
    public async Task ProcessBatchAsync_NoControlSumDeclared_IsNotAMismatch()
    {
        var f = new BatchFixture();
        var items = BatchFixture.Items(3, Currency.EUR);
        var header = BatchFixture.Header(items) with { DeclaredControlSum = null };

        var summary = await f.Batches.ProcessBatchAsync(header, new ListSource(items));

        Assert.Equal(BatchStatus.Accepted, summary.Status);
        Assert.Equal(30.15m, summary.ControlSum);
    }

    [Fact]
    public async Task ProcessBatchAsync_OneDeclineAndOneFailure_OthersArePaidAndBatchIsPartial()
    {
        var f = new BatchFixture();
        List<BatchItem> items =
        [
            BatchFixture.Item("A", Money.FromMajor(100m, Currency.EUR)),
            BatchFixture.Item("B", Money.FromMajor(200m, Currency.EUR), debtor: TestInstruments.InsufficientFunds.Token),
            BatchFixture.Item("C", Money.FromMajor(300m, Currency.EUR), debtor: TestInstruments.TransientFailure.Token),
            BatchFixture.Item("D", Money.FromMajor(400m, Currency.EUR)),
        ];
        var results = new List<BatchItemResult>();

        var summary = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items), onItemResult: r => { results.Add(r); return ValueTask.CompletedTask; });

        Assert.Equal(BatchStatus.PartiallyAccepted, summary.Status);
        Assert.Equal("PART", summary.StatusCode);
        Assert.Equal(2, summary.Succeeded);
        Assert.Equal(2, summary.Failed);
        Assert.Equal(["A", "B", "C", "D"], results.Select(r => r.Item.EndToEndId));
        Assert.Equal([1L, 2, 3, 4], results.Select(r => r.Sequence));
        Assert.Equal(BatchItemStatus.Declined, results[1].Status);
        Assert.Equal(BatchReasonCodes.InsufficientFunds, results[1].ReasonCode);
        Assert.Equal(BatchItemStatus.Failed, results[2].Status);
        Assert.Equal(Money.FromMajor(500m, Currency.EUR), summary.TotalOf(BatchItemStatus.Succeeded, Currency.EUR));
        Assert.Equal(Money.FromMajor(200m, Currency.EUR), summary.TotalOf(BatchItemStatus.Declined, Currency.EUR));
        Assert.Equal(Money.FromMajor(500m, Currency.EUR), f.Issuer.GetReceived(Creditor, Currency.EUR));
    }

    [Fact]
    public async Task ProcessBatchAsync_AllDeclined_IsRejected()
    {
        var f = new BatchFixture();
        List<BatchItem> items = [BatchFixture.Item("A", Money.FromMajor(1m, Currency.EUR), debtor: TestInstruments.InsufficientFunds.Token)];

        var summary = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items));

        Assert.Equal(BatchStatus.Rejected, summary.Status);
        Assert.Null(summary.RejectionCode);
    }

    [Fact]
    public async Task ProcessBatchAsync_AllOrNothingWithOneDecline_VoidsEveryHoldAndPaysNothing()
    {
        var f = new BatchFixture(new BatchOptions { Mode = BatchMode.AllOrNothing });
        var items = BatchFixture.Items(6, Currency.EUR);
        items.Insert(3, BatchFixture.Item("BAD", Money.FromMajor(5m, Currency.EUR), debtor: TestInstruments.InsufficientFunds.Token));
        var before = f.Issuer.GetAvailable(BatchFixture.DebtorToken, Currency.EUR);
        var results = new List<BatchItemResult>();

        var summary = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items), onItemResult: r => { results.Add(r); return ValueTask.CompletedTask; });

        Assert.Equal(BatchStatus.Rejected, summary.Status);
        Assert.Equal(0, summary.Succeeded);
        Assert.Equal(6, summary.CountOf(BatchItemStatus.Voided));
        Assert.Equal(1, summary.CountOf(BatchItemStatus.Declined));
        Assert.Equal(7, results.Count);
        Assert.All(f.Issuer.GetHolds().Values, h => Assert.Equal(HoldState.Voided, h.State));
        Assert.Equal(6, f.Issuer.GetHolds().Count);
        Assert.Equal(before, f.Issuer.GetAvailable(BatchFixture.DebtorToken, Currency.EUR));
        Assert.Equal(Money.Zero(Currency.EUR), f.Issuer.GetHeld(BatchFixture.DebtorToken, Currency.EUR));
        Assert.Equal(Money.Zero(Currency.EUR), f.Issuer.GetReceived(Creditor, Currency.EUR));
        Assert.Empty(f.Issuer.Mistakes);
    }

    [Fact]
    public async Task ProcessBatchAsync_AllOrNothingAllApproved_CapturesEveryHold()
    {
        var f = new BatchFixture(new BatchOptions { Mode = BatchMode.AllOrNothing });
        var items = BatchFixture.Items(8, Currency.EUR);

        var summary = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items));

        Assert.Equal(BatchStatus.Accepted, summary.Status);
        Assert.Equal(8, summary.Succeeded);
        Assert.All(f.Issuer.GetHolds().Values, h => Assert.Equal(HoldState.Captured, h.State));
        Assert.Equal(Money.FromMajor(80.40m, Currency.EUR), f.Issuer.GetReceived(Creditor, Currency.EUR));

        var again = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items));
        Assert.Equal(BatchStatus.Accepted, again.Status);
        Assert.Equal(8, again.Replayed);
        Assert.Equal(8, f.Authorizer.Authorizations);
        Assert.Equal(Money.FromMajor(80.40m, Currency.EUR), f.Issuer.GetReceived(Creditor, Currency.EUR));
    }

    [Fact]
    public async Task ProcessBatchAsync_AllOrNothingWithPreRejectedItem_PlacesNoHolds()
    {
        var f = new BatchFixture(new BatchOptions { Mode = BatchMode.AllOrNothing });
        var items = BatchFixture.Items(3, Currency.EUR);
        items.Add(new BatchItem { EndToEndId = "X", InstructedAmount = 1m, InstructedCurrency = "EUR", PreRejection = new BatchItemRejection("AC01", "bad IBAN") });

        var summary = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items));

        Assert.Equal(BatchStatus.Rejected, summary.Status);
        Assert.Equal(4, summary.Failed);
        Assert.Empty(f.Issuer.GetHolds());
    }

    [Fact]
    public async Task ProcessBatchAsync_CancelledMidBatchThenRunAgain_ChargesEveryItemExactlyOnce()
    {
        var f = new BatchFixture(new BatchOptions { MaxDegreeOfParallelism = 4 });
        var items = BatchFixture.Items(200, Currency.EUR, 1.00m);
        var header = BatchFixture.Header(items);
        using var crash = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await f.Batches.ProcessBatchAsync(header, new ListSource(items), onItemResult: async _ =>
            {
                if (++seen == 50)
                {
                    await crash.CancelAsync();
                }
            }, cancellationToken: crash.Token));

        var done = f.Issuer.GetHolds().Count;
        Assert.InRange(done, 50, 199);

        var summary = await f.Batches.ProcessBatchAsync(header, new ListSource(items));

        Assert.Equal(BatchStatus.Accepted, summary.Status);
        Assert.Equal(200, summary.Succeeded);
        Assert.Equal(done, summary.Replayed);
        Assert.Equal(200, f.Authorizer.Authorizations);
        var holds = f.Issuer.GetHolds();
        Assert.Equal(200, holds.Count);
        Assert.All(holds.Values, h => Assert.Equal(Money.FromMajor(1m, Currency.EUR), h.Captured));
        Assert.Equal(Money.FromMajor(200m, Currency.EUR), f.Issuer.GetReceived(Creditor, Currency.EUR));
        Assert.Empty(f.Issuer.Mistakes);
    }

    [Fact]
    public async Task ProcessBatchAsync_FinishedBatchRunAgain_ReturnsSameSummaryAsReplays()
    {
        var f = new BatchFixture();
        var items = BatchFixture.Items(10, Currency.EUR);
        items.Add(BatchFixture.Item("DECL", Money.FromMajor(1m, Currency.EUR), debtor: TestInstruments.InsufficientFunds.Token));

        var first = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items));
        var second = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items));

        Assert.Equal(0, first.Replayed);
        Assert.Equal(11, second.Replayed);
        Assert.Equal(first.Status, second.Status);
        Assert.Equal(first.Succeeded, second.Succeeded);
        Assert.Equal(first.Failed, second.Failed);
        Assert.Equal(first.Amounts, second.Amounts);
        Assert.Equal(11, f.Authorizer.Authorizations);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ProcessBatchAsync_Parallelism_NeverExceedsTheOption(int parallelism)
    {
        var f = new BatchFixture(new BatchOptions { MaxDegreeOfParallelism = parallelism }, authorizerDelayMilliseconds: 2);
        var items = BatchFixture.Items(60, Currency.EUR);

        var summary = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items));

        Assert.Equal(60, summary.Succeeded);
        Assert.InRange(f.Authorizer.MaxInFlight, 1, parallelism);
        if (parallelism > 1)
        {
            Assert.True(f.Authorizer.MaxInFlight > 1, "items should overlap when parallelism allows it");
        }
    }

    [Fact]
    public async Task ProcessBatchAsync_Progress_ReportsEveryPhaseAndFinalTotals()
    {
        var f = new BatchFixture(new BatchOptions { ProgressInterval = TimeSpan.Zero });
        var items = BatchFixture.Items(20, Currency.EUR);
        items.Add(BatchFixture.Item("DECL", Money.FromMajor(1m, Currency.EUR), debtor: TestInstruments.InsufficientFunds.Token));
        var log = new ProgressLog();

        await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items), log);

        var reports = log.Reports;
        Assert.Equal(BatchPhase.CheckingTotals, reports[0].Phase);
        var processing = reports.Where(r => r.Phase == BatchPhase.Processing).ToList();
        Assert.Equal(21, processing.Count);
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i), processing.Select(r => r.ItemsDone));
        var last = reports[^1];
        Assert.Equal(BatchPhase.Completed, last.Phase);
        Assert.Equal(21, last.ItemsDone);
        Assert.Equal(21, last.TotalItems);
        Assert.Equal(20, last.Succeeded);
        Assert.Equal(1, last.Failed);
        Assert.Equal([Money.FromMajor(201m, Currency.EUR)], last.SucceededAmounts);
    }

    [Fact]
    public async Task ProcessBatchAsync_ProgressInterval_ThrottlesByTheInjectedClock()
    {
        var f = new BatchFixture();
        var items = BatchFixture.Items(50, Currency.EUR);
        var log = new ProgressLog();

        await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items), log);

        // The fake clock never moves: the first and the last reports only, plus the totals check's start.
        Assert.Equal([BatchPhase.CheckingTotals, BatchPhase.Processing, BatchPhase.Completed], log.Reports.Select(r => r.Phase));
    }

    [Fact]
    public async Task ProcessBatchAsync_ZeroTwoAndThreeDecimalCurrencies_SumExactly()
    {
        var f = new BatchFixture();
        List<BatchItem> items =
        [
            BatchFixture.Item("JPY-1", Money.FromMajor(1500m, Currency.JPY)),
            BatchFixture.Item("JPY-2", Money.FromMajor(25m, Currency.JPY)),
            BatchFixture.Item("EUR-1", Money.FromMajor(10.05m, Currency.EUR)),
            BatchFixture.Item("EUR-2", Money.FromMajor(0.01m, Currency.EUR)),
            BatchFixture.Item("KWD-1", Money.FromMajor(1.234m, Currency.KWD)),
            BatchFixture.Item("KWD-2", Money.FromMajor(0.001m, Currency.KWD)),
        ];

        var summary = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items));

        Assert.Equal(1536.295m, summary.ControlSum);
        Assert.Equal(Money.FromMinor(1525, Currency.JPY), summary.TotalOf(BatchItemStatus.Succeeded, Currency.JPY));
        Assert.Equal(Money.FromMinor(1006, Currency.EUR), summary.TotalOf(BatchItemStatus.Succeeded, Currency.EUR));
        Assert.Equal(Money.FromMinor(1235, Currency.KWD), summary.TotalOf(BatchItemStatus.Succeeded, Currency.KWD));
        Assert.Equal(Money.FromMinor(1235, Currency.KWD), f.Issuer.GetReceived(Creditor, Currency.KWD));
    }

    [Fact]
    public async Task ProcessBatchAsync_RepeatedEndToEndId_RejectsLaterOccurrencesWithAm05()
    {
        var f = new BatchFixture(new BatchOptions { MaxDegreeOfParallelism = 4 });
        var items = BatchFixture.Items(5, Currency.EUR);
        items.Add(BatchFixture.Item("E2E-00002", Money.FromMajor(99m, Currency.EUR)));
        var results = new List<BatchItemResult>();

        var summary = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items), onItemResult: r => { results.Add(r); return ValueTask.CompletedTask; });

        Assert.Equal(5, summary.Succeeded);
        Assert.Equal(BatchItemStatus.Succeeded, results[1].Status);
        Assert.Equal(BatchItemStatus.Rejected, results[5].Status);
        Assert.Equal(BatchReasonCodes.Duplication, results[5].ReasonCode);
        Assert.Equal(5, f.Authorizer.Authorizations);
    }

    [Fact]
    public async Task ProcessBatchAsync_PreRejectedItem_CountsInTotalsButIsNeverSubmitted()
    {
        var f = new BatchFixture();
        var items = BatchFixture.Items(2, Currency.EUR);
        items.Add(new BatchItem { EndToEndId = "BAD", InstructedAmount = 7.125m, InstructedCurrency = "EUR", PreRejection = new BatchItemRejection("AM12", "EUR has 2 decimals") });
        var results = new List<BatchItemResult>();

        var summary = await f.Batches.ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items), onItemResult: r => { results.Add(r); return ValueTask.CompletedTask; });

        Assert.Equal(27.225m, summary.ControlSum);
        Assert.Equal(3, summary.TotalItems);
        Assert.Equal(BatchStatus.PartiallyAccepted, summary.Status);
        Assert.Equal("AM12", results[2].ReasonCode);
        Assert.Null(results[2].Payment);
        Assert.Equal(2, f.Authorizer.Authorizations);
    }

    [Fact]
    public async Task ProcessBatchAsync_HundredThousandStreamedItems_CompletesWithCorrectTotals()
    {
        const int count = 100_000;
        var f = new BatchFixture();
        static BatchItem Make(long i) => BatchFixture.Item($"E2E-{i:D7}", Money.FromMinor(100 + (i % 900), Currency.EUR));
        long expectedMinor = 0;
        for (long i = 1; i <= count; i++)
        {
            expectedMinor += 100 + (i % 900);
        }

        var header = new BatchHeader
        {
            BatchId = "BIG-1",
            MerchantId = "payroll-co",
            DebtorAccount = BatchFixture.Debtor,
            DeclaredNumberOfTransactions = count,
            DeclaredControlSum = expectedMinor / 100m,
        };

        var summary = await f.Batches.ProcessBatchAsync(header, new GeneratedSource(count, Make));

        Assert.Equal(BatchStatus.Accepted, summary.Status);
        Assert.Equal(count, summary.Succeeded);
        Assert.Equal(Money.FromMinor(expectedMinor, Currency.EUR), summary.TotalOf(BatchItemStatus.Succeeded, Currency.EUR));
        Assert.Equal(Money.FromMinor(expectedMinor, Currency.EUR), f.Issuer.GetReceived(Creditor, Currency.EUR));
    }

    [Fact]
    public void Constructor_ParallelismOutOfRange_NamesTheOption()
    {
        var f = new BatchFixture();
        var ex = Assert.Throws<ArgumentException>(() => new BatchProcessor(f.Processor, new BatchOptions { MaxDegreeOfParallelism = 0 }));
        Assert.Contains("MaxDegreeOfParallelism", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdempotencyKeyFor_DifferentSplits_NeverCollide()
    {
        Assert.NotEqual(BatchProcessor.IdempotencyKeyFor("a:b", "c"), BatchProcessor.IdempotencyKeyFor("a", "b:c"));
    }
}
