using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PaymentCore.Storage;

namespace PaymentCore.Hosting.HealthChecks;

/// <summary>
/// The age of the oldest event still to deliver: Degraded past <see cref="PaymentCoreHealthCheckOptions.OutboxDegradedAge"/>,
/// Unhealthy past <see cref="PaymentCoreHealthCheckOptions.OutboxUnhealthyAge"/> (nobody is dispatching, or every
/// delivery fails). The backlog's size is reported in the data, not judged: a burst is not an outage.
/// </summary>
internal sealed class OutboxHealthCheck(ITransactionStore store, IOptions<PaymentCoreHealthCheckOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var backlog = await store.GetOutboxBacklogAsync(cancellationToken).ConfigureAwait(false);
        var age = backlog.OldestPending is { } oldest ? time.GetUtcNow() - oldest : TimeSpan.Zero;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["pending"] = backlog.Pending,
            ["oldest_age_seconds"] = (long)age.TotalSeconds,
        };
        var settings = options.Value;
        if (age >= settings.OutboxUnhealthyAge)
        {
            return new HealthCheckResult(HealthStatus.Unhealthy, $"The oldest undelivered event is {age} old (unhealthy from {settings.OutboxUnhealthyAge}).", data: data);
        }

        return age >= settings.OutboxDegradedAge
            ? HealthCheckResult.Degraded($"The oldest undelivered event is {age} old (degraded from {settings.OutboxDegradedAge}).", data: data)
            : HealthCheckResult.Healthy($"{backlog.Pending} event(s) waiting; the oldest is {age} old.", data);
    }
}
