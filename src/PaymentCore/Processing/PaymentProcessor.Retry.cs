using Microsoft.Extensions.Logging;
using PaymentCore.Authorization;

namespace PaymentCore;

public sealed partial class PaymentProcessor
{
    // After an unknown outcome the authorizer is asked; "never seen" allows a resend with the same key. Bounded, so
    // an authorizer that keeps losing requests ends in a recorded state instead of a loop.
    private const int MaxResendsAfterNotFound = 2;

    // Cached once: the policy receives a static callback and a struct state, so the no-fault path allocates no closure.
    private static readonly Func<Attempt, CancellationToken, ValueTask<AuthorizerResult>> SendOnce =
        static (attempt, cancellationToken) => attempt.Processor.CallAuthorizerAsync(attempt, cancellationToken);

    /// <summary>
    /// Sends one operation under its retry policy, following <see cref="RetryPolicy.Decide"/>: transient failures
    /// are retried on the same authorizer with the same key; an unreachable authorizer passes an authorization to
    /// the next of the route; an unknown outcome is resolved by a status query before anything is sent again.
    /// </summary>
    private async ValueTask<Sent> SendAsync(AuthorizerOperation operation, TransactionRecord record, Money amount, string key, RetryPolicy policy, int index)
    {
        var resends = 0;
        while (true)
        {
            var result = await policy.ExecuteAsync(SendOnce, new Attempt(this, operation, record, amount, key, index), _time, CancellationToken.None).ConfigureAwait(false);
            switch (RetryPolicy.Decide(result.Outcome))
            {
                case RetryDecision.TryNextAuthorizer when operation == AuthorizerOperation.Authorize && index + 1 < _authorizers.Length:
                    // Not sent: no hold exists at this authorizer, so the next one cannot double-charge.
                    index++;
                    continue;
                case RetryDecision.ResolveByQuery:
                    var answer = await QueryAsync(index, operation, record.MerchantId, key).ConfigureAwait(false);
                    if (answer.Outcome == AuthorizerOutcome.NotFound && resends++ < MaxResendsAfterNotFound)
                    {
                        continue; // never seen: not done, so sending again with the same key cannot do it twice
                    }

                    return answer.Outcome is AuthorizerOutcome.Approved or AuthorizerOutcome.Declined or AuthorizerOutcome.PermanentFailure or AuthorizerOutcome.NotFound
                        ? new Sent(answer, index)
                        : new Sent(result, index);
                default:
                    return new Sent(result, index);
            }
        }
    }

    /// <summary>Sends one attempt. An exception from the authorizer means its outcome is unknown: it may have been done.</summary>
    private async ValueTask<AuthorizerResult> CallAuthorizerAsync(Attempt attempt, CancellationToken cancellationToken)
    {
        var record = attempt.Record;
        var authorizer = _authorizers[attempt.Index];
        var request = new AuthorizerRequest(attempt.Operation, record.Id, record.MerchantId, attempt.Key, attempt.Amount, record.Request.Payer, record.Request.Payee, record.AuthorizationCode);
        try
        {
            return attempt.Operation switch
            {
                AuthorizerOperation.Authorize => await authorizer.AuthorizeAsync(request, cancellationToken).ConfigureAwait(false),
                AuthorizerOperation.Capture => await authorizer.CaptureAsync(request, cancellationToken).ConfigureAwait(false),
                AuthorizerOperation.Void => await authorizer.VoidAsync(request, cancellationToken).ConfigureAwait(false),
                _ => await authorizer.RefundAsync(request, cancellationToken).ConfigureAwait(false),
            };
        }
#pragma warning disable CA1031 // Any exception from a plug-in authorizer (a timeout's cancellation included) leaves the outcome unknown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning(ex, "Authorizer {Authorizer} threw on {Operation} of {TransactionId}; the outcome is unknown until it is asked.", authorizer.Name, attempt.Operation, record.Id);
            return AuthorizerResult.Unknown("authorizer_exception", ex.Message);
        }
    }

    /// <summary>Asks one authorizer for the outcome of an operation by key; an exception is an unknown answer.</summary>
    private async ValueTask<AuthorizerResult> QueryAsync(int index, AuthorizerOperation operation, string merchantId, string key)
    {
        var authorizer = _authorizers[index];
        try
        {
            return await authorizer.QueryAsync(operation, merchantId, key, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed query tells nothing: the outcome stays unknown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The key is caller text (an idempotency or operation key): log it masked, never whole (issue 12).
            _logger.LogWarning(ex, "Authorizer {Authorizer} threw on a status query of {Operation} (key {Key}).", authorizer.Name, operation, PaymentCore.DataProtection.Redaction.Mask(key));
            return AuthorizerResult.Unknown("query_exception", ex.Message);
        }
    }

    /// <summary>The route index of the authorizer that holds the authorization; the first when not recorded.</summary>
    private int HolderIndex(TransactionRecord record)
    {
        if (record.Authorizer is { } name)
        {
            for (var i = 0; i < _authorizers.Length; i++)
            {
                if (string.Equals(_authorizers[i].Name, name, StringComparison.Ordinal))
                {
                    return i;
                }
            }
        }

        return 0;
    }

    /// <summary>The state of one attempt: a struct, so the cached static callback needs no closure.</summary>
    private readonly record struct Attempt(PaymentProcessor Processor, AuthorizerOperation Operation, TransactionRecord Record, Money Amount, string Key, int Index);

    /// <summary>The final answer of a send and the route index of the authorizer that gave it.</summary>
    private readonly record struct Sent(AuthorizerResult Result, int Index);
}
