using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.Notifications;
using PaymentCore.Rules;
using PaymentCore.Storage;

namespace PaymentCore;

/// <summary>
/// Takes payments: validates the request, runs the rule chain, authorizes, captures, records every state change
/// with its event, and tells payer and merchant. One key, one payment: a repeated request returns the stored
/// result without a second authorization, from any instance that shares the store.
/// </summary>
/// <remarks>
/// Thread-safe: one instance serves every payment of a service. The split into partial files follows the
/// operations (capture, void, refund, recovery, notification).
/// </remarks>
public sealed partial class PaymentProcessor
{
    private readonly RuleChain _rules;
    private readonly IAuthorizer _authorizer;
    private readonly IAuthorizer[] _authorizers;
    private readonly RetryPolicy _authorizePolicy;
    private readonly RetryPolicy _capturePolicy;
    private readonly RetryPolicy _voidPolicy;
    private readonly RetryPolicy _refundPolicy;
    private readonly RetryPolicy _notifyPolicy;
    private readonly ITransactionStore _store;
    private readonly INotifier[] _notifiers;
    private readonly PaymentProcessorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<Currency, long> _granularity;

    /// <summary>Creates a processor.</summary>
    /// <param name="rules">The rules, in the order they run.</param>
    /// <param name="authorizer">The authorizer.</param>
    /// <param name="store">The store.</param>
    /// <param name="notifiers">The notifiers; every event goes to each.</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    public PaymentProcessor(
        IEnumerable<IPaymentRule> rules,
        IAuthorizer authorizer,
        ITransactionStore store,
        IEnumerable<INotifier> notifiers,
        IOptions<PaymentProcessorOptions>? options = null,
        TimeProvider? timeProvider = null,
        ILogger<PaymentProcessor>? logger = null)
        : this(rules, [authorizer ?? throw new ArgumentNullException(nameof(authorizer))], store, notifiers, options, timeProvider, logger)
    {
    }

    /// <summary>
    /// Creates a processor with a failover route: an authorization goes to the first authorizer, and to the next
    /// only when one is unreachable (the request was not sent, so no second charge is possible). Capture, void,
    /// refund and status queries go to the authorizer that holds the authorization (<see cref="TransactionRecord.Authorizer"/>).
    /// </summary>
    /// <param name="rules">The rules, in the order they run.</param>
    /// <param name="authorizers">The route, in order; at least one, with distinct names. Amount granularities are the first one's.</param>
    /// <param name="store">The store.</param>
    /// <param name="notifiers">The notifiers; every event goes to each.</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The route is empty, holds a null, or repeats a name.</exception>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public PaymentProcessor(
        IEnumerable<IPaymentRule> rules,
        IReadOnlyList<IAuthorizer> authorizers,
        ITransactionStore store,
        IEnumerable<INotifier> notifiers,
        IOptions<PaymentProcessorOptions>? options = null,
        TimeProvider? timeProvider = null,
        ILogger<PaymentProcessor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(authorizers);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(notifiers);
        if (authorizers.Count == 0 || authorizers.Any(a => a is null))
        {
            throw new ArgumentException("At least one authorizer, and no null, is required.", nameof(authorizers));
        }

        if (authorizers.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != authorizers.Count)
        {
            throw new ArgumentException("Authorizer names must be distinct: records name the authorizer that holds the authorization.", nameof(authorizers));
        }

        var authorizer = authorizers[0];
        _rules = new RuleChain(rules);
        _authorizer = authorizer;
        _authorizers = [.. authorizers];
        _store = store;
        _notifiers = [.. notifiers];
        _options = options?.Value ?? new PaymentProcessorOptions();
        var validation = new PaymentProcessorOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(PaymentProcessorOptions), typeof(PaymentProcessorOptions), validation.Failures);
        }

        _time = timeProvider ?? TimeProvider.System;
        _authorizePolicy = _options.Authorize.ToPolicy();
        _capturePolicy = _options.Capture.ToPolicy();
        _voidPolicy = _options.Void.ToPolicy();
        _refundPolicy = _options.Refund.ToPolicy();
        _notifyPolicy = _options.Notify.ToPolicy();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _granularity = [];
        foreach (var g in authorizer.AmountGranularities)
        {
            _granularity[g.Currency] = g.MinorUnitStep;
        }
    }

    /// <summary>Gets the rule chain.</summary>
    public RuleChain Rules => _rules;

    /// <summary>
    /// Takes a payment: authorizes it, and captures it too in <see cref="CaptureMode.Automatic"/>. A request
    /// whose idempotency key was used before returns the stored result (<see cref="PaymentResult.Replayed"/>)
    /// without reaching the authorizer.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">
    /// Cancels the call while nothing has been sent to the authorizer. Once an authorization is sent, the
    /// processor finishes recording its outcome even if cancelled, so no charge is left unrecorded.
    /// </param>
    /// <returns>The result: approved, declined (with the rule or authorizer that declined), failed, or pending.</returns>
    /// <exception cref="PaymentValidationException">The request broke a validation rule; nothing was stored or charged.</exception>
    /// <exception cref="IdempotencyConflictException">The key was used for a different request; nothing was stored or charged.</exception>
    public async ValueTask<PaymentResult> ProcessAsync(PaymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            throw new PaymentValidationException(errors);
        }

        CheckGranularity(request.Amount);
        var id = TransactionId.For(request.MerchantId, request.IdempotencyKey);

        // No read before the create: TryCreateAsync answers with the record already under the key, so a new
        // payment costs one store round trip, not two. A replay evaluates the (pure) rules for nothing; the stored
        // record, not the new evaluation, is what it returns.
        var now = _time.GetUtcNow();
        var context = await BuildContextAsync(request, now, cancellationToken).ConfigureAwait(false);
        var evaluation = _rules.Evaluate(request, context);
        var record = evaluation.IsApproved
            ? PaymentStateMachine.Received(id, request, evaluation.Fee, now)
            : PaymentStateMachine.DeclinedByRule(id, request, evaluation.Decline!, now);

        var created = await CreateAsync(record, cancellationToken).ConfigureAwait(false);
        if (created is not null)
        {
            // Another call with the same key won the race; this one is a replay of it.
            return Replay(created, request);
        }

        return evaluation.IsApproved
            ? new PaymentResult(await AuthorizeAsync(record).ConfigureAwait(false), replayed: false)
            : new PaymentResult(record, replayed: false);
    }

    /// <summary>Reads a transaction.</summary>
    /// <param name="id">The transaction id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, or <see langword="null"/> when none has that id.</returns>
    public ValueTask<TransactionRecord?> GetAsync(TransactionId id, CancellationToken cancellationToken = default) =>
        _store.GetAsync(id, cancellationToken);

    private static PaymentResult Replay(TransactionRecord existing, PaymentRequest request)
    {
        var differing = existing.Request.DifferingFields(request);
        if (differing.Count > 0)
        {
            throw new IdempotencyConflictException(existing.Id, request.IdempotencyKey, differing);
        }

        return new PaymentResult(existing, replayed: true);
    }

    private void CheckGranularity(Money amount)
    {
        if (_granularity.Count > 0 && _granularity.TryGetValue(amount.Currency, out var step) && !amount.IsMultipleOf(step))
        {
            throw new PaymentValidationException(new ValidationError(
                "Amount",
                ValidationRules.AuthorizerGranularity,
                $"The authorizer '{_authorizer.Name}' takes {amount.Currency} only in steps of {Money.FromMinor(step, amount.Currency)}; {amount} is not a multiple."));
        }
    }

    private async ValueTask<RuleContext> BuildContextAsync(PaymentRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var windows = _rules.ActivityWindows;
        if (windows.Count == 0)
        {
            return new RuleContext(now);
        }

        var activity = new PayerActivity[windows.Count];
        for (var i = 0; i < windows.Count; i++)
        {
            activity[i] = await _store.GetPayerActivityAsync(request.Payer.Token, request.Amount.Currency, now - windows[i], now, cancellationToken).ConfigureAwait(false);
        }

        return new RuleContext(now, activity);
    }

    /// <summary>Received → Authorized (then Captured in automatic mode), Declined, Failed, or pending with an unknown outcome.</summary>
    private async ValueTask<TransactionRecord> AuthorizeAsync(TransactionRecord record)
    {
        // From here on nothing is cancelled: an authorization may be in flight and its outcome must be recorded.
        var sent = await SendAsync(AuthorizerOperation.Authorize, record, record.Amount, record.IdempotencyKey, _authorizePolicy, 0).ConfigureAwait(false);
        var result = sent.Result;
        var name = _authorizers[sent.Index].Name;
        var now = _time.GetUtcNow();
        switch (result.Outcome)
        {
            case AuthorizerOutcome.Approved:
                record = await RecordAuthorizationAsync(record, PaymentStateMachine.Authorize(record, name, result.AuthorizationCode, now), sent.Index).ConfigureAwait(false);
                return record.Status == TransactionStatus.Authorized && record.Pending is null && record.Request.CaptureMode == CaptureMode.Automatic
                    ? await CaptureCoreAsync(record, record.Authorized).ConfigureAwait(false)
                    : record;
            case AuthorizerOutcome.Declined:
                var decline = new DeclineInfo(result.Code ?? DeclineCodes.DoNotHonor, name, result.Message ?? "Declined by the authorizer.");
                return await SaveAsync(record, PaymentStateMachine.Decline(record, decline, now)).ConfigureAwait(false);
            case AuthorizerOutcome.Unknown:
                return await SaveAsync(record, PaymentStateMachine.WithPending(record, new PendingOperation(AuthorizerOperation.Authorize, record.IdempotencyKey, record.Amount, now, OutcomeUnknown: true), now)).ConfigureAwait(false);
            default:
                // Transient failures past the retry policy, an unreachable route, permanent failures, or a resend
                // the authorizer still never saw: nothing is held.
                return await SaveAsync(record, PaymentStateMachine.Fail(record, result.Code ?? "authorization_failed", now)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes an approved authorization. If the write fails, the hold must not outlive it: unless the store shows
    /// the authorization recorded after all, the authorization is voided (rollback), the payment recorded as
    /// failed, and the store's exception rethrown. A void that cannot be done now is left pending for recovery.
    /// </summary>
    private async ValueTask<TransactionRecord> RecordAuthorizationAsync(TransactionRecord received, TransactionRecord authorized, int index)
    {
        try
        {
            return await SaveAsync(received, authorized).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure to record an approved hold is rolled back, then rethrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var stored = await TryGetAsync(received.Id).ConfigureAwait(false);
            if (stored is null)
            {
                // Cannot tell whether the write was applied. Voiding blind could leave a record that says
                // Authorized over a released hold; recovery asks the authorizer and settles it instead.
                throw;
            }

            if (stored.Status != TransactionStatus.Received && !stored.IsTerminal)
            {
                return stored; // the write was applied (its answer was lost), or another instance recorded the same authorization
            }

            // Still Received (not written), or already terminal (a racing recovery failed it): the hold must go.
            _logger.LogWarning(ex, "Recording the authorization of {TransactionId} failed; voiding it.", received.Id);
            var voided = await SendAsync(AuthorizerOperation.Void, authorized, authorized.Authorized, authorized.IdempotencyKey, _voidPolicy, index).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (stored.Status == TransactionStatus.Received)
            {
                var rolledBack = voided.Result.IsApproved
                    ? PaymentStateMachine.Fail(received, "authorization_rolled_back", now)
                    : authorized with { Pending = new PendingOperation(AuthorizerOperation.Void, authorized.IdempotencyKey, authorized.Authorized, now, voided.Result.Outcome == AuthorizerOutcome.Unknown) }; // the authorization and its pending void, in one write
                try
                {
                    await SaveAsync(received, rolledBack).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // The store is failing: recovery finds the record Received, asks the authorizer and finishes.
                catch (Exception inner)
#pragma warning restore CA1031
                {
                    _logger.LogWarning(inner, "Recording the rollback of {TransactionId} failed; recovery finishes it.", received.Id);
                }
            }

            throw;
        }
    }

    private async ValueTask<TransactionRecord?> TryGetAsync(TransactionId id)
    {
        try
        {
            return await _store.GetAsync(id, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Unreadable is treated as "not recorded"; callers act safely for that case.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>Creates the record with its event and delivers the event; returns the existing record when the key is taken.</summary>
    private async ValueTask<TransactionRecord?> CreateAsync(TransactionRecord record, CancellationToken cancellationToken)
    {
        var paymentEvent = PaymentEvent.For(record);
        var result = await _store.TryCreateAsync(record, paymentEvent, cancellationToken).ConfigureAwait(false);
        if (!result.Created)
        {
            return result.Existing;
        }

        await DeliverAsync(paymentEvent).ConfigureAwait(false);
        return null;
    }

    /// <summary>Writes a change at the version it was made from, with its event when it moves the state, then delivers the event.</summary>
    private async ValueTask<TransactionRecord> SaveAsync(TransactionRecord previous, TransactionRecord next)
    {
        var moved = next.History.Length > previous.History.Length;
        var paymentEvent = moved ? PaymentEvent.For(next) : null;
        if (!await _store.TryUpdateAsync(next, previous.Version, paymentEvent, CancellationToken.None).ConfigureAwait(false))
        {
            throw new ConcurrentUpdateException(next.Id, previous.Version);
        }

        if (paymentEvent is not null)
        {
            await DeliverAsync(paymentEvent).ConfigureAwait(false);
        }

        return next;
    }
}
