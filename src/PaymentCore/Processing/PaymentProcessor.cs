using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaymentCore.Audit;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Recovery;
using PaymentCore.Rules;
using PaymentCore.StepUp;
using PaymentCore.Storage;
using PaymentCore.Telemetry;
using PaymentCore.Transactions;

namespace PaymentCore.Processing;

/// <summary>
/// Takes payments: validates the request, runs the rule chain, authorizes, captures, voids and refunds, and records
/// every change with its event (the outbox; <see cref="Outbox.OutboxDispatcher"/> delivers them). One key, one
/// payment: a repeated request returns the stored result without a second authorization, from any instance that
/// shares the store. One operation at a time per payment: a second one while one is in flight is refused with
/// <see cref="OperationInProgressException"/>. Every result says what the operation came to at the authorizer.
/// </summary>
/// <remarks>
/// Thread-safe: one instance serves every payment of a service. This type reads top to bottom; the work is done by
/// the parts it holds: the authorizer route (send, query, failover, keys), the writer (record and event in one
/// store write), the operation runner (intent, send, record the answer), the intake of new payments, the
/// operations on authorized ones (capture, void, refund), step-up, settlement and recovery (<see cref="RecoverAsync"/>).
/// </remarks>
public sealed class PaymentProcessor
{
    private readonly RuleChain _rules;
    private readonly TransactionWriter _writer;
    private readonly PaymentRecovery _recovery;
    private readonly StepUpCoordinator _stepUp;
    private readonly PaymentIntake _intake;
    private readonly PostAuthorizationOperations _operations;
    private readonly BankSettlement _settlement;
    private readonly TimeProvider _time;
    private readonly PaymentCoreMetrics _metrics;
    private readonly ILogger _log;
    private readonly RefusalAudit _refusals;
    private readonly string _configuration;
    private int _configured;

    /// <summary>Creates a processor with one authorizer.</summary>
    /// <param name="rules">The rules, in the order they run.</param>
    /// <param name="authorizer">The authorizer.</param>
    /// <param name="store">The store.</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <param name="transactionIds">The transaction-id secret; see <see cref="TransactionIdOptions"/> for what happens without one.</param>
    /// <param name="meterFactory">Creates the <c>PaymentCore</c> meter (docs/observability.md); a meter of its own when <see langword="null"/>.</param>
    /// <param name="stepUpAuthenticators">The step-up authenticators, in the order they are tried; none when <see langword="null"/>.</param>
    /// <param name="auditTrail">
    /// Where step-up challenges and attempts are audited when the store keeps no audit chain (appended after each change);
    /// unused when the store is audited (<see cref="PaymentProcessorOptions.Audit"/>), since the entries are then written
    /// in the same store write as their change. Nowhere when <see langword="null"/> and the store is not audited.
    /// </param>
    /// <exception cref="OptionsValidationException">The options are invalid, or a durable store has no transaction-id secret.</exception>
    public PaymentProcessor(
        IEnumerable<IPaymentRule> rules,
        IAuthorizer authorizer,
        ITransactionStore store,
        IOptions<PaymentProcessorOptions>? options = null,
        TimeProvider? timeProvider = null,
        ILogger<PaymentProcessor>? logger = null,
        IOptions<TransactionIdOptions>? transactionIds = null,
        IMeterFactory? meterFactory = null,
        IEnumerable<IStepUpAuthenticator>? stepUpAuthenticators = null,
        AuditTrail? auditTrail = null)
        : this(rules, [authorizer ?? throw new ArgumentNullException(nameof(authorizer))], store, options, timeProvider, logger, transactionIds, meterFactory, stepUpAuthenticators, auditTrail)
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
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <param name="transactionIds">The transaction-id secret; see <see cref="TransactionIdOptions"/> for what happens without one.</param>
    /// <param name="meterFactory">Creates the <c>PaymentCore</c> meter (docs/observability.md); a meter of its own when <see langword="null"/>.</param>
    /// <param name="stepUpAuthenticators">The step-up authenticators, in the order they are tried; none when <see langword="null"/>.</param>
    /// <param name="auditTrail">
    /// Where step-up challenges and attempts are audited when the store keeps no audit chain (appended after each change);
    /// unused when the store is audited (<see cref="PaymentProcessorOptions.Audit"/>), since the entries are then written
    /// in the same store write as their change. Nowhere when <see langword="null"/> and the store is not audited.
    /// </param>
    /// <exception cref="ArgumentException">The route is empty, holds a null, or repeats a name.</exception>
    /// <exception cref="OptionsValidationException">The options are invalid, or a durable store has no transaction-id secret.</exception>
    public PaymentProcessor(
        IEnumerable<IPaymentRule> rules,
        IReadOnlyList<IAuthorizer> authorizers,
        ITransactionStore store,
        IOptions<PaymentProcessorOptions>? options = null,
        TimeProvider? timeProvider = null,
        ILogger<PaymentProcessor>? logger = null,
        IOptions<TransactionIdOptions>? transactionIds = null,
        IMeterFactory? meterFactory = null,
        IEnumerable<IStepUpAuthenticator>? stepUpAuthenticators = null,
        AuditTrail? auditTrail = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var settings = options?.Value ?? new PaymentProcessorOptions();
        var validation = new PaymentProcessorOptionsValidator().Validate(null, settings);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(PaymentProcessorOptions), typeof(PaymentProcessorOptions), validation.Failures);
        }

        var ids = TransactionIdDerivation.For(transactionIds?.Value, store);
        _time = timeProvider ?? TimeProvider.System;
        var log = (ILogger?)logger ?? NullLogger.Instance;
        _log = log;
        _metrics = PaymentCoreMetrics.For(meterFactory);
        if (ids.Mode == TransactionIdMode.Generated)
        {
            // Say so: ids are not stable across restarts or instances, which only an in-memory store can live with.
            PaymentCoreLog.TransactionIdsGenerated(log);
        }
        _rules = new RuleChain(rules);
        _writer = new TransactionWriter(store, settings, _time);
        var runner = new OperationRunner(new AuthorizerRoute(authorizers, settings, _time, log, _metrics), _writer, _rules, _time, log);
        _recovery = new PaymentRecovery(runner, settings, _time, log, _metrics);
        _refusals = new RefusalAudit(_writer, ids.For, log);
        _configuration = ProcessorConfiguration.Describe(settings, _rules, authorizers, store);
        _stepUp = new StepUpCoordinator(runner, [.. stepUpAuthenticators ?? []], auditTrail, _time, log);
        _intake = new PaymentIntake(runner, _rules, _stepUp, ids, _time);
        _operations = new PostAuthorizationOperations(runner, _time);
        _settlement = new BankSettlement(_writer, _time);
    }

    /// <summary>Gets the rule chain.</summary>
    public RuleChain Rules => _rules;

    /// <summary>Gets the instruments this processor reports to (the batch processor reports there too).</summary>
    internal PaymentCoreMetrics Metrics => _metrics;

    /// <summary>
    /// Takes a payment: authorizes it, and captures it too in <see cref="CaptureMode.Automatic"/>. A request whose
    /// idempotency key was used before returns the stored result (<see cref="PaymentResult.Replayed"/>) without
    /// reaching the authorizer. Returns once the change and its event are committed; events are delivered later.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">
    /// Cancels the call while nothing has been sent to the authorizer. Once an authorization is sent, the processor
    /// finishes recording its outcome even if cancelled, so no charge is left unrecorded.
    /// </param>
    /// <returns>Approved (authorized, and captured in automatic mode), RequiresAction (the payer must step up: see <see cref="PaymentResult.NextAction"/>), Declined (by a rule or the authorizer, with advice), Failed, or Pending (recovery finishes it).</returns>
    /// <exception cref="PaymentValidationException">The request broke a validation rule; nothing was stored or charged.</exception>
    /// <exception cref="IdempotencyConflictException">The key was used for a different request; nothing was stored or charged.</exception>
    public ValueTask<PaymentResult> ProcessAsync(PaymentRequest request, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync(request, null, allowStepUp: true, cancellationToken);

    /// <summary>
    /// Takes a card payment with its verification code: as <see cref="ProcessAsync(PaymentRequest, CancellationToken)"/>,
    /// and the code goes to the authorizer with the authorization (<see cref="AuthorizerRequest.VerificationCode"/>) and
    /// nowhere else. PCI DSS 3.3.1: it is not stored, logged, put in an event, sent with a capture or a status query, or
    /// kept for recovery; a replay of the request does not send it again.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="verificationCode">The card verification code (<see cref="CardVerificationCode.Parse"/>).</param>
    /// <param name="cancellationToken">Cancels the call while nothing has been sent to the authorizer.</param>
    /// <returns>As <see cref="ProcessAsync(PaymentRequest, CancellationToken)"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="verificationCode"/> is <see langword="null"/>.</exception>
    /// <exception cref="PaymentValidationException">The request broke a validation rule; nothing was stored or charged.</exception>
    /// <exception cref="IdempotencyConflictException">The key was used for a different request; nothing was stored or charged.</exception>
    public ValueTask<PaymentResult> ProcessAsync(PaymentRequest request, CardVerificationCode verificationCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verificationCode);
        return ProcessCoreAsync(request, verificationCode, allowStepUp: true, cancellationToken);
    }

    /// <summary>
    /// <see cref="ProcessAsync(PaymentRequest, CancellationToken)"/>; with <paramref name="allowStepUp"/> false (a batch
    /// item: no payer is there to answer) a demand for step-up, by a rule or the authorizer, declines the payment instead.
    /// </summary>
    internal ValueTask<PaymentResult> ProcessCoreAsync(PaymentRequest request, bool allowStepUp, CancellationToken cancellationToken) =>
        ProcessCoreAsync(request, null, allowStepUp, cancellationToken);

    private ValueTask<PaymentResult> ProcessCoreAsync(PaymentRequest request, CardVerificationCode? verificationCode, bool allowStepUp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GuardedAsync(PaymentOperation.Process, request.Amount.Currency, request, null, (request, verificationCode, allowStepUp), static (p, s, ct) => p._intake.TakeAsync(s.request, s.verificationCode, s.allowStepUp, ct), cancellationToken);
    }

    /// <summary>
    /// Runs one public operation with what every operation gets: its span and metrics, the configuration entry of the
    /// audit trail before the first operation, and an audit entry when the operation is refused. The work starts only
    /// after the configuration is recorded, so it is the first entry; the state and a static callback keep the hot
    /// path free of a closure per call.
    /// </summary>
    private async ValueTask<PaymentResult> GuardedAsync<TState>(
        PaymentOperation operation,
        Currency? currency,
        PaymentRequest? request,
        TransactionId? id,
        TState state,
        Func<PaymentProcessor, TState, CancellationToken, ValueTask<PaymentResult>> work,
        CancellationToken cancellationToken)
    {
        var telemetry = OperationTelemetry.Start(_metrics, _time, _log, operation, currency);
        try
        {
            await ConfiguredAsync(cancellationToken).ConfigureAwait(false);
            return telemetry.Completed(await _refusals.GuardAsync(work(this, state, cancellationToken), AuditName(operation), request, id).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            telemetry.Faulted(ex);
            throw;
        }
    }

    // The operation's name in refusal entries, as the audit trail has always written it.
    private static string AuditName(PaymentOperation operation) => operation switch
    {
        PaymentOperation.Process => "process",
        PaymentOperation.Capture => "capture",
        PaymentOperation.Void => "void",
        PaymentOperation.Refund => "refund",
        PaymentOperation.ConfirmStepUp => "confirm_step_up",
        _ => operation.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Answers a payment's step-up (<see cref="PaymentOutcome.RequiresAction"/>): the code the payer typed, or the
    /// authentication result of the authorizer's challenge (forwarded to it). A right answer lets the authorization
    /// go (and the capture, in automatic mode); a wrong one spends an attempt, the last declines with advice, a late
    /// one fails. The same confirm key returns the same result; concurrent answers authorize at most once.
    /// </summary>
    /// <param name="merchantId">The merchant the payment belongs to; another merchant's payment is not found.</param>
    /// <param name="id">The transaction.</param>
    /// <param name="response">What the payer typed, or the authentication result; at most 8192 characters.</param>
    /// <param name="confirmKey">This answer's idempotency key, at most 255 characters.</param>
    /// <param name="cancellationToken">Cancels the call before the answer is checked; once it was, its outcome is recorded.</param>
    /// <returns>Approved (authorized, and captured in automatic mode); RequiresAction (wrong answer: <see cref="PaymentResult.NextAction"/> says how many tries are left); Declined (attempts spent, or the authorizer refused); Failed (expired); or Pending.</returns>
    /// <exception cref="TransactionNotFoundException">No transaction of that merchant has that id.</exception>
    /// <exception cref="PaymentValidationException">The response or the key is blank, too long or holds control characters; nothing was stored or checked.</exception>
    /// <exception cref="InvalidTransitionException">The payment never required step-up.</exception>
    public ValueTask<PaymentResult> ConfirmStepUpAsync(string merchantId, TransactionId id, string response, string confirmKey, CancellationToken cancellationToken = default) =>
        GuardedAsync(PaymentOperation.ConfirmStepUp, null, null, id, (merchantId, id, response, confirmKey), static (p, s, ct) => p._stepUp.ConfirmAsync(s.merchantId, s.id, s.response, s.confirmKey, ct), cancellationToken);

    /// <summary>
    /// Captures an authorized payment, fully or partly. A final capture (the default) releases the rest of the hold;
    /// with <paramref name="finalCapture"/> <see langword="false"/> further captures may follow, up to the authorized amount.
    /// </summary>
    /// <param name="merchantId">The merchant that took the payment; another merchant's payment is not found.</param>
    /// <param name="id">The transaction.</param>
    /// <param name="amount">The amount, at most what is still held; all of it when <see langword="null"/>.</param>
    /// <param name="finalCapture">Whether this capture releases the rest of the hold.</param>
    /// <param name="captureKey">The capture's own idempotency key: the same key returns the recorded capture. Without one, capturing a closed payment again with the same amount is a replay.</param>
    /// <param name="cancellationToken">Cancels the call before anything is sent to the authorizer.</param>
    /// <returns>Approved; Declined (the payment stays Authorized, the refusal recorded, so it can be captured again or voided); Failed (not done, try again); or Pending.</returns>
    /// <exception cref="TransactionNotFoundException">No transaction of this merchant has that id; nothing was changed.</exception>
    /// <exception cref="PaymentValidationException">The amount is not positive, in another currency, or above what is held; or the key is too long.</exception>
    /// <exception cref="InvalidTransitionException">The transaction cannot be captured (declined, voided, failed, still received, or its capture closed).</exception>
    /// <exception cref="OperationInProgressException">Another operation on the payment is in flight; nothing was sent.</exception>
    /// <exception cref="IdempotencyConflictException">The capture key was used for a different amount.</exception>
    public ValueTask<PaymentResult> CaptureAsync(string merchantId, TransactionId id, Money? amount = null, bool finalCapture = true, string? captureKey = null, CancellationToken cancellationToken = default) =>
        GuardedAsync(PaymentOperation.Capture, null, null, id, (merchantId, id, amount, finalCapture, captureKey), static (p, s, ct) => p._operations.CaptureAsync(s.merchantId, s.id, s.amount, s.finalCapture, s.captureKey, ct), cancellationToken);

    /// <summary>
    /// Releases an authorization without capturing it (after partial captures with the capture open: releases the
    /// rest). Voiding a voided payment returns the recorded void (<see cref="PaymentResult.Replayed"/>).
    /// </summary>
    /// <param name="merchantId">The merchant that took the payment; another merchant's payment is not found.</param>
    /// <param name="id">The transaction.</param>
    /// <param name="cancellationToken">Cancels the call before anything is sent to the authorizer.</param>
    /// <returns>Approved; Declined (the payment stays Authorized, the refusal recorded); Failed (not done, try again); or Pending.</returns>
    /// <exception cref="TransactionNotFoundException">No transaction of this merchant has that id; nothing was changed.</exception>
    /// <exception cref="InvalidTransitionException">Nothing is held (captured payments are refunded, not voided).</exception>
    /// <exception cref="OperationInProgressException">Another operation on the payment is in flight; nothing was sent.</exception>
    public ValueTask<PaymentResult> VoidAsync(string merchantId, TransactionId id, CancellationToken cancellationToken = default) =>
        GuardedAsync(PaymentOperation.Void, null, null, id, (merchantId, id), static (p, s, ct) => p._operations.VoidAsync(s.merchantId, s.id, ct), cancellationToken);

    /// <summary>
    /// Refunds part or all of a captured payment. Each refund has its own idempotency key: the same key returns the
    /// recorded refund; several refunds may follow one another until the captured amount is refunded.
    /// </summary>
    /// <param name="merchantId">The merchant that took the payment; another merchant's payment is not found.</param>
    /// <param name="id">The transaction.</param>
    /// <param name="amount">The amount, at most what is refundable.</param>
    /// <param name="refundKey">The refund's idempotency key, at most 255 characters.</param>
    /// <param name="cancellationToken">Cancels the call before anything is sent to the authorizer.</param>
    /// <returns>Approved; Declined (nothing refunded, the refusal recorded); Failed (not done, try again); or Pending.</returns>
    /// <exception cref="TransactionNotFoundException">No transaction of this merchant has that id; nothing was changed.</exception>
    /// <exception cref="PaymentValidationException">The key is blank or too long, or the amount is not positive, in another currency, or above what is refundable.</exception>
    /// <exception cref="IdempotencyConflictException">The refund key was used for a different amount.</exception>
    /// <exception cref="InvalidTransitionException">The transaction is not captured, or its capture is still open.</exception>
    /// <exception cref="OperationInProgressException">Another operation on the payment is in flight; nothing was sent.</exception>
    public ValueTask<PaymentResult> RefundAsync(string merchantId, TransactionId id, Money amount, string refundKey, CancellationToken cancellationToken = default) =>
        GuardedAsync(PaymentOperation.Refund, amount.Currency, null, id, (merchantId, id, amount, refundKey), static (p, s, ct) => p._operations.RefundAsync(s.merchantId, s.id, s.amount, s.refundKey, ct), cancellationToken);

    /// <summary>
    /// Records that the bank settled a captured payment (pain.002 ACSC): sets <see cref="TransactionRecord.SettledAt"/>
    /// and <see cref="TransactionRecord.SettlementReference"/>. Idempotent: a payment already settled is returned as it
    /// is, with its first settlement, and nothing is written. Sends nothing to the authorizer.
    /// </summary>
    /// <param name="merchantId">The merchant the payment belongs to.</param>
    /// <param name="id">The transaction id.</param>
    /// <param name="settlementReference">The bank's reference, such as <c>ACSC:BANK-STS-1</c>; at most 140 characters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, settled.</returns>
    /// <exception cref="ArgumentException">An argument is blank, or the reference is longer than 140 characters.</exception>
    /// <exception cref="TransactionNotFoundException">No payment of <paramref name="merchantId"/> has that id.</exception>
    /// <exception cref="InvalidOperationException">The payment was never captured, or an operation on it is in flight.</exception>
    /// <exception cref="ConcurrentUpdateException">The record kept changing under three attempts.</exception>
    public ValueTask<TransactionRecord> MarkSettledAsync(string merchantId, TransactionId id, string settlementReference, CancellationToken cancellationToken = default) =>
        _settlement.MarkSettledAsync(merchantId, id, settlementReference, cancellationToken);

    /// <summary>Reads a transaction of a merchant.</summary>
    /// <param name="merchantId">The merchant that took the payment.</param>
    /// <param name="id">The transaction id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, or <see langword="null"/> when none of this merchant has that id (another merchant's payment is not found).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="merchantId"/> is <see langword="null"/>.</exception>
    public async ValueTask<TransactionRecord?> GetAsync(string merchantId, TransactionId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(merchantId);
        return MerchantScope.Visible(await _writer.Store.GetAsync(id, cancellationToken).ConfigureAwait(false), merchantId);
    }

    /// <summary>Reads the payment a merchant took with an idempotency key, without knowing its id.</summary>
    /// <param name="merchantId">The merchant.</param>
    /// <param name="idempotencyKey">The key the payment was requested with.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, or <see langword="null"/> when this merchant took no payment with that key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="merchantId"/> or <paramref name="idempotencyKey"/> is <see langword="null"/>.</exception>
    public async ValueTask<TransactionRecord?> GetByIdempotencyKeyAsync(string merchantId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(merchantId);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        return MerchantScope.Visible(await _writer.Store.FindByIdempotencyKeyAsync(merchantId, idempotencyKey, cancellationToken).ConfigureAwait(false), merchantId);
    }

    /// <summary>
    /// Drives due records to a settled state (<see cref="TransactionRecord.DueAt"/>): unknown outcomes are asked
    /// about with backoff per record, automatic captures left unsent are sent, and holds past their capture deadline
    /// are voided. Healthy manual authorizations are not candidates before their deadline, so however many wait, an
    /// unknown outcome is taken up in the first pass after it is due. Safe in several instances at once.
    /// </summary>
    /// <param name="cancellationToken">Cancels between records (a record being recovered is finished).</param>
    /// <returns>What the pass did, with the unresolved records counted by reason.</returns>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async ValueTask<RecoverySummary> RecoverAsync(CancellationToken cancellationToken = default)
    {
        await ConfiguredAsync(cancellationToken).ConfigureAwait(false);

        // Recovery's writes are audited as recovery actions, by the ambient actor or the system.
        using (OperationContext.BeginRecovery())
        {
            return await _recovery.RecoverAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records the configuration in the audit trail once, before the first operation of this processor.</summary>
    private ValueTask ConfiguredAsync(CancellationToken cancellationToken) =>
        !_writer.Audits || Volatile.Read(ref _configured) != 0 || Interlocked.Exchange(ref _configured, 1) != 0
            ? ValueTask.CompletedTask
            : _writer.RecordAsync([PaymentAuditEvents.Event(AuditEventTypes.Configured, AuditOutcome.Success, "processor", _configuration, _time.GetUtcNow())], cancellationToken);
}
