using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Resilience;
using PaymentCore.Testing.Authorization;
using PaymentCore.Testing.Time;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Processing;

public sealed class RetryTests
{
    [Theory]
    [InlineData(AuthorizerOutcome.Approved, nameof(RetryDecision.Done))]
    [InlineData(AuthorizerOutcome.TransientFailure, nameof(RetryDecision.RetrySameAuthorizer))]
    [InlineData(AuthorizerOutcome.NotFound, nameof(RetryDecision.RetrySameAuthorizer))]
    [InlineData(AuthorizerOutcome.Unreachable, nameof(RetryDecision.TryNextAuthorizer))]
    [InlineData(AuthorizerOutcome.Unknown, nameof(RetryDecision.ResolveByQuery))]
    [InlineData(AuthorizerOutcome.Declined, nameof(RetryDecision.NeverRetry))]
    [InlineData(AuthorizerOutcome.PermanentFailure, nameof(RetryDecision.NeverRetry))]
    public void Decide_EveryOutcome_MapsToOneDecision(AuthorizerOutcome outcome, string expected) =>
        Assert.Equal(Enum.Parse<RetryDecision>(expected), RetryPolicy.Decide(outcome)); // by name: RetryDecision is internal (issue 10)

    [Fact]
    public void Decide_CoversEveryOutcome() =>
        Assert.All(Enum.GetValues<AuthorizerOutcome>(), o => Assert.True(Enum.IsDefined(RetryPolicy.Decide(o))));

    [Fact]
    public void GetDelay_ImmediateAndFixed_AreConstant()
    {
        Assert.Equal(TimeSpan.Zero, RetryPolicy.Immediate(3).GetDelay(2, TimeSpan.Zero, 0.7));
        Assert.Equal(TimeSpan.FromSeconds(2), RetryPolicy.Fixed(3, TimeSpan.FromSeconds(2)).GetDelay(2, TimeSpan.Zero, 0.7));
    }

    [Fact]
    public void GetDelay_ExponentialWithoutJitter_GrowsByFactorUpToCap()
    {
        var policy = RetryPolicy.Exponential(10, TimeSpan.FromMilliseconds(100), 2, TimeSpan.FromSeconds(1), RetryJitter.None);

        Assert.Equal(
            [100, 200, 400, 800, 1000, 1000],
            Enumerable.Range(1, 6).Select(a => policy.GetDelay(a, TimeSpan.Zero, 0.5).TotalMilliseconds));
    }

    [Fact]
    public void GetDelay_HugeAttempt_ClampsToCapWithoutOverflow() =>
        Assert.Equal(TimeSpan.FromSeconds(30), RetryPolicy.Exponential(100, TimeSpan.FromSeconds(1), 10, TimeSpan.FromSeconds(30), RetryJitter.None).GetDelay(100, TimeSpan.Zero, 0));

    [Fact]
    public void GetDelay_Jitter_StaysWithinBounds_1000Cases()
    {
        const int seed = 20261121;
        var random = new Random(seed);
        for (var i = 0; i < 1000; i++)
        {
            var baseDelay = TimeSpan.FromMilliseconds(random.Next(0, 1000));
            var cap = baseDelay + TimeSpan.FromMilliseconds(random.Next(0, 60_000));
            var factor = 1 + (random.NextDouble() * 9);
            var attempt = random.Next(1, 100);
            var previous = TimeSpan.FromMilliseconds(random.Next(0, 120_000));
            var r = random.NextDouble();
            var full = RetryPolicy.Exponential(100, baseDelay, factor, cap, RetryJitter.Full).GetDelay(attempt, previous, r);
            var decorrelated = RetryPolicy.Exponential(100, baseDelay, factor, cap, RetryJitter.Decorrelated).GetDelay(attempt, previous, r);

            Assert.True(full >= TimeSpan.Zero && full <= cap, $"seed {seed} case {i}: full {full} outside [0, {cap}]");
            Assert.True(decorrelated >= baseDelay && decorrelated <= cap, $"seed {seed} case {i}: decorrelated {decorrelated} outside [{baseDelay}, {cap}]");
        }
    }

    [Fact]
    public async Task ExecuteAsync_SeededRandomizer_SameSeedSameWaits()
    {
        static async Task<TimeSpan> WaitedAsync(int seed)
        {
            var time = new FastForwardTimeProvider();
            var start = time.GetUtcNow();
            var policy = RetryPolicy.Exponential(5, TimeSpan.FromSeconds(1), 2, TimeSpan.FromMinutes(1), RetryJitter.Full, new Random(seed).NextDouble);
            await policy.ExecuteAsync(static (_, _) => new ValueTask<AuthorizerResult>(AuthorizerResult.TransientFailure("busy")), 0, time);
            return time.GetUtcNow() - start;
        }

        Assert.Equal(await WaitedAsync(7), await WaitedAsync(7));
        Assert.NotEqual(await WaitedAsync(7), await WaitedAsync(8));
    }

    [Fact]
    public async Task ExecuteAsync_Deadline_StopsBeforeTheWaitWouldPassIt()
    {
        var time = new FastForwardTimeProvider();
        var policy = new RetryPolicyOptions { Backoff = RetryBackoff.Fixed, MaxAttempts = 10, Delay = TimeSpan.FromSeconds(1), Deadline = TimeSpan.FromSeconds(2.5) }.ToPolicy();
        var calls = new int[1];

        var result = await policy.ExecuteAsync(static (c, _) => { c[0]++; return new ValueTask<AuthorizerResult>(AuthorizerResult.TransientFailure("busy")); }, calls, time);

        Assert.Equal(AuthorizerOutcome.TransientFailure, result.Outcome);
        Assert.Equal(3, calls[0]); // at 0 s, 1 s, 2 s; a wait to 3 s would pass the 2.5 s deadline
    }

    [Fact]
    public async Task ExecuteAsync_AttemptTimeout_AbandonedAttemptIsUnknown()
    {
        var time = new FakeTimeProvider();
        var policy = new RetryPolicyOptions { Backoff = RetryBackoff.Immediate, MaxAttempts = 3, AttemptTimeout = TimeSpan.FromSeconds(5) }.ToPolicy();

        var pending = policy.ExecuteAsync(static async (t, ct) => { await Task.Delay(TimeSpan.FromMinutes(1), t, ct); return AuthorizerResult.Approved(); }, (TimeProvider)time, time).AsTask();
        time.Advance(TimeSpan.FromSeconds(5));
        var result = await pending;

        Assert.Equal((AuthorizerOutcome.Unknown, "attempt_timeout"), (result.Outcome, result.Code)); // never retried blindly
    }

    [Fact]
    public async Task ProcessAsync_TransientThenApproved_RetriesWithSameKeyAndWaits()
    {
        var f = new ReliabilityFixture(configure: o => { o.Authorize.Backoff = RetryBackoff.Fixed; o.Authorize.Delay = TimeSpan.FromSeconds(1); });
        f.Scripted.Then(AuthorizerOperation.Authorize, ScriptStep.TransientFailure, ScriptStep.TransientFailure);
        var start = f.Time.GetUtcNow();

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal(TransactionStatus.Captured, result.Status);
        var key = OperationKeys.Authorize(TransactionId.For("merchant-1", "order-1")); // one key per operation, the same on every retry
        Assert.Equal([key, key, key], f.Scripted.Calls.Where(c => c.Operation == AuthorizerOperation.Authorize).Select(c => c.Key));
        Assert.Equal(TimeSpan.FromSeconds(2), f.Time.GetUtcNow() - start);
        f.AssertConsistent();
    }

    [Fact]
    public async Task ProcessAsync_TransientPastAttempts_FailsWithoutHold()
    {
        var f = new ReliabilityFixture(configure: o => o.Authorize.MaxAttempts = 2);
        f.Scripted.Then(AuthorizerOperation.Authorize, ScriptStep.TransientFailure, ScriptStep.TransientFailure);

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal((PaymentOutcome.Failed, "scripted_transient"), (result.Outcome, result.FailureReason));
        Assert.Equal(2, f.Scripted.Calls.Count);
        Assert.Empty(f.Issuer.GetHolds());
    }

    [Theory]
    [InlineData(ScriptStep.Decline, PaymentOutcome.Declined)]
    [InlineData(ScriptStep.PermanentFailure, PaymentOutcome.Failed)]
    public async Task ProcessAsync_DeclineOrPermanentFailure_NeverRetried(ScriptStep step, PaymentOutcome expected)
    {
        var f = new ReliabilityFixture(configure: o => o.Authorize.MaxAttempts = 5);
        f.Scripted.Then(AuthorizerOperation.Authorize, step);

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal(expected, result.Outcome);
        Assert.Single(f.Scripted.Calls);
    }

    [Fact]
    public async Task ProcessAsync_FirstAuthorizerUnreachable_FailsOverAndLaterOperationsGoToTheHolder()
    {
        var f = new ReliabilityFixture(authorizers: 2);
        f.Route[0].Then(AuthorizerOperation.Authorize, ScriptStep.Unreachable);

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual));
        await f.Processor.CaptureAsync("merchant-1", result.Id);

        Assert.Equal("acq-b", result.Transaction.Authorizer);
        Assert.Null(f.Issuers[0].GetHold("merchant-1", "order-1"));
        Assert.Equal(HoldState.Captured, f.Issuers[1].GetHold("merchant-1", "order-1")!.State);
        Assert.DoesNotContain(f.Route[0].Calls, c => c.Operation == AuthorizerOperation.Capture);
        f.AssertConsistent();
    }

    [Fact]
    public async Task ProcessAsync_AllUnreachable_Fails()
    {
        var f = new ReliabilityFixture(authorizers: 2);
        f.Route[0].Then(AuthorizerOperation.Authorize, ScriptStep.Unreachable);
        f.Route[1].Then(AuthorizerOperation.Authorize, ScriptStep.Unreachable);

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal((PaymentOutcome.Failed, "scripted_unreachable"), (result.Outcome, result.FailureReason));
    }

    [Fact]
    public async Task ProcessAsync_TimeoutAfterCharging_ResolvedByQueryWithoutResending()
    {
        var f = new ReliabilityFixture();
        f.Scripted.Then(AuthorizerOperation.Authorize, ScriptStep.TimeoutAfterProcessing);

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal(TransactionStatus.Captured, result.Status);
        Assert.Single(f.Scripted.Calls, c => c.Operation == AuthorizerOperation.Authorize);
        f.AssertConsistent();
    }

    [Fact]
    public async Task ProcessAsync_TimeoutBeforeSending_QueryNotFoundResendsSameKey()
    {
        var f = new ReliabilityFixture();
        f.Scripted.Then(AuthorizerOperation.Authorize, ScriptStep.TimeoutBeforeSending);

        var result = await f.Processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal(TransactionStatus.Captured, result.Status);
        Assert.Equal([ScriptStep.TimeoutBeforeSending, ScriptStep.PassThrough], f.Scripted.Calls.Where(c => c.Operation == AuthorizerOperation.Authorize).Select(c => c.Step));
        var id = TransactionId.For("merchant-1", "order-1");
        Assert.All(f.Scripted.Calls, c => Assert.Equal(c.Operation == AuthorizerOperation.Authorize ? OperationKeys.Authorize(id) : OperationKeys.For(id, AuthorizerOperation.Capture, 2), c.Key));
    }

    [Fact]
    public async Task ProcessAsync_UnknownAndQueryCannotTell_RecordsUnknownOutcome()
    {
        var f = new ReliabilityFixture();
        var blind = new BlindQueries(f.Scripted);
        var processor = new PaymentProcessor([], blind, f.Store, Options.Create(f.Options), f.Time, transactionIds: f.Ids);
        f.Scripted.Then(AuthorizerOperation.Authorize, ScriptStep.TimeoutAfterProcessing);

        var result = await processor.ProcessAsync(PaymentFixture.Request());

        Assert.Equal(PaymentOutcome.Pending, result.Outcome);
        Assert.Equal((AuthorizerOperation.Authorize, true), (result.Transaction.Pending!.Operation, result.Transaction.Pending.OutcomeUnknown));
        Assert.Single(f.Scripted.Calls); // no second charge while the outcome is unknown
    }

    [Fact]
    public async Task ProcessAsync_NotifierFailsOnce_NotifyPolicyRetriesAndOutboxIsEmpty()
    {
        var f = new ReliabilityFixture();
        var flaky = new FlakyOnce();
        var outbox = new global::PaymentCore.Outbox.OutboxOptions();
        outbox.Notify.Backoff = RetryBackoff.Immediate;
        outbox.Notify.MaxAttempts = 2;
        var dispatcher = new global::PaymentCore.Outbox.OutboxDispatcher(f.Store, [flaky], Options.Create(outbox), f.Time);

        await f.Processor.ProcessAsync(PaymentFixture.Request());
        Assert.Equal(3, (await dispatcher.DispatchAsync()).Delivered); // the one retry loop, with the notify policy

        Assert.Equal(0, f.Inner.UndeliveredCount);
        Assert.Equal(3, flaky.Delivered);
    }

    [Fact]
    public void Validator_BadRetryOption_NamesTheOptionAndRange()
    {
        var options = new PaymentProcessorOptions();
        options.Capture.MaxAttempts = 0;
        options.Refund.Factor = 0.5;
        options.Void.MaxDelay = TimeSpan.FromHours(2);
        options.Authorize.Deadline = TimeSpan.FromMinutes(10);

        var ex = Assert.Throws<OptionsValidationException>(() => new PaymentProcessor([], new InMemoryAuthorizer(), new global::PaymentCore.Storage.InMemoryTransactionStore(), Options.Create(options)));

        Assert.Contains("PaymentProcessorOptions.Capture.MaxAttempts must be between 1 and 100; it is 0.", ex.Failures);
        Assert.Contains(ex.Failures, m => m.StartsWith("PaymentProcessorOptions.Refund.Factor must be between 1 and 10", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, m => m.StartsWith("PaymentProcessorOptions.Void.MaxDelay must be between", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, m => m.StartsWith("PaymentProcessorOptions.Authorize.Deadline must be less than RecoverAfter", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_DuplicateAuthorizerNames_Throws() =>
        Assert.Throws<ArgumentException>(() => new PaymentProcessor([], [new InMemoryAuthorizer(), new InMemoryAuthorizer()], new global::PaymentCore.Storage.InMemoryTransactionStore()));

    private sealed class FlakyOnce : global::PaymentCore.Notifications.INotifier
    {
        private bool _failed;

        public int Delivered { get; private set; }

        public ValueTask NotifyAsync(global::PaymentCore.Notifications.PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
        {
            if (!_failed)
            {
                _failed = true;
                throw new IOException("webhook down");
            }

            Delivered++;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>An authorizer whose status queries cannot tell (Unknown), to test unknown outcomes left for recovery.</summary>
internal sealed class BlindQueries(IAuthorizer inner) : IAuthorizer
{
    public bool Blind { get; set; } = true;

    public string Name => inner.Name;

    public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.AuthorizeAsync(request, cancellationToken);

    public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.CaptureAsync(request, cancellationToken);

    public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.VoidAsync(request, cancellationToken);

    public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.RefundAsync(request, cancellationToken);

    public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        Blind ? new(AuthorizerResult.Unknown("query_unavailable")) : inner.QueryAsync(request, cancellationToken);
}
