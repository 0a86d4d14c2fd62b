using Microsoft.Extensions.Diagnostics.HealthChecks;
using PaymentCore.Storage;

namespace PaymentCore.Hosting.HealthChecks;

/// <summary>Healthy when the store answers a read (the outbox count); Unhealthy, naming the exception's type only, when it does not.</summary>
internal sealed class StoreHealthCheck(ITransactionStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            _ = await store.GetOutboxBacklogAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("The transaction store answers.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any failure to read is the answer: unreachable. Its message may name a host or a file, so only the type is reported.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The transaction store did not answer ({ex.GetType().Name}).");
        }
    }
}
