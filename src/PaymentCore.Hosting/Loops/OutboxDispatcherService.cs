using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaymentCore.Outbox;

namespace PaymentCore.Hosting.Loops;

/// <summary>
/// Delivers the outbox on a timer: <see cref="OutboxDispatcher.DispatchAsync"/> every
/// <see cref="OutboxLoopOptions.Interval"/>. Safe in several instances on one store: each event is claimed for
/// <see cref="OutboxOptions.Lease"/> by one of them.
/// </summary>
internal sealed class OutboxDispatcherService(
    OutboxDispatcher dispatcher,
    IOptions<OutboxLoopOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcherService> logger,
    ILoopObserver? observer = null) : BackgroundService
{
    public const string LoopName = "outbox";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            HostingLog.LoopDisabled(logger, LoopName);
            return Task.CompletedTask;
        }

        return new PassLoop(LoopName, time, logger, observer).RunAsync(
            async ct => await dispatcher.DispatchAsync(ct).ConfigureAwait(false),
            settings.Interval,
            settings.ErrorBackoff,
            settings.MaxErrorBackoff,
            stoppingToken);
    }
}
