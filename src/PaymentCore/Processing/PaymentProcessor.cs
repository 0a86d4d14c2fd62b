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
    {
        ArgumentNullException.ThrowIfNull(authorizer);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(notifiers);
        _rules = new RuleChain(rules);
        _authorizer = authorizer;
        _store = store;
        _notifiers = [.. notifiers];
        _options = options?.Value ?? new PaymentProcessorOptions();
        var validation = new PaymentProcessorOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(PaymentProcessorOptions), typeof(PaymentProcessorOptions), validation.Failures);
        }

        _time = timeProvider ?? TimeProvider.System;
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
        var existing = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return Replay(existing, request);
        }

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
        var result = await CallAuthorizerAsync(AuthorizerOperation.Authorize, record, record.Amount, record.IdempotencyKey).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        switch (result.Outcome)
        {
            case AuthorizerOutcome.Approved:
                record = await SaveAsync(record, PaymentStateMachine.Authorize(record, _authorizer.Name, result.AuthorizationCode, now)).ConfigureAwait(false);
                return record.Request.CaptureMode == CaptureMode.Automatic
                    ? await CaptureCoreAsync(record, record.Authorized).ConfigureAwait(false)
                    : record;
            case AuthorizerOutcome.Declined:
                var decline = new DeclineInfo(result.Code ?? DeclineCodes.DoNotHonor, _authorizer.Name, result.Message ?? "Declined by the authorizer.");
                return await SaveAsync(record, PaymentStateMachine.Decline(record, decline, now)).ConfigureAwait(false);
            case AuthorizerOutcome.Unknown:
                return await SaveAsync(record, PaymentStateMachine.WithPending(record, new PendingOperation(AuthorizerOperation.Authorize, record.IdempotencyKey, record.Amount, now, OutcomeUnknown: true), now)).ConfigureAwait(false);
            default:
                // Transient failures past the retry policy, unreachable routes and permanent failures: nothing is held.
                return await SaveAsync(record, PaymentStateMachine.Fail(record, result.Code ?? "authorization_failed", now)).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one operation. An exception from the authorizer means its outcome is unknown: it may have been done.</summary>
    private async ValueTask<AuthorizerResult> CallAuthorizerAsync(AuthorizerOperation operation, TransactionRecord record, Money amount, string key)
    {
        var request = new AuthorizerRequest(operation, record.Id, record.MerchantId, key, amount, record.Request.Payer, record.Request.Payee, record.AuthorizationCode);
        try
        {
            return operation switch
            {
                AuthorizerOperation.Authorize => await _authorizer.AuthorizeAsync(request, CancellationToken.None).ConfigureAwait(false),
                AuthorizerOperation.Capture => await _authorizer.CaptureAsync(request, CancellationToken.None).ConfigureAwait(false),
                AuthorizerOperation.Void => await _authorizer.VoidAsync(request, CancellationToken.None).ConfigureAwait(false),
                _ => await _authorizer.RefundAsync(request, CancellationToken.None).ConfigureAwait(false),
            };
        }
#pragma warning disable CA1031 // Any exception from a plug-in authorizer leaves the outcome unknown; recovery asks.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning(ex, "Authorizer {Authorizer} threw on {Operation} of {TransactionId}; the outcome is unknown until recovery asks.", _authorizer.Name, operation, record.Id);
            return AuthorizerResult.Unknown("authorizer_exception", ex.Message);
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
