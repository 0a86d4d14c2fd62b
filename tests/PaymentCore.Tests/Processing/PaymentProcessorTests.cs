using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.Testing.Assertions;
using PaymentCore.Testing.Authorization;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Processing;

public sealed class PaymentProcessorTests
{
    [Fact]
    public async Task ProcessAsync_AutomaticCapture_CapturesFullAmountAndTellsEveryChange()
    {
        var f = new PaymentFixture();

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal(PaymentOutcome.Approved, result.Outcome);
        Assert.Equal(TransactionStatus.Captured, result.Status);
        Assert.Equal(Money.FromMajor(10.05m, Currency.USD), result.Transaction.Captured);
        Assert.Equal([TransactionStatus.Received, TransactionStatus.Authorized, TransactionStatus.Captured], result.Transaction.History.Select(h => h.To));
        await f.Dispatcher.DispatchAsync(); // events leave the payment path: deliver them first
        Assert.Equal([TransactionStatus.Received, TransactionStatus.Authorized, TransactionStatus.Captured], f.Notifier.EventsFor(result.Id).Select(e => e.To));
        Assert.Equal(0, f.Store.UndeliveredCount);
        Assert.Equal(Money.FromMajor(10.05m, Currency.USD), f.Issuer.GetReceived("acct_merchant_1", Currency.USD));
        PaymentInvariants.AssertLedgerAgrees(f.Issuer, f.Store.Snapshot());
    }
}

public sealed class PaymentProcessorOperationTests
{
    private static readonly Money Usd10 = Money.FromMajor(10.05m, Currency.USD);

    [Fact]
    public async Task ProcessAsync_RuleDeclines_RecordsDeclineWithRuleAndNeverAsksAuthorizer()
    {
        var f = new PaymentFixture([AmountLimitRule.Maximum(Money.FromMajor(5m, Currency.USD))]);

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal(PaymentOutcome.Declined, result.Outcome);
        Assert.Equal(new DeclineInfo(DeclineCodes.AmountTooLarge, "amount_limit", "The amount 10.05 USD is above the limit of 5.00 USD.", DeclineAdvice.FixRequest, DeclineCodes.PayerMessageFor(DeclineAdvice.FixRequest)), result.Decline);
        Assert.Equal(DeclineAdvice.FixRequest, result.Advice);
        Assert.Empty(f.Issuer.GetHolds());
        await f.Dispatcher.DispatchAsync(); // events leave the payment path: deliver them first
        Assert.Equal(TransactionStatus.Declined, Assert.Single(f.Notifier.DistinctEvents()).To);
        Assert.Equal(1, f.Store.Count);
    }

    [Theory]
    [InlineData("tok_insufficient_funds", DeclineCodes.InsufficientFunds)]
    [InlineData("tok_stolen", DeclineCodes.StolenCard)]
    public async Task ProcessAsync_IssuerDeclines_RecordsDeclineByAuthorizerAndHoldsNothing(string token, string code)
    {
        var f = new PaymentFixture();
        var payer = token == "tok_stolen" ? TestInstruments.Stolen : TestInstruments.InsufficientFunds;

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request(payer: payer));

        Assert.Equal(TransactionStatus.Declined, result.Status);
        Assert.Equal((code, "in-memory"), (result.Decline!.Code, result.Decline.DeclinedBy));
        Assert.Equal(Money.Zero(Currency.USD), result.Transaction.Fee);
        Assert.Empty(f.Issuer.GetHolds());
        await f.Dispatcher.DispatchAsync(); // events leave the payment path: deliver them first
        Assert.Equal([TransactionStatus.Received, TransactionStatus.Declined], f.Notifier.EventsFor(result.Id).Select(e => e.To));
    }

    [Fact]
    public async Task ProcessAsync_SameKeySameRequest_ReplaysWithoutSecondAuthorization()
    {
        var f = new PaymentFixture(wrap: i => new ScriptedAuthorizer(i));
        var auth = (ScriptedAuthorizer)f.Authorizer;
        var first = await f.Processor.ProcessAsync(PaymentFixture.Request());

        var second = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.True(second.Replayed);
        Assert.False(first.Replayed);
        Assert.Equal(first.Transaction, second.Transaction);
        Assert.Single(auth.Calls, c => c.Operation == AuthorizerOperation.Authorize);
    }

    [Fact]
    public async Task ProcessAsync_SameKeyDifferentRequest_ThrowsNamingFieldsAndChangesNothing()
    {
        var f = new PaymentFixture();
        var first = await f.Processor.ProcessAsync(PaymentFixture.Request());

        var changed = PaymentFixture.Request(amount: Money.FromMajor(10.06m, Currency.USD)) with { Payee = "acct_other" };
        var ex = await Assert.ThrowsAsync<IdempotencyConflictException>(() => f.Processor.ProcessAsync(changed).AsTask());

        Assert.Equal(["Amount", "Payee"], ex.DifferingFields);
        Assert.Equal(first.Id, ex.TransactionId);
        Assert.Equal(first.Transaction, await f.Processor.GetAsync("merchant-1", first.Id));
        Assert.Single(f.Issuer.GetHolds());
    }

    [Fact]
    public async Task ProcessAsync_64ConcurrentCallsWithOneKey_AuthorizeExactlyOnce()
    {
        var f = new PaymentFixture(wrap: i => new ScriptedAuthorizer(i));
        var auth = (ScriptedAuthorizer)f.Authorizer;
        using var start = new ManualResetEventSlim();

        var tasks = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await f.Processor.ProcessAsync(PaymentFixture.Request());
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(tasks);

        Assert.Single(auth.Calls, c => c.Operation == AuthorizerOperation.Authorize);
        Assert.Single(auth.Calls, c => c.Operation == AuthorizerOperation.Capture);
        Assert.Single(results, r => !r.Replayed);
        Assert.All(results, r => Assert.Equal(results[0].Id, r.Id));
        Assert.Equal(1, f.Store.Count);
        var hold = Assert.Single(f.Issuer.GetHolds()).Value;
        Assert.Equal(Usd10, hold.Captured);
        PaymentInvariants.AssertLedgerAgrees(f.Issuer, f.Store.Snapshot());
    }

    [Theory]
    [InlineData("JPY", "1500")] // 0 decimals
    [InlineData("USD", "15.99")] // 2 decimals
    [InlineData("KWD", "1.234")] // 3 decimals
    [InlineData("CLF", "0.0002")] // 4 decimals
    public async Task ProcessAsync_CurrencyExponents_EndToEndExact(string code, string major)
    {
        var currency = Currency.FromCode(code);
        var amount = Money.Parse(major, currency);
        var f = new PaymentFixture([FeeRule.For(currency, 0.015m)]);

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request(amount: amount));
        var refund = await f.Processor.RefundAsync("merchant-1", result.Id, Money.FromMinor(1, currency), "r1");

        Assert.Equal(TransactionStatus.PartiallyRefunded, refund.Status);
        Assert.Equal(amount, refund.Transaction.Captured);
        Assert.Equal(Money.FromMinor(1, currency), refund.Transaction.Refunded);
        Assert.Equal(amount.MultiplyByRate(0.015m), refund.Transaction.Fee);
        Assert.Equal(amount - Money.FromMinor(1, currency), f.Issuer.GetReceived("acct_merchant_1", currency));
        PaymentInvariants.AssertLedgerAgrees(f.Issuer, f.Store.Snapshot());
    }

    [Fact]
    public async Task CaptureAsync_PartialCapture_CapturesLessAndReleasesRestOfHold()
    {
        var f = new PaymentFixture();
        var authorized = await f.Processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));
        var available = f.Issuer.GetAvailable("tok_approve", Currency.USD);
        Assert.Equal(Usd10, f.Issuer.GetHeld("tok_approve", Currency.USD));

        var captured = await f.Processor.CaptureAsync("merchant-1", authorized.Id, Money.FromMajor(4m, Currency.USD));

        Assert.Equal((TransactionStatus.Captured, Usd10, Money.FromMajor(4m, Currency.USD)), (captured.Status, captured.Transaction.Authorized, captured.Transaction.Captured));
        Assert.Equal(Money.Zero(Currency.USD), f.Issuer.GetHeld("tok_approve", Currency.USD));
        Assert.Equal(available + Money.FromMajor(6.05m, Currency.USD), f.Issuer.GetAvailable("tok_approve", Currency.USD));
    }

    [Fact]
    public async Task CaptureAsync_MoreThanAuthorized_ThrowsValidationAndCapturesNothing()
    {
        var f = new PaymentFixture();
        var authorized = await f.Processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));

        var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => f.Processor.CaptureAsync("merchant-1", authorized.Id, Money.FromMajor(10.06m, Currency.USD)).AsTask());

        Assert.Equal(("Amount", ValidationRules.WithinRemaining), (ex.Field, ex.Rule));
        Assert.Equal(authorized.Transaction, await f.Processor.GetAsync("merchant-1", authorized.Id));
    }

    [Fact]
    public async Task CaptureAsync_OtherCurrency_ThrowsValidation()
    {
        var f = new PaymentFixture();
        var authorized = await f.Processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));

        var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => f.Processor.CaptureAsync("merchant-1", authorized.Id, Money.FromMajor(1m, Currency.EUR)).AsTask());

        Assert.Equal(ValidationRules.SameCurrency, ex.Rule);
    }

    [Fact]
    public async Task CaptureAsync_Twice_SecondIsReplayed()
    {
        var f = new PaymentFixture();
        var authorized = await f.Processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));
        var first = await f.Processor.CaptureAsync("merchant-1", authorized.Id);

        var second = await f.Processor.CaptureAsync("merchant-1", authorized.Id);

        Assert.True(second.Replayed);
        Assert.Equal(first.Transaction, second.Transaction);
    }

    [Fact]
    public async Task CaptureAsync_UnknownId_ThrowsNotFound()
    {
        var f = new PaymentFixture();
        var id = TransactionId.For("m", "nope");

        var ex = await Assert.ThrowsAsync<TransactionNotFoundException>(() => f.Processor.CaptureAsync("merchant-1", id).AsTask());

        Assert.Equal(id, ex.TransactionId);
    }

    [Fact]
    public async Task VoidAsync_Authorized_ReleasesHoldAndTellsEveryone()
    {
        var f = new PaymentFixture();
        var authorized = await f.Processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));

        var voided = await f.Processor.VoidAsync("merchant-1", authorized.Id);
        var again = await f.Processor.VoidAsync("merchant-1", authorized.Id);

        Assert.Equal((PaymentOperation.Void, PaymentOutcome.Approved, TransactionStatus.Voided), (voided.Operation, voided.Outcome, voided.Status));
        Assert.True(again.Replayed);
        await f.Dispatcher.DispatchAsync();
        Assert.Equal(Money.Zero(Currency.USD), f.Issuer.GetHeld("tok_approve", Currency.USD));
        Assert.Equal(HoldState.Voided, f.Issuer.GetHold("merchant-1", "order-1")!.State);
        await f.Dispatcher.DispatchAsync(); // events leave the payment path: deliver them first
        Assert.Equal(TransactionStatus.Voided, f.Notifier.EventsFor(voided.Id)[^1].To);
    }

    [Fact]
    public async Task RefundAsync_PartialThenRest_EndsRefundedWithHistory()
    {
        var f = new PaymentFixture();
        var captured = await f.Processor.ProcessAsync(PaymentFixture.Request());

        var part = await f.Processor.RefundAsync("merchant-1", captured.Id, Money.FromMajor(5m, Currency.USD), "r1");
        var rest = await f.Processor.RefundAsync("merchant-1", captured.Id, Money.FromMajor(5.05m, Currency.USD), "r2");

        Assert.Equal(TransactionStatus.PartiallyRefunded, part.Status);
        Assert.Equal((TransactionStatus.Refunded, Usd10), (rest.Status, rest.Transaction.Refunded));
        Assert.Equal(
            [TransactionStatus.Received, TransactionStatus.Authorized, TransactionStatus.Captured, TransactionStatus.PartiallyRefunded, TransactionStatus.Refunded],
            rest.Transaction.History.Select(h => h.To));
        Assert.Equal(Money.Zero(Currency.USD), f.Issuer.GetReceived("acct_merchant_1", Currency.USD));
        Assert.Null(rest.Transaction.Pending);
        PaymentInvariants.AssertLedgerAgrees(f.Issuer, f.Store.Snapshot());
    }

    [Fact]
    public async Task RefundAsync_SameKeyAgain_ReplaysWithoutRefundingTwice()
    {
        var f = new PaymentFixture();
        var captured = await f.Processor.ProcessAsync(PaymentFixture.Request());
        var first = await f.Processor.RefundAsync("merchant-1", captured.Id, Money.FromMajor(1m, Currency.USD), "r1");

        var again = await f.Processor.RefundAsync("merchant-1", captured.Id, Money.FromMajor(1m, Currency.USD), "r1");

        Assert.True(again.Replayed);
        Assert.Equal(Money.FromMajor(1m, Currency.USD), again.Transaction.Refunded);
        Assert.Equal(first.Transaction, again.Transaction);
    }

    [Fact]
    public async Task RefundAsync_SameKeyOtherAmount_ThrowsConflict()
    {
        var f = new PaymentFixture();
        var captured = await f.Processor.ProcessAsync(PaymentFixture.Request());
        await f.Processor.RefundAsync("merchant-1", captured.Id, Money.FromMajor(1m, Currency.USD), "r1");

        var ex = await Assert.ThrowsAsync<IdempotencyConflictException>(() => f.Processor.RefundAsync("merchant-1", captured.Id, Money.FromMajor(2m, Currency.USD), "r1").AsTask());

        Assert.Equal(["Amount"], ex.DifferingFields);
    }

    [Fact]
    public async Task RefundAsync_MoreThanRefundable_ThrowsValidationAndRefundsNothing()
    {
        var f = new PaymentFixture();
        var captured = await f.Processor.ProcessAsync(PaymentFixture.Request());
        await f.Processor.RefundAsync("merchant-1", captured.Id, Money.FromMajor(10m, Currency.USD), "r1");

        var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => f.Processor.RefundAsync("merchant-1", captured.Id, Money.FromMajor(0.06m, Currency.USD), "r2").AsTask());

        Assert.Equal(("Amount", ValidationRules.WithinRemaining), (ex.Field, ex.Rule));
        Assert.Equal(Money.FromMajor(10m, Currency.USD), (await f.Processor.GetAsync("merchant-1", captured.Id))!.Refunded);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task RefundAsync_BlankKey_ThrowsValidation(string key)
    {
        var f = new PaymentFixture();
        var captured = await f.Processor.ProcessAsync(PaymentFixture.Request());

        var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => f.Processor.RefundAsync("merchant-1", captured.Id, Money.FromMajor(1m, Currency.USD), key).AsTask());

        Assert.Equal(("refundKey", ValidationRules.Required), (ex.Field, ex.Rule));
    }

    [Fact]
    public async Task ProcessAsync_AuthorizerGranularity_RefusesAmountBreakingIt()
    {
        var issuer = new InMemoryAuthorizer(new InMemoryAuthorizerOptions { AmountGranularities = { new AmountGranularity(Currency.KWD, 10) } });
        var f = new PaymentFixture(issuer: issuer);

        var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => f.Processor.ProcessAsync(PaymentFixture.Request(amount: Money.Parse("1.235", Currency.KWD))).AsTask());
        var ok = await f.Processor.ProcessAsync(PaymentFixture.Request(key: "ok", amount: Money.Parse("1.230", Currency.KWD)));

        Assert.Equal(("Amount", ValidationRules.AuthorizerGranularity), (ex.Field, ex.Rule));
        Assert.Contains("0.010 KWD", ex.Message, StringComparison.Ordinal);
        Assert.Equal(PaymentOutcome.Approved, ok.Outcome);
        Assert.Equal(1, f.Store.Count);
    }

    [Fact]
    public async Task ProcessAsync_NotifierFails_PaymentSucceedsAndOutboxDeliversLater()
    {
        var flaky = new FlakyNotifier { FailuresLeft = 3 };
        var f = new PaymentFixture();
        var processor = new PaymentProcessor([], f.Issuer, f.Store, null, f.Time);

        var dispatcher = new global::PaymentCore.Outbox.OutboxDispatcher(f.Store, [flaky], null, f.Time);

        var result = await processor.ProcessAsync(PaymentFixture.Request());
        Assert.Equal(PaymentOutcome.Approved, result.Outcome);
        Assert.Equal(3, f.Store.UndeliveredCount); // received, authorized, captured: committed, not yet delivered

        var first = await dispatcher.DispatchAsync(); // the notifier fails on its first three calls: each event backs off
        Assert.Equal((0, 3, 0), (first.Delivered, first.Failed, first.DeadLettered));
        Assert.Equal(0, (await dispatcher.DispatchAsync()).Delivered); // not due again yet
        f.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(3, (await dispatcher.DispatchAsync()).Delivered);

        Assert.Equal(0, f.Store.UndeliveredCount);
        Assert.Equal([1L, 2L, 3L], flaky.Delivered.Select(e => e.Version).Order());
    }

    [Fact]
    public async Task ProcessAsync_TransientFailureInstrument_FailsWithoutHold()
    {
        var f = new PaymentFixture();

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request(payer: TestInstruments.TransientFailure));

        Assert.Equal((PaymentOutcome.Failed, "issuer_unavailable"), (result.Outcome, result.FailureReason));
        Assert.Empty(f.Issuer.GetHolds());
    }

    [Fact]
    public async Task ProcessAsync_VelocityRule_CountsPayerActivityInWindow()
    {
        var f = new PaymentFixture([new VelocityRule(TimeSpan.FromHours(1), maxCount: 2)]);

        var r1 = await f.Processor.ProcessAsync(PaymentFixture.Request(key: "a"));
        var r2 = await f.Processor.ProcessAsync(PaymentFixture.Request(key: "b"));
        var r3 = await f.Processor.ProcessAsync(PaymentFixture.Request(key: "c"));
        f.Time.Advance(TimeSpan.FromHours(1));
        var r4 = await f.Processor.ProcessAsync(PaymentFixture.Request(key: "d"));

        Assert.Equal([PaymentOutcome.Approved, PaymentOutcome.Approved, PaymentOutcome.Declined, PaymentOutcome.Approved], new[] { r1, r2, r3, r4 }.Select(r => r.Outcome));
        Assert.Equal(("velocity", DeclineCodes.VelocityCountExceeded), (r3.Decline!.DeclinedBy, r3.Decline.Code));
    }

    private sealed class FlakyNotifier : INotifier
    {
        public int FailuresLeft { get; set; }

        public List<PaymentEvent> Delivered { get; } = [];

        public ValueTask NotifyAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
        {
            if (FailuresLeft-- > 0)
            {
                throw new IOException("webhook endpoint down");
            }

            Delivered.Add(paymentEvent);
            return ValueTask.CompletedTask;
        }
    }
}
