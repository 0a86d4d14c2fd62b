using PaymentCore.Payments;

namespace PaymentCore.Authorization;

/// <summary>
/// An authorizer that can also authorize and capture in one operation (a one-step sale, Stripe's automatic
/// capture, an acquirer's "sale" or "purchase" message). The processor uses it for a payment in
/// <see cref="CaptureMode.Automatic"/> when <see cref="SupportsSale"/> says so: the payment then costs two store
/// writes instead of three, and one authorizer round trip instead of two (docs/reliability.md, "One-step sale").
/// </summary>
/// <remarks>
/// <para>
/// A separate interface rather than a default member of <see cref="IAuthorizer"/>: an authorizer offers the sale only
/// by implementing it, on purpose; no default could do a sale honestly (an authorization and a capture under one key
/// are two operations, and a refusing default would make every caller check a flag anyway). A wrapper (a logging or
/// fault-injecting decorator) that implements only <see cref="IAuthorizer"/> hides the capability, and the payment
/// then takes the two-step path: the safe side.
/// </para>
/// <para>
/// The sale has its own idempotency key (<see cref="OperationKeys.Sale"/>) and its own operation,
/// <see cref="AuthorizerOperation.Sale"/>. <see cref="IAuthorizer.QueryAsync"/> must resolve it: given the sale's
/// request, answer its first outcome (Approved means the money was taken, with the authorization code and
/// reference), <see cref="AuthorizerOutcome.NotFound"/> when never seen, or <see cref="AuthorizerOutcome.Unknown"/>.
/// Recovery asks exactly that before it records anything, because after a sale the money may already be taken.
/// </para>
/// <para>
/// <see cref="SupportsSale"/> must be a pure function of the payment and the authorizer's fixed configuration (the
/// instrument's kind, the currency), not a switch flipped at run time: recovery asks the question the live path
/// would have sent to each authorizer of the route, so an authorizer that stopped offering the sale while one was in
/// flight would be asked about an authorization instead. Implementations must be thread-safe.
/// </para>
/// </remarks>
public interface ISaleAuthorizer : IAuthorizer
{
    /// <summary>Says whether this authorizer takes <paramref name="payment"/> as a one-step sale.</summary>
    /// <param name="payment">The payment, in <see cref="CaptureMode.Automatic"/>.</param>
    /// <returns><see langword="true"/> to be sent <see cref="SaleAsync"/>; <see langword="false"/> for the authorization and a capture after it.</returns>
    bool SupportsSale(PaymentRequest payment);

    /// <summary>
    /// Authorizes <see cref="AuthorizerRequest.Amount"/> and captures all of it, in one operation: either both are
    /// done or neither. Answer as <see cref="IAuthorizer.AuthorizeAsync"/> would (Declined, TransientFailure,
    /// AuthenticationRequired…); map a timeout or lost response to <see cref="AuthorizerOutcome.Unknown"/>, since the
    /// money may have been taken. A repeat with the same key answers the first outcome and takes nothing twice.
    /// </summary>
    /// <param name="request">The sale: <see cref="AuthorizerOperation.Sale"/>, its own key, the whole amount, and the card verification code when the caller gave one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome; with the authorization code and the authorizer's reference when approved.</returns>
    ValueTask<AuthorizerResult> SaleAsync(AuthorizerRequest request, CancellationToken cancellationToken = default);
}
