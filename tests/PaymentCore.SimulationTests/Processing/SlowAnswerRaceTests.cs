using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.SimulationTests.Processing;

/// <summary>
/// An answer slower than <see cref="PaymentProcessorOptions.RecoverAfter"/>: recovery in another instance takes the
/// operation up, the authorizer refuses it, and recovery records the refusal. The caller, whose own write then
/// loses the race, must be told what the record says about its operation, not Approved (issue 9, honest outcomes).
/// </summary>
public sealed class SlowAnswerRaceTests
{
    [Fact]
    public async Task CaptureAsync_Issue9_RecoveryRecordedTheRefusalFirst_ResultIsDeclinedNotApproved()
    {
        var (caller, otherInstance, time, gate) = Build(refuse: true);
        var paid = await caller.ProcessAsync(Request());
        Assert.Equal(PaymentOutcome.Approved, paid.Outcome);

        var capture = caller.CaptureAsync("merchant-1", paid.Id).AsTask();
        Assert.False(capture.IsCompleted); // the capture's answer is slow
        time.Advance(TimeSpan.FromMinutes(2));
        var summary = await otherInstance.RecoverAsync();
        Assert.Equal(1, summary.Declined);
        gate.SetResult();
        var result = await capture;

        Assert.Equal(PaymentOutcome.Declined, result.Outcome);
        Assert.Equal(TransactionStatus.Authorized, result.Status);
        Assert.Null(result.Transaction.Pending);
        Assert.True(result.Transaction.History[^1].Refused);
    }

    [Fact]
    public async Task CaptureAsync_Issue9_RecoveryRecordedTheCaptureFirst_ResultIsApproved()
    {
        var (caller, otherInstance, time, gate) = Build(refuse: false);
        var paid = await caller.ProcessAsync(Request());

        var capture = caller.CaptureAsync("merchant-1", paid.Id).AsTask();
        time.Advance(TimeSpan.FromMinutes(2));
        var summary = await otherInstance.RecoverAsync();
        Assert.Equal(1, summary.Captured);
        gate.SetResult();
        var result = await capture;

        Assert.Equal(PaymentOutcome.Approved, result.Outcome);
        Assert.Equal(TransactionStatus.Captured, result.Status);
        Assert.Equal(paid.Transaction.Authorized, result.Transaction.Captured);
    }

    private static (PaymentProcessor Caller, PaymentProcessor OtherInstance, FakeTimeProvider Time, TaskCompletionSource Gate) Build(bool refuse)
    {
        var time = new FakeTimeProvider();
        var gate = new TaskCompletionSource();
        var authorizer = new SlowFirstCapture(new InMemoryAuthorizer(), gate, refuse);
        var store = new InMemoryTransactionStore();
        var options = Options.Create(new PaymentProcessorOptions { RecoverAfter = TimeSpan.FromMinutes(1) });
        return (new PaymentProcessor([], authorizer, store, options, time), new PaymentProcessor([], authorizer, store, options, time), time, gate);
    }

    private static PaymentRequest Request() => new()
    {
        IdempotencyKey = "order-slow",
        MerchantId = "merchant-1",
        Amount = Money.FromMinor(5000, Currency.USD),
        Payer = TestInstruments.Approves,
        Payee = "acct_shop",
        CaptureMode = CaptureMode.Manual,
    };

    /// <summary>The first capture reaches the issuer only when the gate opens; with <c>refuse</c> every capture is refused.</summary>
    private sealed class SlowFirstCapture(InMemoryAuthorizer inner, TaskCompletionSource gate, bool refuse) : IAuthorizer
    {
        private int _captures;

        public string Name => inner.Name;

        public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.AuthorizeAsync(request, cancellationToken);

        public async ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _captures) == 1)
            {
                await gate.Task;
            }

            return refuse ? AuthorizerResult.Declined("authorization_expired", "The authorization expired.", DeclineAdvice.DoNotRetry) : await inner.CaptureAsync(request, cancellationToken);
        }

        public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.VoidAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.RefundAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.QueryAsync(request, cancellationToken);
    }
}
