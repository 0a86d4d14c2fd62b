using PaymentCore.Authorization;
using PaymentCore.Transactions;

namespace PaymentCore.SimulationTests;

/// <summary>
/// Wraps a simulated issuer with the run's fault plan: failures before and after the issuer acts, slow answers,
/// permanent refusals, a payment whose outcomes go dark, and crash points. It records what the issuer really did,
/// so the checks can compare every result a caller got with what happened.
/// </summary>
public sealed class FaultyAuthorizer(InMemoryAuthorizer inner, SimulationWorld world, Epoch epoch) : ISaleAuthorizer
{
    public string Name => inner.Name;

    // The issuer's own answer: it sells only in the seeds that turn the sale on (issue 11).
    public bool SupportsSale(PaymentCore.Payments.PaymentRequest payment) => inner.SupportsSale(payment);

    public ValueTask<AuthorizerResult> SaleAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Do(request, inner.SaleAsync);

    public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Do(request, inner.AuthorizeAsync);

    public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Do(request, inner.CaptureAsync);

    public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Do(request, inner.VoidAsync);

    public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Do(request, inner.RefundAsync);

    public async ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default)
    {
        var label = $"{Name} query {request.Operation} {request.IdempotencyKey}";
        epoch.Point(label);
        if (world.IsDark(request.TransactionId))
        {
            world.Log(label + " -> dark Unknown");
            return AuthorizerResult.Unknown("sim_dark");
        }

        if (world.Refused.TryGetValue((Name, request.IdempotencyKey, request.Operation), out var refused))
        {
            world.Log(label + " -> " + refused.Outcome + " (refused earlier)");
            return refused;
        }

        if (world.Roll(world.Faults.Query))
        {
            world.Log(label + " -> fault Unknown");
            return AuthorizerResult.Unknown("query_timeout");
        }

        await world.SlowAsync(label);
        var result = await inner.QueryAsync(request, cancellationToken);
        world.Log(label + " -> " + result.Outcome);
        return result;
    }

    private async ValueTask<AuthorizerResult> Do(AuthorizerRequest request, Func<AuthorizerRequest, CancellationToken, ValueTask<AuthorizerResult>> send)
    {
        var label = $"{Name} {request.Operation} {request.IdempotencyKey} {request.Amount}";
        epoch.Point(label);
        if (world.GoesDark(request.TransactionId))
        {
            // Sent, perhaps done, never answered, and no status query will ever tell: unknown by the plan.
            var done = world.Random.Next(2) == 0 ? await SendAsync(request, send) : (AuthorizerResult?)null;
            world.Log(label + $" -> dark ({(done is null ? "not done" : done.Value.Outcome.ToString())})");
            return AuthorizerResult.Unknown("sim_dark");
        }

        if (Refuses(request.Operation))
        {
            var refusal = AuthorizerResult.Declined("sim_refused", "The simulated issuer refuses this operation.", DeclineAdvice.DoNotRetry);
            world.Refused[(Name, request.IdempotencyKey, request.Operation)] = refusal;
            world.Log(label + " -> refused by plan");
            return refusal;
        }

        if (world.Roll(world.Faults.Authorizer))
        {
            var kind = world.Random.Next(100);
            switch (kind)
            {
                case < 40:
                    world.Log(label + " -> fault TransientFailure");
                    return AuthorizerResult.TransientFailure("sim_transient");
                case < 55:
                    world.Log(label + " -> fault timeout, not done");
                    return AuthorizerResult.Unknown("sim_timeout");
                case < 75:
                    var done = await SendAsync(request, send);
                    world.Log(label + $" -> fault timeout after {done.Outcome}");
                    epoch.Point(label + " (response lost)");
                    return AuthorizerResult.Unknown("sim_timeout");
                case < 85:
                    world.Log(label + " -> fault Unreachable");
                    return AuthorizerResult.Unreachable("sim_unreachable");
                case < 93:
                    world.Log(label + " -> fault PermanentFailure");
                    return AuthorizerResult.PermanentFailure("sim_permanent");
                default:
                    world.Log(label + " -> fault throws");
                    throw new InvalidOperationException("simulated authorizer exception");
            }
        }

        // A slow request either reaches the issuer late (the wait is before it acts) or is answered late (after).
        var late = world.Random.Next(2) == 0;
        if (!late)
        {
            await world.SlowAsync(label);
        }

        var result = await SendAsync(request, send);
        world.Log(label + " -> " + result.Outcome);
        if (late)
        {
            await world.SlowAsync(label + " (answer)");
        }

        epoch.Point(label + " (answer)");
        return result;
    }

    private async ValueTask<AuthorizerResult> SendAsync(AuthorizerRequest request, Func<AuthorizerRequest, CancellationToken, ValueTask<AuthorizerResult>> send)
    {
        var result = await send(request, CancellationToken.None);
        world.Did(Name, request, result);
        return result;
    }

    private bool Refuses(AuthorizerOperation operation) => operation switch
    {
        AuthorizerOperation.Capture => world.Faults.Refuse.HasFlag(Refusals.Capture),
        AuthorizerOperation.Void => world.Faults.Refuse.HasFlag(Refusals.Void),
        AuthorizerOperation.Refund => world.Faults.Refuse.HasFlag(Refusals.Refund),
        _ => false,
    };
}
