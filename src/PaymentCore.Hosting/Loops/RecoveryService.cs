using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaymentCore.Processing;

namespace PaymentCore.Hosting.Loops;

/// <summary>
/// Runs recovery on a timer: <see cref="PaymentProcessor.RecoverAsync"/> every <see cref="RecoveryLoopOptions.Interval"/>,
/// batch after batch while batches come back full. Safe in several instances on one store: every write is at the
/// version read, so two instances never both act on one record.
/// </summary>
internal sealed class RecoveryService(
    PaymentProcessor processor,
    IOptions<RecoveryLoopOptions> options,
    IOptions<PaymentProcessorOptions> processorOptions,
    TimeProvider time,
    ILogger<RecoveryService> logger,
    ILoopObserver? observer = null) : BackgroundService
{
    public const string LoopName = "recovery";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            HostingLog.LoopDisabled(logger, LoopName);
            return Task.CompletedTask;
        }

        var batchSize = processorOptions.Value.RecoveryBatchSize;
        return new PassLoop(LoopName, time, logger, observer).RunAsync(
            async ct =>
            {
                // A full batch may mean more are due: take the next at once, up to the cap, so a backlog after an
                // outage drains without waiting an interval per batch, and a pass still ends.
                for (var batch = 0; batch < settings.MaxBatchesPerPass; batch++)
                {
                    var summary = await processor.RecoverAsync(ct).ConfigureAwait(false);
                    if (summary.Examined < batchSize)
                    {
                        break;
                    }
                }
            },
            settings.Interval,
            settings.ErrorBackoff,
            settings.MaxErrorBackoff,
            stoppingToken);
    }
}
