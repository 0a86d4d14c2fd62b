using System.Collections.Immutable;
using PaymentCore.Authorization;

namespace PaymentCore.StepUp;

/// <summary>
/// A payment's step-up, as recorded on <see cref="Transactions.TransactionRecord.StepUp"/>: what asked for it, the
/// challenge the payer must answer (a built-in authenticator's, or the authorizer's), and every answer given, by
/// confirm key. It holds a one-time code's keyed hash at most, never a code.
/// </summary>
/// <remarks>Immutable; safe to share between threads. Created and changed by the processor only.</remarks>
public sealed record StepUpState
{
    /// <summary>The method name of the authorizer's own challenge.</summary>
    public const string AuthorizerMethod = "authorizer";

    /// <summary>Gets what asked for the step-up.</summary>
    public required StepUpTrigger Trigger { get; init; }

    /// <summary>Gets the rule's name, or the authorizer's, that asked for it.</summary>
    public required string RequestedBy { get; init; }

    /// <summary>Gets why (the rule's reason, or <c>authentication_required</c>).</summary>
    public required string Reason { get; init; }

    /// <summary>Gets the authenticator method the rule asked for, or <see langword="null"/> for the first that can challenge the payer.</summary>
    public string? RequestedMethod { get; init; }

    /// <summary>Gets the challenge of a built-in authenticator; <see langword="null"/> for the authorizer's, and until it is issued.</summary>
    public StepUpChallenge? Challenge { get; init; }

    /// <summary>Gets the authorizer's challenge, when it asked.</summary>
    public AuthenticationChallenge? AuthorizerChallenge { get; init; }

    /// <summary>Gets when the step-up stops accepting answers; recovery ends the payment Failed after it.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Gets whether the payer stepped up (or, for the authorizer's challenge, whether the answer was handed to it): the authorization may then go.</summary>
    public bool Satisfied { get; init; }

    /// <summary>Gets every answer given, oldest first.</summary>
    public ImmutableArray<StepUpConfirmation> Confirmations { get; init; } = [];

    /// <summary>Gets the method: the authenticator's, <see cref="AuthorizerMethod"/>, or <see langword="null"/> before a challenge is issued.</summary>
    public string? Method => Trigger == StepUpTrigger.Authorizer ? AuthorizerMethod : Challenge?.Method;

    /// <summary>Gets whether the payer has a challenge to answer.</summary>
    public bool IsIssued => Trigger == StepUpTrigger.Authorizer || Challenge is not null;

    /// <summary>The answer recorded under a confirm key, or <see langword="null"/>.</summary>
    internal StepUpConfirmation? ConfirmationFor(string key)
    {
        foreach (var confirmation in Confirmations)
        {
            if (string.Equals(confirmation.Key, key, StringComparison.Ordinal))
            {
                return confirmation;
            }
        }

        return null;
    }

    /// <summary>What the payer must do now; <see langword="null"/> when nothing (satisfied, or not issued yet).</summary>
    internal StepUpNextAction? NextAction(string? message = null)
    {
        if (Satisfied || !IsIssued)
        {
            return null;
        }

        if (Trigger == StepUpTrigger.Authorizer)
        {
            return new StepUpNextAction(StepUpActionKind.CompleteAuthorizerChallenge, AuthorizerMethod, ExpiresAt, 1, AuthorizerChallenge?.RedirectUrl, AuthorizerChallenge?.Payload, message);
        }

        var challenge = Challenge!;
        var kind = challenge.Method switch
        {
            OneTimeCodeAuthenticator.MethodName => StepUpActionKind.EnterSentCode,
            "totp" => StepUpActionKind.EnterAuthenticatorCode,
            _ => StepUpActionKind.EnterCode,
        };
        return new StepUpNextAction(kind, challenge.Method, challenge.ExpiresAt, challenge.AttemptsLeft, Message: message);
    }

    /// <summary>Compares every field, the answers by content.</summary>
    /// <param name="other">The other state.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(StepUpState? other) =>
        other is not null
        && Trigger == other.Trigger
        && string.Equals(RequestedBy, other.RequestedBy, StringComparison.Ordinal)
        && string.Equals(Reason, other.Reason, StringComparison.Ordinal)
        && string.Equals(RequestedMethod, other.RequestedMethod, StringComparison.Ordinal)
        && Equals(Challenge, other.Challenge)
        && Equals(AuthorizerChallenge, other.AuthorizerChallenge)
        && ExpiresAt == other.ExpiresAt
        && Satisfied == other.Satisfied
        && Confirmations.AsSpan().SequenceEqual(other.Confirmations.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Trigger, RequestedBy, ExpiresAt, Satisfied, Confirmations.Length);
}
