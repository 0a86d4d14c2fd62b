using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Resilience;
using PaymentCore.Telemetry;
using PaymentCore.Transactions;

namespace PaymentCore.Authorization;

/// <summary>
/// Sends operations to the authorizers of a route: one retry policy per operation, failover for authorizations
/// that were never sent, and a status query before anything is sent again after an unknown outcome. It never
/// guesses: an answer it cannot get stays <see cref="AuthorizerOutcome.Unknown"/>.
/// </summary>
/// <remarks>Thread-safe: immutable after construction.</remarks>
internal sealed class AuthorizerRoute
{
    // After an unknown outcome the authorizer is asked; "never seen" allows a resend with the same key. Bounded, so
    // an authorizer that keeps losing requests ends in a recorded state instead of a loop.
    private const int MaxResendsAfterNotFound = 2;

    // Cached once: the policy receives a static callback and a struct state, so the no-fault path allocates no closure.
    private static readonly Func<Attempt, CancellationToken, ValueTask<AuthorizerResult>> SendOnce =
        static (attempt, cancellationToken) => attempt.Route.CallAsync(attempt, cancellationToken);

    private readonly IAuthorizer[] _authorizers;
    private readonly RetryPolicy[] _policies;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PaymentCoreMetrics _metrics;
    private readonly Dictionary<Currency, long> _granularity = [];

    public AuthorizerRoute(IReadOnlyList<IAuthorizer> authorizers, PaymentProcessorOptions options, TimeProvider time, ILogger logger, PaymentCoreMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(authorizers);
        if (authorizers.Count == 0 || authorizers.Any(a => a is null))
        {
            throw new ArgumentException("At least one authorizer, and no null, is required.", nameof(authorizers));
        }

        if (authorizers.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != authorizers.Count)
        {
            throw new ArgumentException("Authorizer names must be distinct: records name the authorizer that holds the authorization.", nameof(authorizers));
        }

        _authorizers = [.. authorizers];
        // Indexed by operation. A sale is retried as the authorization it starts with: same policy, same key.
        var authorize = options.Authorize.ToPolicy();
        _policies = [authorize, options.Capture.ToPolicy(), options.Void.ToPolicy(), options.Refund.ToPolicy(), authorize];
        _time = time;
        _logger = logger;
        _metrics = metrics;
        foreach (var g in _authorizers[0].AmountGranularities)
        {
            _granularity[g.Currency] = g.MinorUnitStep;
        }
    }

    public int Count => _authorizers.Length;

    public string NameOf(int index) => _authorizers[index].Name;

    /// <summary>Refuses an amount the first authorizer of the route cannot take (stricter steps than ISO 4217).</summary>
    public void CheckGranularity(Money amount)
    {
        if (_granularity.Count > 0 && _granularity.TryGetValue(amount.Currency, out var step) && !amount.IsMultipleOf(step))
        {
            throw new PaymentValidationException(new ValidationError(
                "Amount",
                ValidationRules.AuthorizerGranularity,
                $"The authorizer '{_authorizers[0].Name}' takes {amount.Currency} only in steps of {Money.FromMinor(step, amount.Currency)}; {amount} is not a multiple."));
        }
    }

    /// <summary>The route index of the authorizer that holds the authorization; the first when not recorded.</summary>
    public int HolderOf(TransactionRecord record)
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

    /// <summary>The request of the operation in flight on <paramref name="record"/> (the authorization for a Received record).</summary>
    public static AuthorizerRequest RequestFor(TransactionRecord record)
    {
        if (record.Pending is not { } pending || pending.Operation == AuthorizerOperation.Authorize)
        {
            return new AuthorizerRequest(AuthorizerOperation.Authorize, record.Id, OperationKeys.Authorize(record.Id), record.Amount, record.Request);
        }

        return new AuthorizerRequest(pending.Operation, record.Id, pending.AuthorizerKey, pending.Amount, record.Request, record.AuthorizationCode, record.AuthorizationReference, pending.FinalCapture);
    }

    /// <summary>Whether the authorizer at <paramref name="index"/> takes <paramref name="payment"/> as a one-step sale.</summary>
    public bool SellsAt(int index, PaymentRequest payment) =>
        payment.CaptureMode == CaptureMode.Automatic && _authorizers[index] is ISaleAuthorizer seller && seller.SupportsSale(payment);

    /// <summary>
    /// The first operation of a payment awaiting it, as sent to the authorizer at <paramref name="index"/>: the sale when
    /// the record chose it (<see cref="SaleIntent"/>) and that authorizer sells the payment, else the authorization.
    /// Deterministic, so recovery asks each authorizer about what the live path sent it.
    /// </summary>
    public AuthorizerRequest FirstOperationAt(TransactionRecord record, int index) =>
        SaleIntent.Of(record) && SellsAt(index, record.Request)
            ? new AuthorizerRequest(AuthorizerOperation.Sale, record.Id, OperationKeys.Sale(record.Id), record.Amount, record.Request)
            : new AuthorizerRequest(AuthorizerOperation.Authorize, record.Id, OperationKeys.Authorize(record.Id), record.Amount, record.Request);

    /// <summary>
    /// Sends one operation under its retry policy: transient failures are retried on the same authorizer with the
    /// same key; an unreachable authorizer passes an authorization to the next of the route; an unknown outcome is
    /// resolved by a status query before anything is sent again.
    /// </summary>
    /// <param name="request">The operation.</param>
    /// <param name="index">The route index of the authorizer to send it to.</param>
    /// <param name="saleIntent">Whether the record chose the sale (<see cref="SaleIntent"/>): failover then picks the sale or the authorization per authorizer.</param>
    public async ValueTask<Sent> SendAsync(AuthorizerRequest request, int index, bool saleIntent = false)
    {
        var policy = _policies[(int)request.Operation];
        var resends = 0;
        while (true)
        {
            // The attempt counter is allocated only while someone listens to the retries counter.
            var attempts = _metrics.AuthorizerRetries.Enabled ? new StrongBox<int>() : null;
            var result = await policy.ExecuteAsync(SendOnce, new Attempt(this, request, index, attempts), _time, CancellationToken.None).ConfigureAwait(false);
            switch (RetryPolicy.Decide(result))
            {
                case RetryDecision.TryNextAuthorizer when request.Operation is AuthorizerOperation.Authorize or AuthorizerOperation.Sale && index + 1 < _authorizers.Length:
                    // Not sent: no hold exists at this authorizer, so the next one cannot double-charge. A payment
                    // whose record chose the sale goes to each authorizer as FirstOperationAt says (the sale where it
                    // sells the payment, else the authorization), which is what recovery asks each one about.
                    index++;
                    if (saleIntent)
                    {
                        request = SellsAt(index, request.Payment)
                            ? request with { Operation = AuthorizerOperation.Sale, IdempotencyKey = OperationKeys.Sale(request.TransactionId) }
                            : request with { Operation = AuthorizerOperation.Authorize, IdempotencyKey = OperationKeys.Authorize(request.TransactionId) };
                    }

                    continue;
                case RetryDecision.ResolveByQuery:
                    // A status query is not an authorization: the verification code goes to the authorization only.
                    var answer = await QueryAsync(index, request with { VerificationCode = null }).ConfigureAwait(false);
                    if (answer.Outcome == AuthorizerOutcome.NotFound && resends++ < MaxResendsAfterNotFound)
                    {
                        continue; // never seen: not done, so sending again with the same key cannot do it twice
                    }

                    return answer.Outcome is AuthorizerOutcome.Approved or AuthorizerOutcome.Declined or AuthorizerOutcome.PermanentFailure or AuthorizerOutcome.AuthenticationRequired
                        ? new Sent(answer, index)
                        : new Sent(result, index); // still unknown (a "never seen" after resends is not proof it was not done)
                default:
                    return new Sent(result, index);
            }
        }
    }

    /// <summary>The index of the authorizer of that name, or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < _authorizers.Length; i++)
        {
            if (string.Equals(_authorizers[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Hands the payer's authentication result to the authorizer that asked for it; an exception is an unknown answer (it may have authorized).</summary>
    public async ValueTask<AuthorizerResult> CompleteAuthenticationAsync(int index, AuthorizerRequest request, string authenticationResult)
    {
        var authorizer = _authorizers[index];
        try
        {
            return await authorizer.CompleteAuthenticationAsync(request, authenticationResult, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any exception from a plug-in authorizer leaves the authorization's outcome unknown: recovery asks.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning(ex, "Authorizer {Authorizer} threw completing the authentication of {TransactionId}; the outcome is unknown until it is asked.", authorizer.Name, request.TransactionId);
            return AuthorizerResult.Unknown("authorizer_exception", ex.GetType().Name);
        }
    }

    /// <summary>Asks one authorizer for the outcome of an operation; an exception is an unknown answer.</summary>
    public async ValueTask<AuthorizerResult> QueryAsync(int index, AuthorizerRequest request)
    {
        var authorizer = _authorizers[index];
        using var activity = PaymentCoreActivities.StartAuthorizerCall(authorizer.Name, request.Operation, query: true, request.TransactionId);
        try
        {
            var answer = await authorizer.QueryAsync(request, CancellationToken.None).ConfigureAwait(false);
            activity?.SetTag("paymentcore.outcome", PaymentCoreMetrics.OutcomeName(answer.Outcome));
            return answer;
        }
#pragma warning disable CA1031 // A failed query tells nothing: the outcome stays unknown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Ids and the exception's type only: a plug-in's message may quote the request.
            PaymentCoreLog.AuthorizerQueryThrew(_logger, authorizer.Name, ex.GetType().Name, request.Operation, request.TransactionId);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            return AuthorizerResult.Unknown("query_exception", ex.GetType().Name);
        }
    }

    /// <summary>Sends one attempt. An exception from the authorizer means its outcome is unknown: it may have been done.</summary>
    private async ValueTask<AuthorizerResult> CallAsync(Attempt attempt, CancellationToken cancellationToken)
    {
        var (request, authorizer) = (attempt.Request, _authorizers[attempt.Index]);
        if (attempt.Count is { } count && count.Value++ > 0)
        {
            _metrics.RecordAuthorizerRetry(authorizer.Name, request.Operation);
        }

        using var activity = PaymentCoreActivities.StartAuthorizerCall(authorizer.Name, request.Operation, query: false, request.TransactionId);
        var started = _time.GetTimestamp();
        AuthorizerResult result;
        try
        {
            result = request.Operation switch
            {
                AuthorizerOperation.Authorize => await authorizer.AuthorizeAsync(request, cancellationToken).ConfigureAwait(false),
                AuthorizerOperation.Capture => await authorizer.CaptureAsync(request, cancellationToken).ConfigureAwait(false),
                AuthorizerOperation.Void => await authorizer.VoidAsync(request, cancellationToken).ConfigureAwait(false),
                AuthorizerOperation.Sale => await ((ISaleAuthorizer)authorizer).SaleAsync(request, cancellationToken).ConfigureAwait(false), // sent only where SellsAt said so
                _ => await authorizer.RefundAsync(request, cancellationToken).ConfigureAwait(false),
            };
        }
#pragma warning disable CA1031 // Any exception from a plug-in authorizer (a timeout's cancellation included) leaves the outcome unknown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Ids and the exception's type only: a plug-in's message may quote the request (card data included).
            PaymentCoreLog.AuthorizerThrew(_logger, authorizer.Name, ex.GetType().Name, request.Operation, request.TransactionId);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            result = AuthorizerResult.Unknown("authorizer_exception", ex.GetType().Name);
        }

        _metrics.RecordAuthorizerCall(authorizer.Name, request.Operation, result.Outcome, _time.GetElapsedTime(started));
        activity?.SetTag("paymentcore.outcome", PaymentCoreMetrics.OutcomeName(result.Outcome));
        return result;
    }

    /// <summary>The state of one attempt: a struct, so the cached static callback needs no closure.</summary>
    private readonly record struct Attempt(AuthorizerRoute Route, AuthorizerRequest Request, int Index, StrongBox<int>? Count);
}

/// <summary>The final answer of a send and the route index of the authorizer that gave it.</summary>
internal readonly record struct Sent(AuthorizerResult Result, int Index);
