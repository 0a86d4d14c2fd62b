using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.Notifications;
using PaymentCore.Storage;
using PaymentCore.Testing;

namespace PaymentCore.SimulationTests;

/// <summary>The result of one seed: the trace, and the broken invariant if any.</summary>
public sealed record SimulationRun(int Seed, IReadOnlyList<string> Trace, string? Failure)
{
    public bool Passed => Failure is null;

    public string Report()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Seed {Seed} failed: {Failure}\nReplay: PAYMENTCORE_SIM_SEED={Seed} dotnet test tests/PaymentCore.SimulationTests --filter ReplaySeed\nTrace:\n");
        foreach (var line in Trace)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>
/// A deterministic simulation: from a seed alone it builds a workload (payments across currencies and accounts,
/// manual and automatic capture, partial captures and refunds, voids, duplicate and concurrent submissions with
/// one key) and a fault plan (authorizer errors and timeouts before and after the charge, permanent failures,
/// store write failures, notifier failures, crashes between any two steps), runs it on a fake clock, recovers,
/// and checks every invariant of issue 4.
/// </summary>
public static class Simulation
{
    private const string Merchant = "merchant-sim";
    private static readonly Currency[] Currencies = [Currency.USD, Currency.EUR, Currency.JPY, Currency.KWD];
    private static readonly string[] Payers = ["tok_sim_a", "tok_sim_b", "tok_sim_poor"];
    private static readonly string[] Payees = ["acct_shop_1", "acct_shop_2"];

    public static SimulationRun Run(int seed)
    {
        var random = new Random(seed);
        var time = new FastForwardTimeProvider();
        var world = new SimulationWorld(random, time);
        try
        {
            RunCoreAsync(seed, world).AsTask().GetAwaiter().GetResult();
            return new SimulationRun(seed, world.Trace, null);
        }
        catch (Exception ex) when (ex is PaymentInvariantException or SimulationInvariantException)
        {
            return new SimulationRun(seed, world.Trace, ex.Message);
        }
        catch (Exception ex)
        {
            return new SimulationRun(seed, world.Trace, "unexpected " + ex);
        }
    }

    private static async ValueTask RunCoreAsync(int seed, SimulationWorld world)
    {
        var random = world.Random;
        var time = world.Time;

        // Two issuers: a route of one or two authorizers (failover on Unreachable).
        var issuers = new[] { new InMemoryAuthorizer(new InMemoryAuthorizerOptions { Name = "acq-a" }), new InMemoryAuthorizer(new InMemoryAuthorizerOptions { Name = "acq-b" }) };
        var routeLength = random.Next(2) + 1;
        foreach (var issuer in issuers)
        {
            foreach (var currency in Currencies)
            {
                issuer.SetBalance("tok_sim_poor", Money.FromMinor(random.Next(0, 20_000), currency));
            }
        }

        var initial = new Dictionary<(string Issuer, string Payer, Currency Currency), long>();
        foreach (var issuer in issuers)
        {
            foreach (var payer in Payers)
            {
                foreach (var currency in Currencies)
                {
                    initial[(issuer.Name, payer, currency)] = issuer.GetAvailable(payer, currency).MinorUnits;
                }
            }
        }

        var store = new InMemoryTransactionStore();
        var notifier = new InMemoryNotifier();
        var faults = new FaultPlan(
            Authorizer: Pick(random, 0, 0.05, 0.2, 0.4),
            Query: Pick(random, 0, 0.1, 0.3),
            StoreWrite: Pick(random, 0, 0.02, 0.1),
            Notifier: Pick(random, 0, 0.1, 0.4),
            Crashes: random.Next(3));
        world.Faults = faults;
        var jitter = new Random(seed ^ 0x5EED);
        var options = SimulationOptions(random, jitter);
        world.Log($"seed {seed} route {routeLength} faults {faults}");

        // The workload: per payment a script of steps, interleaved at random across payments.
        var payments = random.Next(2, 7);
        var scripts = new List<Queue<Step>>();
        for (var i = 0; i < payments; i++)
        {
            var currency = Currencies[random.Next(Currencies.Length)];
            var request = new PaymentRequest
            {
                IdempotencyKey = $"k{i}",
                MerchantId = Merchant,
                Amount = Money.FromMinor(random.Next(1, 50_000), currency),
                Payer = PaymentInstrument.Card(Payers[random.Next(Payers.Length)], "visa", "424242", "4242"),
                Payee = Payees[random.Next(Payees.Length)],
                CaptureMode = random.Next(2) == 0 ? CaptureMode.Automatic : CaptureMode.Manual,
            };
            var steps = new Queue<Step>();
            steps.Enqueue(new Step(random.Next(5) == 0 ? StepKind.SubmitConcurrently : StepKind.Submit, request, null));
            if (random.Next(4) == 0)
            {
                steps.Enqueue(new Step(StepKind.Submit, request, null)); // a duplicate submission, later
            }

            if (request.CaptureMode == CaptureMode.Manual)
            {
                var choice = random.Next(4);
                if (choice <= 1)
                {
                    steps.Enqueue(new Step(choice == 0 ? StepKind.CaptureFull : StepKind.CapturePartial, request, null));
                }
                else if (choice == 2)
                {
                    steps.Enqueue(new Step(StepKind.Void, request, null));
                }
            }

            var refunds = random.Next(3);
            for (var r = 0; r < refunds; r++)
            {
                steps.Enqueue(new Step(StepKind.Refund, request, $"k{i}-r{r}"));
                if (random.Next(5) == 0)
                {
                    steps.Enqueue(new Step(StepKind.Refund, request, $"k{i}-r{r}")); // the same refund again
                }
            }

            scripts.Add(steps);
        }

        var acknowledged = new List<TransactionRecord>();
        var crashesLeft = faults.Crashes;
        var totalSteps = scripts.Sum(s => s.Count);
        var epoch = NewEpoch(world, ref crashesLeft, totalSteps);
        var processor = Build(issuers, routeLength, store, notifier, options, world, epoch);
        while (scripts.Any(s => s.Count > 0))
        {
            var live = scripts.Where(s => s.Count > 0).ToList();
            var step = live[random.Next(live.Count)].Dequeue();
            time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 3000)));
            await RunStepAsync(step, processor, world, random, acknowledged);
            if (random.Next(6) == 0 || epoch.Dead)
            {
                if (epoch.Dead)
                {
                    // The process died: build a new one on the same store and authorizers, then recover.
                    world.Log("restart");
                    epoch = NewEpoch(world, ref crashesLeft, totalSteps);
                    processor = Build(issuers, routeLength, store, notifier, options, world, epoch);
                }

                time.Advance(options.RecoverAfter + TimeSpan.FromSeconds(1));
                await RecoverAsync(processor, world, epoch);
                if (epoch.Dead)
                {
                    world.Log("restart");
                    epoch = NewEpoch(world, ref crashesLeft, totalSteps);
                    processor = Build(issuers, routeLength, store, notifier, options, world, epoch);
                }
            }
        }

        // Heal, then recover until nothing is left: past RecoverAfter, VoidUncapturedAfter and the outbox grace.
        world.Log("heal");
        world.Faults = FaultPlan.None;
        epoch = new Epoch(world, -1);
        processor = Build(issuers, routeLength, store, notifier, options, world, epoch);
        time.Advance(options.VoidUncapturedAfter + options.RecoverAfter);
        for (var pass = 0; pass < 10; pass++)
        {
            time.Advance(options.RecoverAfter + options.OutboxGracePeriod + TimeSpan.FromSeconds(1));
            var summary = await processor.RecoverAsync();
            world.Log($"final recovery {summary}");
            if (summary.Examined == 0 && store.UndeliveredCount == 0)
            {
                break;
            }
        }

        Check(issuers, store, notifier, acknowledged, initial);
    }

    private static async ValueTask RunStepAsync(Step step, PaymentProcessor processor, SimulationWorld world, Random random, List<TransactionRecord> acknowledged)
    {
        var id = TransactionId.For(Merchant, step.Request.IdempotencyKey);
        world.Log($"step {step.Kind} {step.Request.IdempotencyKey} {step.RefundKey}");
        try
        {
            switch (step.Kind)
            {
                case StepKind.Submit:
                    acknowledged.Add((await processor.ProcessAsync(step.Request)).Transaction);
                    break;
                case StepKind.SubmitConcurrently:
                    // Two calls with one key at once: the store's key uniqueness makes one of them a replay.
                    var first = processor.ProcessAsync(step.Request).AsTask();
                    var second = processor.ProcessAsync(step.Request).AsTask();
                    foreach (var task in new[] { first, second })
                    {
                        try
                        {
                            acknowledged.Add((await task).Transaction);
                        }
                        catch (Exception ex) when (IsExpected(ex))
                        {
                            world.Log("  concurrent call -> " + ex.GetType().Name);
                        }
                    }

                    break;
                case StepKind.CaptureFull or StepKind.CapturePartial:
                    var toCapture = await processor.GetAsync(id);
                    if (toCapture is { Status: TransactionStatus.Authorized })
                    {
                        var amount = step.Kind == StepKind.CaptureFull || toCapture.Authorized.MinorUnits == 1
                            ? toCapture.Authorized
                            : Money.FromMinor(random.NextInt64(1, toCapture.Authorized.MinorUnits), toCapture.Authorized.Currency);
                        acknowledged.Add((await processor.CaptureAsync(id, amount)).Transaction);
                    }

                    break;
                case StepKind.Void:
                    if (await processor.GetAsync(id) is { Status: TransactionStatus.Authorized })
                    {
                        acknowledged.Add((await processor.VoidAsync(id)).Transaction);
                    }

                    break;
                case StepKind.Refund:
                    var toRefund = await processor.GetAsync(id);
                    if (toRefund is { Status: TransactionStatus.Captured or TransactionStatus.PartiallyRefunded })
                    {
                        // A repeated refund key must carry its first amount; find it in the history or the pending intent.
                        var earlier = toRefund.History.FirstOrDefault(c => c.OperationKey == step.RefundKey)?.Amount
                            ?? (toRefund.Pending?.OperationKey == step.RefundKey ? toRefund.Pending!.Amount : (Money?)null);
                        if (earlier is null && toRefund.Refundable.IsZero)
                        {
                            break;
                        }

                        var amount = earlier ?? Money.FromMinor(random.NextInt64(1, toRefund.Refundable.MinorUnits + 1), toRefund.Refundable.Currency);
                        acknowledged.Add((await processor.RefundAsync(id, amount, step.RefundKey!)).Transaction);
                    }

                    break;
            }
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            world.Log("  -> " + ex.GetType().Name);
        }
    }

    private static async ValueTask RecoverAsync(PaymentProcessor processor, SimulationWorld world, Epoch epoch)
    {
        try
        {
            var summary = await processor.RecoverAsync();
            world.Log($"recovery {summary}");
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            world.Log("recovery -> " + ex.GetType().Name + (epoch.Dead ? " (dead)" : string.Empty));
        }
    }

    // Faults the caller is meant to see. Anything else (a state-machine refusal, an idempotency conflict, a
    // validation error on amounts computed from the record) is a bug and fails the run.
    private static bool IsExpected(Exception ex) =>
        ex is SimulatedCrashException or SimulatedStoreFaultException or ConcurrentUpdateException or InvalidTransitionException or TransactionNotFoundException;

    private static Epoch NewEpoch(SimulationWorld world, ref int crashesLeft, int totalSteps)
    {
        if (crashesLeft <= 0)
        {
            return new Epoch(world, -1);
        }

        crashesLeft--;
        return new Epoch(world, world.Random.Next(1, (totalSteps * 12) + 2));
    }

    private static PaymentProcessor Build(InMemoryAuthorizer[] issuers, int routeLength, InMemoryTransactionStore store, InMemoryNotifier notifier, PaymentProcessorOptions options, SimulationWorld world, Epoch epoch) =>
        new(
            [],
            [.. issuers.Take(routeLength).Select(i => (IAuthorizer)new FaultyAuthorizer(i, world, epoch))],
            new FaultyStore(store, world, epoch),
            [new FaultyNotifier(notifier, world, epoch)],
            Options.Create(options),
            world.Time);

    private static PaymentProcessorOptions SimulationOptions(Random random, Random jitter)
    {
        var options = new PaymentProcessorOptions
        {
            RecoverAfter = TimeSpan.FromMinutes(1),
            VoidUncapturedAfter = TimeSpan.FromHours(1),
            OutboxGracePeriod = TimeSpan.FromSeconds(5),
        };
        foreach (var policy in new[] { options.Authorize, options.Capture, options.Void, options.Refund, options.Notify })
        {
            policy.Backoff = (RetryBackoff)random.Next(4);
            policy.MaxAttempts = random.Next(1, 5);
            policy.Delay = TimeSpan.FromMilliseconds(random.Next(0, 500));
            policy.MaxDelay = policy.Delay + TimeSpan.FromSeconds(2);
            policy.Jitter = (RetryJitter)random.Next(3);
            policy.Deadline = random.Next(3) == 0 ? TimeSpan.FromSeconds(1) : null;
            policy.Randomizer = jitter.NextDouble;
        }

        return options;
    }

    private static double Pick(Random random, params double[] values) => values[random.Next(values.Length)];

    private static void Check(InMemoryAuthorizer[] issuers, InMemoryTransactionStore store, InMemoryNotifier notifier, List<TransactionRecord> acknowledged, Dictionary<(string Issuer, string Payer, Currency Currency), long> initial)
    {
        var records = store.Snapshot().OrderBy(r => r.IdempotencyKey, StringComparer.Ordinal).ToList();
        var byId = records.ToDictionary(r => r.Id);

        // No record left in an intermediate state.
        foreach (var record in records)
        {
            PaymentInvariants.AssertConsistent(record);
            Require(record.Status is not (TransactionStatus.Received or TransactionStatus.Authorized) && record.Pending is null, $"{record.IdempotencyKey} is left {record.Status}{(record.Pending is { } p ? " with pending " + p.Operation : string.Empty)} after recovery");
        }

        // The issuers: no mistakes (no double capture, no capture of a voided hold, no key reuse), one hold per
        // payment, every hold captured or voided, the ledger agrees with the records.
        var holdsSeen = new Dictionary<TransactionId, string>();
        foreach (var issuer in issuers)
        {
            PaymentInvariants.AssertLedgerAgrees(issuer, records.Where(r => r.Authorizer is null || r.Authorizer == issuer.Name));
            foreach (var (id, hold) in issuer.GetHolds())
            {
                Require(holdsSeen.TryAdd(id, issuer.Name), $"payment {id} is held at {holdsSeen.GetValueOrDefault(id)} and at {issuer.Name}: authorized twice");
                Require(hold.State != HoldState.Held, $"hold of {id} at {issuer.Name} is still open after recovery");
                Require(byId.TryGetValue(id, out var owner) && (owner.Authorizer == issuer.Name || hold.State == HoldState.Voided), $"hold of {id} at {issuer.Name} is not the record's authorizer");
            }

            // The ledger equals the store's sums, per payee and per payer account and currency.
            foreach (var currency in Currencies)
            {
                foreach (var payee in Payees)
                {
                    var stored = records.Where(r => r.Authorizer == issuer.Name && r.Request.Payee == payee && r.Amount.Currency == currency).Sum(r => r.Captured.MinorUnits - r.Refunded.MinorUnits);
                    Require(issuer.GetReceived(payee, currency).MinorUnits == stored, $"{issuer.Name} credited {payee} {issuer.GetReceived(payee, currency)} but the store says {stored} minor units of {currency}");
                }

                foreach (var payer in Payers)
                {
                    var spent = records.Where(r => r.Authorizer == issuer.Name && r.Request.Payer.Token == payer && r.Amount.Currency == currency).Sum(r => r.Captured.MinorUnits - r.Refunded.MinorUnits);
                    var available = issuer.GetAvailable(payer, currency).MinorUnits;
                    Require(issuer.GetHeld(payer, currency).IsZero, $"{issuer.Name} still holds funds of {payer} in {currency}");
                    Require(available == initial[(issuer.Name, payer, currency)] - spent, $"{issuer.Name}: {payer} has {available} {currency} but the store says {initial[(issuer.Name, payer, currency)] - spent}");
                }
            }
        }

        // Every recorded state change produced its event, and exactly one copy (by event id) reached the notifier.
        var expected = records.SelectMany(r => r.History.Select(c => PaymentEvent.IdFor(r.Id, c.Version))).ToHashSet();
        var delivered = notifier.DistinctEvents().Select(e => e.EventId).ToHashSet();
        Require(store.UndeliveredCount == 0, $"{store.UndeliveredCount} events are still in the outbox after recovery");
        foreach (var record in records)
        {
            foreach (var change in record.History)
            {
                Require(delivered.Contains(PaymentEvent.IdFor(record.Id, change.Version)), $"{record.IdempotencyKey} v{change.Version} ({change.From} → {change.To}) was recorded but never notified");
            }
        }

        Require(delivered.IsSubsetOf(expected), "an event reached the notifier for a change that was never recorded");

        // Nothing recorded was lost: every result a caller was given is a prefix of the final history.
        foreach (var seen in acknowledged)
        {
            var final = byId.GetValueOrDefault(seen.Id);
            Require(final is not null && final.Version >= seen.Version && seen.History.AsSpan().SequenceEqual(final.History.AsSpan()[..seen.History.Length]), $"{seen.IdempotencyKey}: the caller was told v{seen.Version} {seen.Status}, which the store lost");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new SimulationInvariantException(message);
        }
    }

    private enum StepKind
    {
        Submit,
        SubmitConcurrently,
        CaptureFull,
        CapturePartial,
        Void,
        Refund,
    }

    private sealed record Step(StepKind Kind, PaymentRequest Request, string? RefundKey);
}

public sealed class SimulationInvariantException(string message) : Exception(message);
