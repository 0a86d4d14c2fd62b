using Microsoft.Extensions.Options;

namespace PaymentCore.Webhooks.Delivery;

/// <summary>
/// Sends the deliveries whose next attempt is due. Call <see cref="RunDueAsync"/> from a timer or hosted loop; several
/// instances may run at once, since each delivery is claimed with a lease before it is sent.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class WebhookRetryRunner
{
    private readonly WebhookDeliveryEngine _engine;
    private readonly int _maxConcurrency;

    internal WebhookRetryRunner(WebhookDeliveryEngine engine, IOptions<WebhookOptions> options)
    {
        _engine = engine;
        _maxConcurrency = options.Value.MaxConcurrency;
    }

    /// <summary>Claims and attempts up to <paramref name="maxDeliveries"/> due deliveries.</summary>
    /// <param name="maxDeliveries">The most to attempt in this run, 1 or more.</param>
    /// <param name="cancellationToken">Cancels the run; claimed deliveries not attempted come due again when their lease ends.</param>
    /// <returns>One outcome per attempted delivery, in the order they were due.</returns>
    public async ValueTask<IReadOnlyList<WebhookDeliveryOutcome>> RunDueAsync(int maxDeliveries = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDeliveries, 1);
        var now = _engine.TimeProvider.GetUtcNow();
        var due = await _engine.Store.ClaimDueAsync(now, _engine.LeaseUntil(now), maxDeliveries, cancellationToken).ConfigureAwait(false);
        var outcomes = new WebhookDeliveryOutcome[due.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, due.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _maxConcurrency, CancellationToken = cancellationToken },
            async (i, ct) => outcomes[i] = await _engine.AttemptAsync(due[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return outcomes;
    }
}
