using Microsoft.Extensions.Logging;

namespace PaymentCore.Hosting.Loops;

/// <summary>
/// Runs a pass, waits, and runs it again until the host stops: the interval after a pass that worked, a doubling
/// backoff after one that threw (logged, never rethrown: one bad pass must not stop the host). The stopping token
/// reaches the pass, which finishes the item in hand (an event being delivered, a record being recovered) and leaves
/// the rest to the next instance or start; claims not finished come back when their lease runs out.
/// </summary>
/// <remarks>Thread-safe: stateless; each run keeps its own counters.</remarks>
internal sealed class PassLoop(string name, TimeProvider time, ILogger logger, ILoopObserver? observer)
{
    public async Task RunAsync(Func<CancellationToken, Task> pass, TimeSpan interval, TimeSpan backoff, TimeSpan maxBackoff, CancellationToken stoppingToken)
    {
        HostingLog.LoopStarted(logger, name, interval);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                await pass(stoppingToken).ConfigureAwait(false);
                failures = 0;
                wait = interval;
                observer?.PassEnded(name, null);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A failing pass (the store unreachable) is logged and retried after a backoff; the host keeps running.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                wait = Backoff(failures, backoff, maxBackoff);
                HostingLog.PassFailed(logger, ex, name, ex.GetType().Name, failures, wait);
                observer?.PassEnded(name, ex);
            }

            try
            {
                // The timer is set before the observer hears of it: a test that advances the clock then always fires it.
                var delay = Task.Delay(wait, time, stoppingToken);
                observer?.Waiting(name, wait);
                await delay.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        HostingLog.LoopStopped(logger, name);
        observer?.Stopped(name);
    }

    /// <summary>The wait after <paramref name="failures"/> failing passes in a row: doubling from the first, capped.</summary>
    internal static TimeSpan Backoff(int failures, TimeSpan first, TimeSpan max)
    {
        var wait = first;
        for (var i = 1; i < failures && wait < max; i++)
        {
            wait += wait; // bounded by the loop and the cap, so it cannot overflow
        }

        return wait > max ? max : wait;
    }
}
