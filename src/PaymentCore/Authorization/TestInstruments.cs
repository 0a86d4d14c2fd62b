using PaymentCore.Payments;
using PaymentCore.Transactions;

namespace PaymentCore.Authorization;

/// <summary>
/// Card instruments whose behaviour <see cref="InMemoryAuthorizer"/> documents and guarantees, for samples and
/// tests. Any other token gets an account with <see cref="InMemoryAuthorizerOptions.DefaultBalanceMajorUnits"/>.
/// </summary>
public static class TestInstruments
{
    /// <summary>Approves (a well-funded account).</summary>
    public static PaymentInstrument Approves { get; } = PaymentInstrument.Card("tok_approve", "visa", "424242", "4242");

    /// <summary>Declines with <see cref="DeclineCodes.InsufficientFunds"/>: its balance is zero.</summary>
    public static PaymentInstrument InsufficientFunds { get; } = PaymentInstrument.Card("tok_insufficient_funds", "visa", "400000", "9995");

    /// <summary>Declines with <see cref="DeclineCodes.StolenCard"/>.</summary>
    public static PaymentInstrument Stolen { get; } = PaymentInstrument.Card("tok_stolen", "visa", "400000", "9979");

    /// <summary>Fails every operation with a transient failure (as a gateway's 503 would), doing nothing.</summary>
    public static PaymentInstrument TransientFailure { get; } = PaymentInstrument.Card("tok_transient_failure", "mastercard", "510000", "0119");
}
