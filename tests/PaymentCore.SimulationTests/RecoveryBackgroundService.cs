using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using PaymentCore.Processing;
using PaymentCore.Recovery;

namespace PaymentCore.SimulationTests;

// begin-snippet: recovery-background-service
/// <summary>
/// Runs <see cref="PaymentProcessor.RecoverAsync"/> on a timer in a hosted app. The core package has no hosting
/// dependency, so this class lives in your app: copy it, or register your own loop. Several instances of the app
/// may run it at once; recovery skips what another instance changed first.
/// </summary>
public sealed class RecoveryBackgroundService(
    PaymentProcessor processor,
    TimeProvider timeProvider,
    ILogger<RecoveryBackgroundService>? logger = null) : BackgroundService
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Gets or sets the time between passes.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Raised after each pass (for tests and metrics).</summary>
    public event Action<RecoverySummary>? PassCompleted;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var summary = await processor.RecoverAsync(stoppingToken);
                if (summary.Examined > 0 && _logger.IsEnabled(LogLevel.Information))
                {
                    _logger.LogInformation("Recovery: {Summary}", summary);
                }

                PassCompleted?.Invoke(summary);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A store outage fails one pass; the next tick tries again.
                _logger.LogError(ex, "Recovery pass failed.");
            }
        }
    }
}
// end-snippet
