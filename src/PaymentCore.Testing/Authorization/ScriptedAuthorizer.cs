using System.Collections.Concurrent;
using PaymentCore.Authorization;
using PaymentCore.Payments;
using PaymentCore.Transactions;

namespace PaymentCore.Testing.Authorization;

/// <summary>
/// Wraps an authorizer (by default an <see cref="InMemoryAuthorizer"/>) and plays a script of faults before it:
/// "time out, then approve", "approve but lose the response", "fail transiently twice". Steps are consumed in
/// order per operation; when the script runs out, calls go straight to the inner authorizer.
/// </summary>
/// <remarks>
/// Thread-safe. It offers the one-step sale exactly when its inner authorizer does (an <see cref="ISaleAuthorizer"/>
/// whose <see cref="ISaleAuthorizer.SupportsSale"/> says so), and scripts it under <see cref="AuthorizerOperation.Sale"/>.
/// </remarks>
public sealed class ScriptedAuthorizer : ISaleAuthorizer
{
    private readonly ConcurrentDictionary<AuthorizerOperation, ConcurrentQueue<ScriptStep>> _scripts = new();
    private readonly ConcurrentQueue<(AuthorizerOperation Operation, string Key, ScriptStep Step)> _calls = new();

    /// <summary>Creates a scripted authorizer over an inner one.</summary>
    /// <param name="inner">The authorizer that really does the work; a new <see cref="InMemoryAuthorizer"/> when <see langword="null"/>.</param>
    public ScriptedAuthorizer(IAuthorizer? inner = null) => Inner = inner ?? new InMemoryAuthorizer();

    /// <summary>Gets the inner authorizer.</summary>
    public IAuthorizer Inner { get; }

    /// <inheritdoc />
    public string Name => Inner.Name;

    /// <inheritdoc />
    public IReadOnlyList<AmountGranularity> AmountGranularities => Inner.AmountGranularities;

    /// <summary>Gets every call made, in order, with the step that answered it.</summary>
    public IReadOnlyCollection<(AuthorizerOperation Operation, string Key, ScriptStep Step)> Calls => _calls;

    /// <summary>Queues steps for an operation.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="steps">The steps, in order.</param>
    /// <returns>This authorizer, for chaining.</returns>
    public ScriptedAuthorizer Then(AuthorizerOperation operation, params ScriptStep[] steps)
    {
        var queue = _scripts.GetOrAdd(operation, _ => new ConcurrentQueue<ScriptStep>());
        foreach (var step in steps)
        {
            queue.Enqueue(step);
        }

        return this;
    }

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        PlayAsync(request, Inner.AuthorizeAsync, cancellationToken);

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        PlayAsync(request, Inner.CaptureAsync, cancellationToken);

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        PlayAsync(request, Inner.VoidAsync, cancellationToken);

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        PlayAsync(request, Inner.RefundAsync, cancellationToken);

    /// <inheritdoc />
    /// <remarks>The inner authorizer's answer; <see langword="false"/> when it is not an <see cref="ISaleAuthorizer"/>.</remarks>
    public bool SupportsSale(PaymentRequest payment) => Inner is ISaleAuthorizer seller && seller.SupportsSale(payment);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The inner authorizer does not offer the sale.</exception>
    public ValueTask<AuthorizerResult> SaleAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        PlayAsync(request, (Inner as ISaleAuthorizer ?? throw new InvalidOperationException($"The inner authorizer '{Inner.Name}' does not offer the sale.")).SaleAsync, cancellationToken);

    /// <inheritdoc />
    public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) =>
        Inner.QueryAsync(request, cancellationToken);

    private async ValueTask<AuthorizerResult> PlayAsync(
        AuthorizerRequest request,
        Func<AuthorizerRequest, CancellationToken, ValueTask<AuthorizerResult>> inner,
        CancellationToken cancellationToken)
    {
        var step = _scripts.TryGetValue(request.Operation, out var queue) && queue.TryDequeue(out var next) ? next : ScriptStep.PassThrough;
        _calls.Enqueue((request.Operation, request.IdempotencyKey, step));
        switch (step)
        {
            case ScriptStep.TimeoutBeforeSending:
                return AuthorizerResult.Unknown("timeout", "Timed out; the request did not reach the authorizer.");
            case ScriptStep.TimeoutAfterProcessing:
                // The authorizer did the work; the response was lost on the way back.
                await inner(request, cancellationToken).ConfigureAwait(false);
                return AuthorizerResult.Unknown("timeout", "Timed out; the request may have been processed.");
            case ScriptStep.TransientFailure:
                return AuthorizerResult.TransientFailure("scripted_transient", "Scripted transient failure.");
            case ScriptStep.PermanentFailure:
                return AuthorizerResult.PermanentFailure("scripted_permanent", "Scripted permanent failure.");
            case ScriptStep.Unreachable:
                return AuthorizerResult.Unreachable("scripted_unreachable", "Scripted: connection refused.");
            case ScriptStep.Decline:
                return AuthorizerResult.Declined(DeclineCodes.DoNotHonor, "Scripted decline.");
            case ScriptStep.Throw:
                throw new InvalidOperationException("Scripted authorizer exception.");
            default:
                return await inner(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
