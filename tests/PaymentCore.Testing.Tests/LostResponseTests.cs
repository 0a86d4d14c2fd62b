using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing.Assertions;
using PaymentCore.Testing.Authorization;
using PaymentCore.Testing;
using PaymentCore.Transactions;
using Xunit;

namespace PaymentCore.Testing.Tests;

// The code of src/PaymentCore.Testing/README.md (the package README on NuGet), run here so it is known to pass;
// tests/PaymentCore.Docs.Tests compiles the README block itself against the packed packages.
public class LostResponseTests
{
    [Fact]
    public async Task LostAuthorizationResponse_IsNotAuthorizedTwice()
    {
        var issuer = new InMemoryAuthorizer();
        var authorizer = new ScriptedAuthorizer(issuer).Then(AuthorizerOperation.Authorize, ScriptStep.TimeoutAfterProcessing);
        var processor = new PaymentProcessor([], authorizer, new InMemoryTransactionStore(), null, new FakeTimeProvider());

        var result = await processor.ProcessAsync(new PaymentRequest
        {
            IdempotencyKey = "order-1",
            MerchantId = "shop",
            Amount = Money.FromMajor(10.05m, Currency.USD),
            Payer = TestInstruments.Approves,
            Payee = "acct_shop",
        });

        Assert.Equal((PaymentOutcome.Approved, TransactionStatus.Captured), (result.Outcome, result.Status));
        Assert.Single(authorizer.Calls, c => c.Operation == AuthorizerOperation.Authorize);
        PaymentInvariants.AssertConsistent(result.Transaction);
        PaymentInvariants.AssertLedgerAgrees(issuer, [result.Transaction]);
    }
}
