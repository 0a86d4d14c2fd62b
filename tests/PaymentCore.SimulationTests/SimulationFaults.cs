using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Transactions;

namespace PaymentCore.SimulationTests;

/// <summary>The process died: thrown by every part of an abandoned processor, so it can do nothing more.</summary>
public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException(string message) : base(message) { }
}

/// <summary>A store write failed (before or after it was applied).</summary>
public sealed class SimulatedStoreFaultException : Exception
{
    public SimulatedStoreFaultException(string message) : base(message) { }
}

/// <summary>A notifier failed.</summary>
public sealed class SimulatedNotifierFaultException : Exception
{
    public SimulatedNotifierFaultException(string message) : base(message) { }
}

/// <summary>An invariant of the simulation broke.</summary>
public sealed class SimulationInvariantException(string message) : Exception(message);

/// <summary>Operations the simulated issuer refuses, every time, while the fault plan is in force.</summary>
[Flags]
public enum Refusals
{
    None = 0,
    Capture = 1,
    Void = 2,
    Refund = 4,
}

/// <summary>The fault plan of one run, drawn from the seed.</summary>
/// <param name="Authorizer">Chance that one call to an authorizer fails (transient, timeout before or after doing it, unreachable, permanent, throws).</param>
/// <param name="Query">Chance that a status query cannot tell.</param>
/// <param name="StoreWrite">Chance that a store write fails (before or after it is applied).</param>
/// <param name="Notifier">Chance that a delivery fails.</param>
/// <param name="Crashes">How many times the process dies.</param>
/// <param name="Slow">Chance that an authorizer's answer is slow: the call waits while other calls run and the clock moves.</param>
/// <param name="RaceRecovery">Chance that, while an answer is slow, recovery in another instance takes the payment up.</param>
/// <param name="Refuse">What the issuer refuses permanently (an expired authorization, a closed account).</param>
public sealed record FaultPlan(double Authorizer, double Query, double StoreWrite, double Notifier, int Crashes, double Slow = 0, double RaceRecovery = 0, Refusals Refuse = Refusals.None)
{
    public static FaultPlan None { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>
/// Shared by every wrapper of one run: the seeded random source, the trace, the clock, the slow answers waiting to
/// be released and what the issuers really did. Everything runs on one thread at a time: a slow answer is a gate
/// the run releases in an order drawn from the seed, so concurrent calls interleave the same way on every replay.
/// </summary>
public sealed class SimulationWorld(Random random, FakeTimeProvider time)
{
    private readonly List<(string Label, TaskCompletionSource Gate)> _gates = [];
    private readonly HashSet<(string Issuer, string Key, AuthorizerOperation Operation)> _done = [];
    private readonly Dictionary<TransactionId, int> _sends = [];

    public Random Random { get; } = random;

    public FakeTimeProvider Time { get; } = time;

    public List<string> Trace { get; } = [];

    public FaultPlan Faults { get; set; } = FaultPlan.None;

    /// <summary>While set, nothing is traced (the setup of thousands of healthy holds).</summary>
    public bool Quiet { get; set; }

    public DateTimeOffset Start { get; } = time.GetUtcNow();

    /// <summary>Every operation an issuer performed for the first time (a replay by key is not a second one), in order.</summary>
    public List<Performed> Performed { get; } = [];

    /// <summary>Operations the issuers refused by the fault plan, by key: a status query answers with the same refusal.</summary>
    public Dictionary<(string Issuer, string Key, AuthorizerOperation Operation), AuthorizerResult> Refused { get; } = [];

    /// <summary>A payment whose operations, from its <see cref="DarkFrom"/>th send on, never get an answer, not even from a status query: its outcome is unknown by the plan.</summary>
    public TransactionId? Dark { get; set; }

    public int DarkFrom { get; set; }

    public void Log(string line)
    {
        if (!Quiet)
        {
            Trace.Add(string.Create(CultureInfo.InvariantCulture, $"{(Time.GetUtcNow() - Start).TotalMilliseconds,10:0} {line}"));
        }
    }

    public bool Roll(double probability) => probability > 0 && Random.NextDouble() < probability;

    /// <summary>Whether a send of this payment goes unanswered; counts the send.</summary>
    public bool GoesDark(TransactionId id)
    {
        var sends = _sends.GetValueOrDefault(id);
        _sends[id] = sends + 1;
        return Dark == id && sends >= DarkFrom;
    }

    /// <summary>Whether the payment has gone dark (for status queries, which do not count as sends).</summary>
    public bool IsDark(TransactionId id) => Dark == id && _sends.GetValueOrDefault(id) > DarkFrom;

    /// <summary>Records that an issuer did an operation, if it is the first time for its key.</summary>
    public void Did(string issuer, AuthorizerRequest request, AuthorizerResult result)
    {
        if (result.IsApproved && _done.Add((issuer, request.IdempotencyKey, request.Operation)))
        {
            Performed.Add(new Performed(request.TransactionId, request.Operation, request.IdempotencyKey, request.Amount, issuer));
        }
    }

    /// <summary>A slow answer: the call waits here until the run releases it.</summary>
    public async ValueTask SlowAsync(string label)
    {
        if (!Roll(Faults.Slow))
        {
            return;
        }

        // Continuations run inline on the releasing thread: the interleaving is the run's, not the thread pool's.
        var gate = new TaskCompletionSource();
        _gates.Add((label, gate));
        Log(label + " -> slow");
        await gate.Task;
    }

    /// <summary>
    /// Runs <paramref name="tasks"/> to the end, releasing slow answers one at a time, in an order drawn from the
    /// seed, with the clock moving between them. <paramref name="race"/> may start one more task (recovery in another
    /// instance) while answers are outstanding.
    /// </summary>
    public async Task DriveAsync(List<Task> tasks, Func<Task?>? race = null)
    {
        var raced = false;
        while (!tasks.TrueForAll(t => t.IsCompleted))
        {
            if (_gates.Count == 0)
            {
                // Everything in the simulation completes inline or waits on a gate; anything else is a hang.
                var all = Task.WhenAll(tasks);
                if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(30))) != all)
                {
                    throw new SimulationInvariantException($"the run hung ({string.Join(", ", tasks.Select(t => t.Status))}): a call waits on something other than a simulated slow answer");
                }

                break;
            }

            if (!raced && race is not null && Roll(Faults.RaceRecovery))
            {
                raced = true;
                Log("race starts");
                if (race() is { } extra)
                {
                    tasks.Add(extra);
                    continue;
                }
            }

            var index = Random.Next(_gates.Count);
            var (label, gate) = _gates[index];
            _gates.RemoveAt(index);
            Time.Advance(TimeSpan.FromMilliseconds(Random.Next(0, 2000)));
            Log(label + " -> answer arrives");
            gate.SetResult();
        }

        await Task.WhenAll(tasks);
    }
}

/// <summary>One operation an issuer performed.</summary>
public readonly record struct Performed(TransactionId Id, AuthorizerOperation Operation, string Key, Money Amount, string Issuer);

/// <summary>
/// One processor's life. <see cref="Point"/> marks a step; at the planned step (its number, or the first whose label
/// <paramref name="crashWhen"/> picks) the process dies.
/// </summary>
public sealed class Epoch(SimulationWorld world, int crashAt, Func<string, bool>? crashWhen = null)
{
    private int _points;

    public bool Dead { get; private set; }

    public void Point(string label)
    {
        if (Dead)
        {
            throw new SimulatedCrashException("dead: " + label);
        }

        if (++_points == crashAt || crashWhen?.Invoke(label) == true)
        {
            Dead = true;
            world.Log("CRASH before " + label);
            throw new SimulatedCrashException("crash before " + label);
        }
    }
}

public sealed class FaultyNotifier(InMemoryNotifier inner, SimulationWorld world, Epoch epoch) : INotifier
{
    public ValueTask NotifyAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        epoch.Point($"notify v{paymentEvent.Version} {paymentEvent.To}");
        if (world.Roll(world.Faults.Notifier))
        {
            world.Log($"notify {paymentEvent.TransactionId} v{paymentEvent.Version} -> fault");
            throw new SimulatedNotifierFaultException("simulated notifier failure");
        }

        return inner.NotifyAsync(paymentEvent, cancellationToken);
    }
}
