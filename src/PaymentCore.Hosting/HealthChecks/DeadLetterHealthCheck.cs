using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PaymentCore.Storage;

namespace PaymentCore.Hosting.HealthChecks;

/// <summary>
/// Dead-lettered events, waiting for someone to look and re-drive them: Degraded from
/// <see cref="PaymentCoreHealthCheckOptions.DeadLettersDegraded"/>, Unhealthy from <see cref="PaymentCoreHealthCheckOptions.DeadLettersUnhealthy"/>.
/// </summary>
internal sealed class DeadLetterHealthCheck(ITransactionStore store, IOptions<PaymentCoreHealthCheckOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var dead = (await store.GetOutboxBacklogAsync(cancellationToken).ConfigureAwait(false)).DeadLettered;
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["dead_letters"] = dead };
        var settings = options.Value;
        if (dead >= settings.DeadLettersUnhealthy)
        {
            return new HealthCheckResult(HealthStatus.Unhealthy, $"{dead} dead-lettered event(s) (unhealthy from {settings.DeadLettersUnhealthy}).", data: data);
        }

        return dead >= settings.DeadLettersDegraded
            ? HealthCheckResult.Degraded($"{dead} dead-lettered event(s) (degraded from {settings.DeadLettersDegraded}).", data: data)
            : HealthCheckResult.Healthy("No dead-lettered events.", data);
    }
}
