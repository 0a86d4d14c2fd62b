using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Testing.Authorization;
using PaymentCore.Transactions;

namespace PaymentCore.Testing.Tests;

public sealed class ScriptedAuthorizerTests
{
    private static AuthorizerRequest Authorize(string key) => new(
        AuthorizerOperation.Authorize,
        TransactionId.For("m", key),
        key,
        Money.FromMajor(5m, Currency.EUR),
        new PaymentRequest { IdempotencyKey = key, MerchantId = "m", Amount = Money.FromMajor(5m, Currency.EUR), Payer = TestInstruments.Approves, Payee = "payee" });

    [Fact]
    public async Task TimeoutAfterProcessing_DoesTheWorkButAnswersUnknown()
    {
        var issuer = new InMemoryAuthorizer();
        var scripted = new ScriptedAuthorizer(issuer).Then(AuthorizerOperation.Authorize, ScriptStep.TimeoutAfterProcessing);

        var first = await scripted.AuthorizeAsync(Authorize("k"));
        var query = await scripted.QueryAsync(Authorize("k"));

        Assert.Equal(AuthorizerOutcome.Unknown, first.Outcome);
        Assert.Equal(AuthorizerOutcome.Approved, query.Outcome);
        Assert.Equal(HoldState.Held, issuer.GetHold("m", "k")!.State);
    }

    [Fact]
    public async Task TimeoutBeforeSending_DoesNothing()
    {
        var issuer = new InMemoryAuthorizer();
        var scripted = new ScriptedAuthorizer(issuer).Then(AuthorizerOperation.Authorize, ScriptStep.TimeoutBeforeSending);

        var first = await scripted.AuthorizeAsync(Authorize("k"));

        Assert.Equal(AuthorizerOutcome.Unknown, first.Outcome);
        Assert.Equal(AuthorizerOutcome.NotFound, (await scripted.QueryAsync(Authorize("k"))).Outcome);
        Assert.Null(issuer.GetHold("m", "k"));
    }

    [Fact]
    public async Task Script_IsConsumedInOrderThenPassesThrough()
    {
        var scripted = new ScriptedAuthorizer().Then(AuthorizerOperation.Authorize, ScriptStep.TransientFailure, ScriptStep.Unreachable);

        var outcomes = new List<AuthorizerOutcome>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add((await scripted.AuthorizeAsync(Authorize("k"))).Outcome);
        }

        Assert.Equal([AuthorizerOutcome.TransientFailure, AuthorizerOutcome.Unreachable, AuthorizerOutcome.Approved], outcomes);
        Assert.Equal([ScriptStep.TransientFailure, ScriptStep.Unreachable, ScriptStep.PassThrough], scripted.Calls.Select(c => c.Step));
    }

    [Fact]
    public async Task Throw_Throws() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => new ScriptedAuthorizer().Then(AuthorizerOperation.Authorize, ScriptStep.Throw).AuthorizeAsync(Authorize("k")).AsTask());
}
