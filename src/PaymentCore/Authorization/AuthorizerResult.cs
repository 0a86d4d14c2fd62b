namespace PaymentCore.Authorization;

/// <summary>An authorizer's answer to one operation.</summary>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct AuthorizerResult
{
    private AuthorizerResult(AuthorizerOutcome outcome, string? authorizationCode, string? code, string? message)
    {
        Outcome = outcome;
        AuthorizationCode = authorizationCode;
        Code = code;
        Message = message;
    }

    /// <summary>Gets the outcome.</summary>
    public AuthorizerOutcome Outcome { get; }

    /// <summary>Gets the authorization code of an approved authorization.</summary>
    public string? AuthorizationCode { get; }

    /// <summary>Gets the decline or failure code.</summary>
    public string? Code { get; }

    /// <summary>Gets a sentence for people.</summary>
    public string? Message { get; }

    /// <summary>Gets whether the operation was done.</summary>
    public bool IsApproved => Outcome == AuthorizerOutcome.Approved;

    /// <summary>The operation was done.</summary>
    /// <param name="authorizationCode">The authorization code, for an authorization.</param>
    /// <returns>The result.</returns>
    public static AuthorizerResult Approved(string? authorizationCode = null) => new(AuthorizerOutcome.Approved, authorizationCode, null, null);

    /// <summary>The issuer or authorizer refused.</summary>
    /// <param name="code">A decline code, such as <see cref="DeclineCodes.InsufficientFunds"/>.</param>
    /// <param name="message">A sentence for people.</param>
    /// <returns>The result.</returns>
    public static AuthorizerResult Declined(string code, string? message = null) => new(AuthorizerOutcome.Declined, null, code, message ?? code);

    /// <summary>Not done; sending it again may succeed.</summary>
    /// <param name="code">A failure code.</param>
    /// <param name="message">A sentence for people.</param>
    /// <returns>The result.</returns>
    public static AuthorizerResult TransientFailure(string code, string? message = null) => new(AuthorizerOutcome.TransientFailure, null, code, message ?? code);

    /// <summary>Not done; sending it again will not succeed.</summary>
    /// <param name="code">A failure code.</param>
    /// <param name="message">A sentence for people.</param>
    /// <returns>The result.</returns>
    public static AuthorizerResult PermanentFailure(string code, string? message = null) => new(AuthorizerOutcome.PermanentFailure, null, code, message ?? code);

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
}
