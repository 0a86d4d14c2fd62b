namespace PaymentCore.Authorization;

/// <summary>
/// A gateway, acquirer or bank that authorizes, captures, voids and refunds. Every operation carries an
/// idempotency key: an authorizer must answer a repeated operation with its first outcome and not perform it twice.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe. Return a result rather than throwing for every answer the authorizer
/// gives (declines and failures are results); map a timeout or lost response to
/// <see cref="AuthorizerOutcome.Unknown"/>, never to a failure, because the operation may have been done.
/// </remarks>
public interface IAuthorizer
{
    /// <summary>Gets the authorizer's name, recorded with the authorization and reported when it declines.</summary>
    string Name { get; }

    /// <summary>Gets rounding rules stricter than ISO 4217 that this authorizer enforces.</summary>
    /// <value>Empty by default.</value>
    IReadOnlyList<AmountGranularity> AmountGranularities => [];

    /// <summary>Holds <see cref="AuthorizerRequest.Amount"/> on the payer's instrument.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome; with the authorization code when approved.</returns>
    ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default);

    /// <summary>Takes <see cref="AuthorizerRequest.Amount"/> of the held funds and releases the rest.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default);

    /// <summary>Releases the hold without taking funds.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default);

    /// <summary>Returns <see cref="AuthorizerRequest.Amount"/> of the captured funds to the payer.</summary>
    /// <param name="request">The operation; its idempotency key is the refund's own.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks for the outcome of an operation sent earlier: how unknown outcomes are resolved. It receives the original
    /// request with its key. A gateway with a status lookup answers from it; a gateway without one (Stripe has no
    /// lookup by idempotency key) may send <paramref name="request"/> again with the same key, which its idempotency
    /// layer answers with the first outcome without doing the operation twice. An <see cref="ISaleAuthorizer"/> is also
    /// asked about its sales (<see cref="AuthorizerOperation.Sale"/>, the sale's own key): Approved then means the money
    /// was taken.
    /// </summary>
    /// <param name="request">The operation as it was first sent, key included.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The first outcome, <see cref="AuthorizerOutcome.NotFound"/> when never seen, or <see cref="AuthorizerOutcome.Unknown"/> when the authorizer cannot tell now.</returns>
    ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes an authorization that answered <see cref="AuthorizerOutcome.AuthenticationRequired"/>: hands over
    /// the payer's authentication result (a 3-D Secure result, or whatever the challenge's page returned) and
    /// answers as <see cref="AuthorizeAsync"/> would, usually Approved or Declined. The request is the original
    /// authorization, key included. Authorizers that never ask for authentication need not implement it: the
    /// default refuses (<see cref="AuthorizerOutcome.PermanentFailure"/>, nothing held).
    /// </summary>
    /// <param name="request">The authorization, as first sent.</param>
    /// <param name="authenticationResult">What the payer's authentication returned; never logged.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The authorization's outcome.</returns>
    ValueTask<AuthorizerResult> CompleteAuthenticationAsync(AuthorizerRequest request, string authenticationResult, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(AuthorizerResult.PermanentFailure("authentication_not_supported", "This authorizer does not complete authentications."));
}
