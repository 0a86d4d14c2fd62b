using System.Collections.Concurrent;
using System.Threading.Channels;
using PaymentCore.Hosting.Loops;

namespace PaymentCore.Hosting.Tests.Loops;

/// <summary>
/// Hears what the loops do, in order, so tests wait for "the loop is waiting" instead of sleeping. The waits on it
/// are hang guards (a minute), never assertions about time.
/// </summary>
internal sealed class LoopProbe(TimeProvider time) : ILoopObserver
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Channel<TimeSpan>> _waits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(DateTimeOffset At, Exception? Error)>> _passes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _stopped = new(StringComparer.Ordinal);

    public IReadOnlyList<(DateTimeOffset At, Exception? Error)> Passes(string loop) => [.. _passes.GetOrAdd(loop, _ => new())];

    public void PassEnded(string loop, Exception? error) => _passes.GetOrAdd(loop, _ => new()).Enqueue((time.GetUtcNow(), error));

    public void Waiting(string loop, TimeSpan wait) => Waits(loop).Writer.TryWrite(wait);

    public void Stopped(string loop) => StoppedSource(loop).TrySetResult();

    /// <summary>The next wait the loop starts (its timer is set by then).</summary>
    public async Task<TimeSpan> NextWaitAsync(string loop)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        return await Waits(loop).Reader.ReadAsync(guard.Token);
    }

    public Task WhenStoppedAsync(string loop) => StoppedSource(loop).Task.WaitAsync(HangGuard);

    private Channel<TimeSpan> Waits(string loop) => _waits.GetOrAdd(loop, _ => Channel.CreateUnbounded<TimeSpan>());

    private TaskCompletionSource StoppedSource(string loop) => _stopped.GetOrAdd(loop, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
