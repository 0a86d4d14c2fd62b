using PaymentCore.Transactions;

namespace PaymentCore.Authorization;

/// <summary>An authorizer's answer to one operation.</summary>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct AuthorizerResult
{
    private AuthorizerResult(AuthorizerOutcome outcome, string? authorizationCode, string? code, string? message, DeclineAdvice? advice = null, string? reference = null, AuthenticationChallenge? challenge = null)
    {
        Challenge = challenge;
        Outcome = outcome;
        AuthorizationCode = authorizationCode;
        Code = code;
        Message = message;
        Advice = advice;
        Reference = reference;
    }

    /// <summary>Gets the outcome.</summary>
    public AuthorizerOutcome Outcome { get; }

    /// <summary>Gets the authorization code of an approved authorization.</summary>
    public string? AuthorizationCode { get; }

    /// <summary>Gets the decline or failure code.</summary>
    public string? Code { get; }

    /// <summary>Gets a sentence for people.</summary>
    public string? Message { get; }

    /// <summary>Gets the advice the authorizer gave with a decline or failure (mapped from its network's codes), if any.</summary>
    public DeclineAdvice? Advice { get; }

    /// <summary>Gets the authorizer's own reference for the operation (a charge, capture or refund id), if it gave one; the record keeps it.</summary>
    public string? Reference { get; }

    /// <summary>Returns this result with the authorizer's reference for the operation.</summary>
    /// <param name="reference">The reference.</param>
    /// <returns>The result.</returns>
    public AuthorizerResult WithReference(string? reference) => new(Outcome, AuthorizationCode, Code, Message, Advice, reference, Challenge);

    /// <summary>Gets how the payer must authenticate, when <see cref="Outcome"/> is <see cref="AuthorizerOutcome.AuthenticationRequired"/>.</summary>
    public AuthenticationChallenge? Challenge { get; }

    /// <summary>Gets whether the operation was done.</summary>
    public bool IsApproved => Outcome == AuthorizerOutcome.Approved;

    /// <summary>The operation was done.</summary>
    /// <param name="authorizationCode">The authorization code, for an authorization.</param>
    /// <returns>The result.</returns>
    /// <param name="reference">The authorizer's reference for the operation, if any.</param>
    public static AuthorizerResult Approved(string? authorizationCode = null, string? reference = null) => new(AuthorizerOutcome.Approved, authorizationCode, null, null, null, reference);

    /// <summary>The issuer or authorizer refused.</summary>
    /// <param name="code">A decline code, such as <see cref="DeclineCodes.InsufficientFunds"/>.</param>
    /// <param name="message">A sentence for people.</param>
    /// <returns>The result.</returns>
    /// <param name="advice">What to do next; <see cref="DeclineCodes.AdviceFor"/> of the code when <see langword="null"/>.</param>
    public static AuthorizerResult Declined(string code, string? message = null, DeclineAdvice? advice = null) => new(AuthorizerOutcome.Declined, null, code, message ?? code, advice);

    /// <summary>Not done; sending it again may succeed.</summary>
    /// <param name="code">A failure code.</param>
    /// <param name="message">A sentence for people.</param>
    /// <returns>The result.</returns>
    public static AuthorizerResult TransientFailure(string code, string? message = null) => new(AuthorizerOutcome.TransientFailure, null, code, message ?? code);

    /// <summary>Not done; sending it again will not succeed.</summary>
    /// <param name="code">A failure code.</param>
    /// <param name="message">A sentence for people.</param>
    /// <returns>The result.</returns>
    /// <param name="advice">What to do next; <see cref="DeclineAdvice.DoNotRetry"/> when <see langword="null"/>.</param>
    public static AuthorizerResult PermanentFailure(string code, string? message = null, DeclineAdvice? advice = null) => new(AuthorizerOutcome.PermanentFailure, null, code, message ?? code, advice);

    /// <summary>Not sent; another authorizer may be tried.</summary>
    /// <param name="code">A failure code.</param>
    /// <param name="message">A sentence for people.</param>
    /// <returns>The result.</returns>
    public static AuthorizerResult Unreachable(string code, string? message = null) => new(AuthorizerOutcome.Unreachable, null, code, message ?? code);

    /// <summary>Sent, but the outcome is unknown.</summary>
    /// <param name="code">A failure code, such as <c>timeout</c>.</param>
    /// <param name="message">A sentence for people.</param>
    /// <returns>The result.</returns>
    public static AuthorizerResult Unknown(string code, string? message = null) => new(AuthorizerOutcome.Unknown, null, code, message ?? code);

    /// <summary>A status query found no such operation.</summary>
    /// <returns>The result.</returns>
    public static AuthorizerResult NotFound() => new(AuthorizerOutcome.NotFound, null, "not_found", "The authorizer has no such operation.");

    /// <summary>Not done yet: the payer must authenticate first (3-D Secure, Stripe's <c>requires_action</c>).</summary>
    /// <param name="challenge">How: a redirect URL, a payload for the authorizer's SDK, or both.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="challenge"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The challenge has neither a redirect URL nor a payload, or its payload is too long.</exception>
    public static AuthorizerResult AuthenticationRequired(AuthenticationChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (challenge.RedirectUrl is null && string.IsNullOrEmpty(challenge.Payload))
        {
            throw new ArgumentException("An authentication challenge needs a redirect URL or a payload.", nameof(challenge));
        }

        if (challenge.Payload is { Length: > AuthenticationChallenge.MaxPayloadLength } payload)
        {
            throw new ArgumentException($"The challenge payload has {payload.Length} characters; at most {AuthenticationChallenge.MaxPayloadLength} are allowed.", nameof(challenge));
        }

        return new(AuthorizerOutcome.AuthenticationRequired, null, "authentication_required", "The payer must authenticate.", null, challenge.Reference, challenge);
    }
}
