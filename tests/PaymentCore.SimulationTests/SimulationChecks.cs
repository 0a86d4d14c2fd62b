using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Storage;
using PaymentCore.Testing.Assertions;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.SimulationTests;

/// <summary>The invariants checked after every seed, once faults are healed and recovery has run.</summary>
public static class SimulationChecks
{
    public sealed record Context(
        IReadOnlyList<TransactionRecord> Records,
        InMemoryAuthorizer[] Issuers,
        InMemoryTransactionStore Store,
        InMemoryNotifier Notifier,
        IReadOnlyList<TransactionRecord> Acknowledged,
        IReadOnlyDictionary<(string Issuer, string Payer, Currency Currency), long> Initial,
        TransactionId? Dark,
        Func<TransactionRecord, string?> FeeProblem,
        Func<TransactionRecord, bool>? NeedsStepUp = null,
        IReadOnlyList<Performed>? Performed = null);

    public static void Check(Context context)
    {
        var records = context.Records.OrderBy(r => r.IdempotencyKey, StringComparer.Ordinal).ToList();
        var byId = records.ToDictionary(r => r.Id);

        foreach (var record in records)
        {
            PaymentInvariants.AssertConsistent(record);
            if (record.Id == context.Dark)
            {
                // Unknown by the plan: it may stay in flight, but only as unknown, never guessed.
                Require(record.Pending is null ? record.Status is not (TransactionStatus.Received or TransactionStatus.Authorized or TransactionStatus.RequiresAction) : record.Pending.OutcomeUnknown || record.Status == TransactionStatus.Received, $"{record.IdempotencyKey} (dark) is left {record.Status} with {record.Pending?.ToString() ?? "nothing"} in flight");
                continue;
            }

            // No record stays pending after recovery unless its outcome is unknown by the fault plan.
            Require(record.Status is not (TransactionStatus.Received or TransactionStatus.Authorized or TransactionStatus.RequiresAction) && record.Pending is null && !record.CaptureOpen, $"{record.IdempotencyKey} is left {record.Status}{(record.CaptureOpen ? " with its capture open" : string.Empty)}{(record.Pending is { } p ? " with pending " + p.Operation : string.Empty)} after recovery");

            // Fees follow the documented policy on what was captured.
            Require(context.FeeProblem(record) is null, context.FeeProblem(record)!);
        }

        // Issue 13: no payment is authorized without a successful step-up when one was required. The rule asked for
        // every payment it should have, and whatever reached an issuer had a challenge answered rightly first.
        foreach (var record in records)
        {
            if (context.NeedsStepUp?.Invoke(record) != true)
            {
                continue;
            }

            Require(record.StepUp is not null || record.Status == TransactionStatus.Declined, $"{record.IdempotencyKey} needed step-up but went on without asking ({record.Status})");
            var authorized = record.History.Any(c => c.To == TransactionStatus.Authorized) || context.Issuers.Any(i => i.GetHolds().ContainsKey(record.Id));
            Require(!authorized || record.StepUp is { Satisfied: true, Challenge.Status: StepUp.StepUpChallengeStatus.Succeeded }, $"{record.IdempotencyKey} was authorized without a successful step-up ({record.StepUp?.Challenge?.Status.ToString() ?? "no challenge"})");
        }

        // Issue 11: a payment is taken once. A sale is its authorization and its capture: never two sales, never a
        // sale and an authorization, and a payment sold is recorded Captured (or refunded after), whatever crashed.
        foreach (var group in (context.Performed ?? []).GroupBy(p => p.Id))
        {
            var sales = group.Count(p => p.Operation == AuthorizerOperation.Sale);
            var authorizations = group.Count(p => p.Operation == AuthorizerOperation.Authorize);
            Require(sales + authorizations <= 1, $"payment {group.Key} was charged {sales} time(s) by sale and {authorizations} by authorization");
            if (sales == 1 && group.Key != context.Dark && byId.TryGetValue(group.Key, out var sold))
            {
                Require(sold.Status is TransactionStatus.Captured or TransactionStatus.PartiallyRefunded or TransactionStatus.Refunded && sold.Captured == sold.Amount, $"{sold.IdempotencyKey} was sold at the issuer but is recorded {sold.Status} (captured {sold.Captured})");
            }
        }

        // The issuers: no mistakes (no double capture, no capture of a voided hold, no key reuse), one hold per
        // payment, every hold captured or voided, the ledger agrees with the records.
        var holdsSeen = new Dictionary<TransactionId, string>();
        var darkHold = default(IssuerHold);
        foreach (var issuer in context.Issuers)
        {
            PaymentInvariants.AssertLedgerAgrees(issuer, records.Where(r => r.Authorizer is null || r.Authorizer == issuer.Name));
            var holds = issuer.GetHolds();
            foreach (var (id, hold) in holds)
            {
                Require(holdsSeen.TryAdd(id, issuer.Name), $"payment {id} is held at {holdsSeen.GetValueOrDefault(id)} and at {issuer.Name}: authorized twice");
                if (id == context.Dark)
                {
                    darkHold = hold;
                    continue;
                }

                Require(hold.State != HoldState.Held, $"hold of {id} at {issuer.Name} is still open after recovery");
                Require(byId.TryGetValue(id, out var owner) && (owner.Authorizer == issuer.Name || hold.State == HoldState.Voided), $"hold of {id} at {issuer.Name} is not the record's authorizer");
            }

            // The ledger equals the store's sums, per payee and per payer account and currency; the dark payment's
            // money is what its hold says, since no record can know it.
            var dark = context.Dark is { } d && holds.TryGetValue(d, out var h) && byId.TryGetValue(d, out var dr) ? (Hold: h, Record: dr) : ((IssuerHold Hold, TransactionRecord Record)?)null;
            foreach (var currency in SimulationRunner.Currencies)
            {
                foreach (var payee in SimulationRunner.Payees)
                {
                    var stored = records.Where(r => r.Id != context.Dark && r.Authorizer == issuer.Name && r.Request.Payee == payee && r.Amount.Currency == currency).Sum(r => r.Captured.MinorUnits - r.Refunded.MinorUnits);
                    if (dark is { } x && x.Record.Request.Payee == payee && x.Record.Amount.Currency == currency)
                    {
                        stored += x.Hold.Captured.MinorUnits - x.Hold.Refunded.MinorUnits;
                    }

                    Require(issuer.GetReceived(payee, currency).MinorUnits == stored, $"{issuer.Name} credited {payee} {issuer.GetReceived(payee, currency)} but the store says {stored} minor units of {currency}");
                }

                foreach (var payer in SimulationRunner.Payers)
                {
                    var spent = records.Where(r => r.Id != context.Dark && r.Authorizer == issuer.Name && r.Request.Payer.Token == payer && r.Amount.Currency == currency).Sum(r => r.Captured.MinorUnits - r.Refunded.MinorUnits);
                    var held = 0L;
                    if (dark is { } x && x.Hold.Account == payer && x.Record.Amount.Currency == currency)
                    {
                        spent += x.Hold.Captured.MinorUnits - x.Hold.Refunded.MinorUnits;
                        held = x.Hold.State == HoldState.Held ? x.Hold.Authorized.MinorUnits - x.Hold.Captured.MinorUnits : 0;
                    }

                    var available = issuer.GetAvailable(payer, currency).MinorUnits;
                    var initial = context.Initial[(issuer.Name, payer, currency)];
                    Require(issuer.GetHeld(payer, currency).MinorUnits == held, $"{issuer.Name} still holds {issuer.GetHeld(payer, currency)} of {payer}");
                    Require(available == initial - spent - held, $"{issuer.Name}: {payer} has {available} {currency} but the store says {initial - spent - held}");
                }
            }
        }

        // Every recorded state change produced its event, and exactly one copy (by event id) reached the notifier.
        var expected = records.SelectMany(r => r.History.Select(c => PaymentEvent.IdFor(r.Id, c.Version))).ToHashSet();
        var delivered = context.Notifier.DistinctEvents().Select(e => e.EventId).ToHashSet();
        Require(context.Store.UndeliveredCount == 0, $"{context.Store.UndeliveredCount} events are still in the outbox after recovery");
        foreach (var record in records)
        {
            foreach (var change in record.History)
            {
                Require(delivered.Contains(PaymentEvent.IdFor(record.Id, change.Version)), $"{record.IdempotencyKey} v{change.Version} ({OutcomeChecks.Describe(change)}) was recorded but never notified");
            }
        }

        Require(delivered.IsSubsetOf(expected), "an event reached the notifier for a change that was never recorded");

        // Nothing recorded was lost: every result a caller was given is a prefix of the final history.
        foreach (var seen in context.Acknowledged)
        {
            var final = byId.GetValueOrDefault(seen.Id);
            Require(final is not null && final.Version >= seen.Version && seen.History.AsSpan().SequenceEqual(final.History.AsSpan()[..seen.History.Length]), $"{seen.IdempotencyKey}: the caller was told v{seen.Version} {seen.Status}, which the store lost");
        }
    }

    public static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new SimulationInvariantException(message);
        }
    }
}
