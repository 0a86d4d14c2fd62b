using System.Text;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.StepUp.Totp.Tests;

// Issue 13: TOTP as the processor's step-up, falling back to a sent code for payers who did not enrol.
public sealed class TotpProcessorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("12345678901234567890");

    private readonly FakeTimeProvider _time = new(T0);
    private readonly InMemoryTotpSecretStore _secrets = new();
    private readonly InMemoryOneTimeCodeNotifier _sms = new();
    private readonly InMemoryAuthorizer _issuer = new();
    private readonly PaymentProcessor _processor;

    public TotpProcessorTests()
    {
        _secrets.Enrol(TestInstruments.Approves.Token, Secret);
        IStepUpAuthenticator[] authenticators = [new TotpAuthenticator(_secrets, timeProvider: _time), new OneTimeCodeAuthenticator(_sms, new OneTimeCodeOptions { HashKey = new byte[32] }, _time)];
        _processor = new PaymentProcessor([new StepUpRule([Money.FromMajor(30m, Currency.EUR)])], _issuer, new InMemoryTransactionStore(), null, _time, null, stepUpAuthenticators: authenticators);
    }

    private static PaymentRequest Request(string key, PaymentInstrument payer) => new()
    {
        IdempotencyKey = key,
        MerchantId = "m1",
        Amount = Money.FromMajor(80m, Currency.EUR),
        Payer = payer,
        Payee = "acct_1",
        CaptureMode = CaptureMode.Manual,
    };

    [Fact]
    public async Task Confirm_EnrolledPayerTypesTheAppCode_Authorizes_AndTheSameCodeCannotServeAgain()
    {
        var waiting = await _processor.ProcessAsync(Request("p1", TestInstruments.Approves));
        Assert.Equal((PaymentOutcome.RequiresAction, StepUpActionKind.EnterAuthenticatorCode), (waiting.Outcome, waiting.NextAction!.Kind));
        Assert.Empty(_sms.Sent);
        var code = new OtpNet.Totp(Secret).ComputeTotp(T0.UtcDateTime);

        var result = await _processor.ConfirmStepUpAsync("m1", waiting.Id, code, "c1");
        Assert.Equal((PaymentOutcome.Approved, TransactionStatus.Authorized), (result.Outcome, result.Status));

        // A second payment in the same 30 seconds: the code seen over the payer's shoulder is refused and costs a try.
        var second = await _processor.ProcessAsync(Request("p2", TestInstruments.Approves));
        var replay = await _processor.ConfirmStepUpAsync("m1", second.Id, code, "c2");
        Assert.Equal((PaymentOutcome.RequiresAction, 4), (replay.Outcome, replay.NextAction!.AttemptsLeft));
        Assert.Contains("already used", replay.NextAction.Message, StringComparison.Ordinal);
        Assert.Single(_issuer.GetHolds());
    }

    [Fact]
    public async Task Process_PayerWithoutEnrolment_FallsBackToASentCode()
    {
        var payer = PaymentInstrument.Card("tok_not_enrolled", "visa", "424242", "4242");

        var waiting = await _processor.ProcessAsync(Request("p3", payer));

        Assert.Equal((StepUpActionKind.EnterSentCode, OneTimeCodeAuthenticator.MethodName), (waiting.NextAction!.Kind, waiting.NextAction.Method));
        Assert.Single(_sms.Sent);
    }
}
