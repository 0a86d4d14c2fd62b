using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PaymentCore.Storage;

namespace PaymentCore.Hosting.HealthChecks;

/// <summary>
/// Records left unresolved past their due time (<see cref="Transactions.TransactionRecord.DueAt"/>): Degraded when
/// one has waited longer than <see cref="PaymentCoreHealthCheckOptions.UnresolvedDegradedAge"/>, Unhealthy past
/// <see cref="PaymentCoreHealthCheckOptions.UnresolvedUnhealthyAge"/>. A due record that waits that long means
/// recovery is not running, or cannot settle it (the authorizer keeps not answering). Two indexed reads of one record each.
/// </summary>
internal sealed class RecoveryHealthCheck(ITransactionStore store, IOptions<PaymentCoreHealthCheckOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var overdue = await store.GetDueAsync(now - settings.UnresolvedUnhealthyAge, 1, cancellationToken).ConfigureAwait(false);
        if (overdue.Count > 0)
        {
            return new HealthCheckResult(HealthStatus.Unhealthy, $"Transaction {overdue[0].Id} has been due for recovery longer than {settings.UnresolvedUnhealthyAge}.");
        }

        var late = await store.GetDueAsync(now - settings.UnresolvedDegradedAge, 1, cancellationToken).ConfigureAwait(false);
        return late.Count > 0
            ? HealthCheckResult.Degraded($"Transaction {late[0].Id} has been due for recovery longer than {settings.UnresolvedDegradedAge}.")
            : HealthCheckResult.Healthy("No record is overdue for recovery.");
    }
}
