using System.Globalization;
using PaymentCore.Authorization;
using PaymentCore.Notifications;
using PaymentCore.Rules;
using PaymentCore.Storage;
using Microsoft.Extensions.Time.Testing;

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

/// <summary>The fault plan of one run, drawn from the seed.</summary>
public sealed record FaultPlan(double Authorizer, double Query, double StoreWrite, double Notifier, int Crashes)
{
    public static FaultPlan None { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>
/// Shared by every wrapper of one run: the seeded random source, the trace and the clock. An <see cref="Epoch"/>
/// is the life of one processor: when it crashes, every wrapper of that epoch throws from then on.
/// </summary>
public sealed class SimulationWorld(Random random, FakeTimeProvider time)
{
    public Random Random { get; } = random;

    public FakeTimeProvider Time { get; } = time;

    public List<string> Trace { get; } = [];

    public FaultPlan Faults { get; set; } = FaultPlan.None;

    public void Log(string line) => Trace.Add(string.Create(CultureInfo.InvariantCulture, $"{(Time.GetUtcNow() - Start).TotalMilliseconds,10:0} {line}"));

    public DateTimeOffset Start { get; } = time.GetUtcNow();

    public bool Roll(double probability) => probability > 0 && Random.NextDouble() < probability;
}

/// <summary>One processor's life. <see cref="Point"/> marks a step; at the planned step the process dies.</summary>
public sealed class Epoch(SimulationWorld world, int crashAt)
{
    private int _points;

    public bool Dead { get; private set; }

    public void Point(string label)
    {
        if (Dead)
        {
            throw new SimulatedCrashException("dead: " + label);
        }

        if (++_points == crashAt)
        {
            Dead = true;
            world.Log("CRASH before " + label);
            throw new SimulatedCrashException("crash before " + label);
        }
    }
}

public sealed class FaultyAuthorizer(InMemoryAuthorizer inner, SimulationWorld world, Epoch epoch) : IAuthorizer
{
    public string Name => inner.Name;

    public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Do(request, inner.AuthorizeAsync);

    public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Do(request, inner.CaptureAsync);

    public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Do(request, inner.VoidAsync);

    public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Do(request, inner.RefundAsync);

    public async ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default)
    {
        epoch.Point($"{Name} query {request.Operation} {request.IdempotencyKey}");
        if (world.Roll(world.Faults.Query))
        {
            world.Log($"{Name} query {request.Operation} {request.IdempotencyKey} -> fault Unknown");
            return AuthorizerResult.Unknown("query_timeout");
        }

        var result = await inner.QueryAsync(request, cancellationToken);
        world.Log($"{Name} query {request.Operation} {request.IdempotencyKey} -> {result.Outcome}");
        return result;
    }

    private async ValueTask<AuthorizerResult> Do(AuthorizerRequest request, Func<AuthorizerRequest, CancellationToken, ValueTask<AuthorizerResult>> send)
    {
        var label = $"{Name} {request.Operation} {request.IdempotencyKey} {request.Amount}";
        epoch.Point(label);
        if (world.Roll(world.Faults.Authorizer))
        {
            var kind = world.Random.Next(100);
            switch (kind)
            {
                case < 40:
                    world.Log(label + " -> fault TransientFailure");
                    return AuthorizerResult.TransientFailure("sim_transient");
                case < 55:
                    world.Log(label + " -> fault timeout, not done");
                    return AuthorizerResult.Unknown("sim_timeout");
                case < 75:
                    var done = await send(request, CancellationToken.None);
                    world.Log(label + $" -> fault timeout after {done.Outcome}");
                    epoch.Point(label + " (response lost)");
                    return AuthorizerResult.Unknown("sim_timeout");
                case < 85:
                    world.Log(label + " -> fault Unreachable");
                    return AuthorizerResult.Unreachable("sim_unreachable");
                case < 93:
                    world.Log(label + " -> fault PermanentFailure");
                    return AuthorizerResult.PermanentFailure("sim_permanent");
                default:
                    world.Log(label + " -> fault throws");
                    throw new InvalidOperationException("simulated authorizer exception");
            }
        }

        var result = await send(request, CancellationToken.None);
        world.Log(label + " -> " + result.Outcome);
        epoch.Point(label + " (answer)");
        return result;
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

public sealed class FaultyStore(InMemoryTransactionStore inner, SimulationWorld world, Epoch epoch) : ITransactionStore
{
    public async ValueTask<CreateResult> TryCreateAsync(TransactionRecord record, PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        var label = $"store create {record.IdempotencyKey}";
        epoch.Point(label);
        var fault = WriteFault(label);
        if (fault == 1)
        {
            throw new SimulatedStoreFaultException(label);
        }

        var result = await inner.TryCreateAsync(record, paymentEvent, cancellationToken);
        epoch.Point(label + " (written)");
        return fault == 2 ? throw new SimulatedStoreFaultException(label + " (applied)") : result;
    }

    public async ValueTask<bool> TryUpdateAsync(TransactionRecord record, long expectedVersion, PaymentEvent? paymentEvent, CancellationToken cancellationToken = default)
    {
        var label = $"store update {record.IdempotencyKey} v{expectedVersion}->{record.Status}{(record.Pending is { } p ? "+" + p.Operation : string.Empty)}";
        epoch.Point(label);
        var fault = WriteFault(label);
        if (fault == 1)
        {
            throw new SimulatedStoreFaultException(label);
        }

        var written = await inner.TryUpdateAsync(record, expectedVersion, paymentEvent, cancellationToken);
        world.Log(label + (written ? " ok" : " conflict"));
        epoch.Point(label + " (written)");
        return fault == 2 ? throw new SimulatedStoreFaultException(label + " (applied)") : written;
    }

    public ValueTask<TransactionRecord?> GetAsync(TransactionId id, CancellationToken cancellationToken = default)
    {
        epoch.Point("store get");
        return inner.GetAsync(id, cancellationToken);
    }

    public ValueTask<TransactionRecord?> FindByIdempotencyKeyAsync(string merchantId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        epoch.Point("store find");
        return inner.FindByIdempotencyKeyAsync(merchantId, idempotencyKey, cancellationToken);
    }

    public ValueTask<TransactionPage> QueryAsync(TransactionQuery query, CancellationToken cancellationToken = default)
    {
        epoch.Point("store query");
        return inner.QueryAsync(query, cancellationToken);
    }

    public ValueTask<PayerActivity> GetPayerActivityAsync(string payerToken, Currency currency, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        epoch.Point("store activity");
        return inner.GetPayerActivityAsync(payerToken, currency, from, until, cancellationToken);
    }

    public ValueTask<IReadOnlyList<global::PaymentCore.Outbox.OutboxMessage>> ClaimEventsAsync(int maxCount, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default) => inner.ClaimEventsAsync(maxCount, now, lease, cancellationToken);

    public ValueTask MarkDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default) => inner.MarkDeliveredAsync(eventIds, cancellationToken);

    public ValueTask RecordDeliveryFailureAsync(global::PaymentCore.Outbox.DeliveryFailure failure, CancellationToken cancellationToken = default) => inner.RecordDeliveryFailureAsync(failure, cancellationToken);

    public ValueTask<IReadOnlyList<global::PaymentCore.Outbox.OutboxMessage>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default) => inner.GetDeadLettersAsync(maxCount, cancellationToken);

    public ValueTask<bool> RedriveAsync(Guid eventId, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.RedriveAsync(eventId, now, cancellationToken);

    public ValueTask<global::PaymentCore.Outbox.OutboxBacklog> GetOutboxBacklogAsync(CancellationToken cancellationToken = default) => inner.GetOutboxBacklogAsync(cancellationToken);

    public ValueTask<IReadOnlyList<TransactionRecord>> GetDueAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default) => inner.GetDueAsync(now, maxCount, cancellationToken);
    {
        epoch.Point("store unfinished");
        return inner.GetUnfinishedAsync(updatedBefore, maxCount, cancellationToken);
    }

    // 0 none, 1 fails before applying, 2 applied but the answer is lost.
    private int WriteFault(string label)
    {
        if (!world.Roll(world.Faults.StoreWrite))
        {
            return 0;
        }

        var kind = world.Random.Next(2) + 1;
        world.Log(label + (kind == 1 ? " -> fault, not written" : " -> fault, written"));
        return kind;
    }
}
