using System.Collections.Concurrent;
using PaymentCore.Authorization;
using PaymentCore.Batch;
using PaymentCore.Monetary;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.StepUp;
using PaymentCore.Storage;
using PaymentCore.Testing.Time;
using PaymentCore.Tests.Batch;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Processing;

// Issue 13: the authorizer's own challenge (3-D Secure, Stripe's requires_action), and batch items that never step up.
public sealed class AuthorizerChallengeTests
{
    private static readonly Uri Acs = new("https://acs.example/challenge/1");

    private readonly FastForwardTimeProvider _time = new();
    private readonly InMemoryTransactionStore _store = new();
    private readonly ChallengingAuthorizer _authorizer = new(new InMemoryAuthorizer());

    private PaymentProcessor Processor(params IPaymentRule[] rules) => new(rules, _authorizer, _store, null, _time);

    [Fact]
    public async Task Process_AuthorizerAsksToAuthenticate_RequiresActionWithTheRedirectAndPayload()
    {
        var result = await Processor().ProcessAsync(PaymentFixture.Request());

        Assert.Equal((PaymentOutcome.RequiresAction, TransactionStatus.RequiresAction), (result.Outcome, result.Status));
        var next = result.NextAction!;
        Assert.Equal((StepUpActionKind.CompleteAuthorizerChallenge, StepUpState.AuthorizerMethod, Acs, "creq-1"), (next.Kind, next.Method, next.RedirectUrl, next.Payload));
        Assert.Equal(_time.GetUtcNow() + StepUpCoordinator.AuthorizerChallengeLifetime, next.ExpiresAt);
        Assert.Equal((StepUpTrigger.Authorizer, _authorizer.Name), (result.Transaction.StepUp!.Trigger, result.Transaction.StepUp.RequestedBy));
        Assert.Empty(_authorizer.Inner.GetHolds());
    }

    [Fact]
    public async Task Confirm_AuthenticationResult_IsForwardedAndAuthorizes()
    {
        var processor = Processor();
        var waiting = await processor.ProcessAsync(PaymentFixture.Request());

        var result = await processor.ConfirmStepUpAsync("merchant-1", waiting.Id, "AUTH-OK", "confirm-1");

        Assert.Equal((PaymentOutcome.Approved, TransactionStatus.Captured), (result.Outcome, result.Status));
        Assert.Equal(["AUTH-OK"], _authorizer.Forwarded);
        Assert.Single(_authorizer.Inner.GetHolds());
    }

    [Fact]
    public async Task Confirm_AuthenticationRefused_DeclinesWithAdvice()
    {
        var processor = Processor();
        var waiting = await processor.ProcessAsync(PaymentFixture.Request());

        var result = await processor.ConfirmStepUpAsync("merchant-1", waiting.Id, "AUTH-FAILED", "confirm-1");

        Assert.Equal((PaymentOutcome.Declined, DeclineCodes.AuthenticationFailed, DeclineAdvice.UseAnotherInstrument), (result.Outcome, result.Decline!.Code, result.Advice));
        Assert.Empty(_authorizer.Inner.GetHolds());
    }

    [Fact]
    public async Task Recover_ExpiredChallengeTheAuthorizerNeverCompleted_EndsFailed()
    {
        var processor = Processor();
        var waiting = await processor.ProcessAsync(PaymentFixture.Request());
        _time.Advance(StepUpCoordinator.AuthorizerChallengeLifetime);

        var summary = await processor.RecoverAsync();

        Assert.Equal(1, summary.Failed);
        Assert.Equal((TransactionStatus.Failed, "step_up_expired"), ((await _store.GetAsync(waiting.Id))!.Status, (await _store.GetAsync(waiting.Id))!.FailureReason));
    }

    [Fact]
    public async Task Recover_ExpiredChallengeThePayerCompletedAtTheBank_RecordsTheAuthorization()
    {
        var processor = Processor();
        var waiting = await processor.ProcessAsync(PaymentFixture.Request());
        await _authorizer.CompleteAuthenticationAsync(AuthorizerRoute.RequestFor(waiting.Transaction), "AUTH-OK"); // the redirect back was lost
        _time.Advance(StepUpCoordinator.AuthorizerChallengeLifetime);

        await processor.RecoverAsync();

        var record = (await _store.GetAsync(waiting.Id))!;
        Assert.NotEqual(TransactionStatus.Failed, record.Status);
        Assert.Equal(record.Amount, record.Authorized); // the hold the issuer has is recorded, never left behind
    }

    [Fact]
    public async Task Batch_RuleAsksForStepUp_RejectsTheItemWithAg01AndMovesNoMoney()
    {
        var issuer = new InMemoryAuthorizer();
        var processor = new PaymentProcessor([new StepUpRule([Money.FromMajor(30m, Currency.EUR)])], issuer, _store, null, _time);
        var items = new List<BatchItem> { BatchFixture.Item("SMALL", Money.FromMajor(20m, Currency.EUR)), BatchFixture.Item("LARGE", Money.FromMajor(250m, Currency.EUR)) };
        var results = new ConcurrentBag<BatchItemResult>();

        await new BatchProcessor(processor, null, _time).ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items), onItemResult: r => { results.Add(r); return ValueTask.CompletedTask; });

        var large = Assert.Single(results, r => r.Item.EndToEndId == "LARGE");
        Assert.Equal((BatchItemStatus.Rejected, BatchReasonCodes.TransactionForbidden), (large.Status, large.ReasonCode));
        Assert.Contains("a batch item cannot step up", large.Reason, StringComparison.Ordinal);
        Assert.Equal(TransactionStatus.Declined, large.Payment!.Value.Status);
        Assert.Equal(BatchItemStatus.Succeeded, Assert.Single(results, r => r.Item.EndToEndId == "SMALL").Status);
        Assert.Single(issuer.GetHolds());
    }

    [Fact]
    public async Task Batch_AuthorizerAsksToAuthenticate_RejectsTheItemInsteadOfWaiting()
    {
        var processor = Processor();
        var items = new List<BatchItem> { BatchFixture.Item("ONE", Money.FromMajor(20m, Currency.EUR)) };
        var results = new ConcurrentBag<BatchItemResult>();

        await new BatchProcessor(processor, null, _time).ProcessBatchAsync(BatchFixture.Header(items), new ListSource(items), onItemResult: r => { results.Add(r); return ValueTask.CompletedTask; });

        var item = Assert.Single(results);
        Assert.Equal((BatchItemStatus.Rejected, BatchReasonCodes.TransactionForbidden), (item.Status, item.ReasonCode));
        Assert.Equal(TransactionStatus.Declined, item.Payment!.Value.Status);
    }

    /// <summary>Asks for authentication on every first authorization; completes it on "AUTH-OK".</summary>
    private sealed class ChallengingAuthorizer(InMemoryAuthorizer inner) : IAuthorizer
    {
        private readonly ConcurrentQueue<string> _forwarded = new();

        public InMemoryAuthorizer Inner => inner;

        public IReadOnlyList<string> Forwarded => [.. _forwarded];

        public string Name => "acquirer-3ds";

        public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(AuthorizerResult.AuthenticationRequired(new AuthenticationChallenge(Acs, "creq-1")));

        public ValueTask<AuthorizerResult> CompleteAuthenticationAsync(AuthorizerRequest request, string authenticationResult, CancellationToken cancellationToken = default)
        {
            _forwarded.Enqueue(authenticationResult);
            return authenticationResult == "AUTH-OK"
                ? inner.AuthorizeAsync(request, cancellationToken)
                : ValueTask.FromResult(AuthorizerResult.AuthenticationRequired(new AuthenticationChallenge(Acs, "creq-2")));
        }

        public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.CaptureAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.VoidAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.RefundAsync(request, cancellationToken);

        public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => inner.QueryAsync(request, cancellationToken);
    }
}
