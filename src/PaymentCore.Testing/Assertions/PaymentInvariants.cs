using PaymentCore.Authorization;
using PaymentCore.Transactions;

namespace PaymentCore.Testing.Assertions;

/// <summary>
/// Checks the invariants every payment keeps, for use in any test framework: amounts never exceed what came
/// before them, the history explains the state, and the issuer's ledger agrees with the records.
/// </summary>
/// <remarks>Stateless; safe to use from any thread.</remarks>
public static class PaymentInvariants
{
    /// <summary>Checks one record: currencies match; 0 ≤ refunded ≤ captured ≤ authorized ≤ amount; fee ≤ amount; versions and history agree; the status is the last change's.</summary>
    /// <param name="record">The record.</param>
    /// <exception cref="PaymentInvariantException">An invariant does not hold.</exception>
    public static void AssertConsistent(TransactionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var c = record.Amount.Currency;
        Check(record.Authorized.Currency == c && record.Captured.Currency == c && record.Refunded.Currency == c && record.Fee.Currency == c, record, "all amounts are in the payment's currency");
        Check(!record.Refunded.IsNegative && record.Refunded <= record.Captured, record, $"0 ≤ refunded ({record.Refunded}) ≤ captured ({record.Captured})");
        Check(record.Captured <= record.Authorized, record, $"captured ({record.Captured}) ≤ authorized ({record.Authorized})");
        Check(record.Authorized <= record.Amount, record, $"authorized ({record.Authorized}) ≤ amount ({record.Amount})");
        Check(!record.Fee.IsNegative && record.Fee <= record.Amount, record, $"0 ≤ fee ({record.Fee}) ≤ amount ({record.Amount})");
        Check(record.History.Length > 0 && record.History[^1].To == record.Status, record, "the status is the last history entry's");
        for (var i = 1; i < record.History.Length; i++)
        {
            var change = record.History[i];
            // A one-step sale records its Authorized and Captured steps in one write, at one version (and only that).
            var sale = change.Version == record.History[i - 1].Version
                && record.History[i - 1] is { To: TransactionStatus.Authorized, Operation: AuthorizerOperation.Authorize, Refused: false }
                && change is { From: TransactionStatus.Authorized, To: TransactionStatus.Captured, Operation: AuthorizerOperation.Capture, Refused: false };
            Check(change.Version > record.History[i - 1].Version || sale, record, "history versions increase");
            // A refusal (issue 9) records an operation the authorizer refused: the state did not move.
            Check((change.Refused && change.From == change.To) || PaymentStateMachine.IsAllowed(change.From, change.To), record, $"history move {change.From} → {change.To} is allowed");
        }

        Check(record.History[^1].Version <= record.Version, record, "no history entry is newer than the record");
    }

    /// <summary>
    /// Checks that the simulated issuer agrees with the records: each authorized payment has one hold in the
    /// matching state for the matching amounts, no hold exists without a record that knows of it once nothing is
    /// pending, and the issuer saw no operation a correct processor never sends.
    /// </summary>
    /// <param name="issuer">The simulated issuer.</param>
    /// <param name="records">Every record of the run.</param>
    /// <exception cref="PaymentInvariantException">They disagree.</exception>
    public static void AssertLedgerAgrees(InMemoryAuthorizer issuer, IEnumerable<TransactionRecord> records)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(records);
        var mistakes = issuer.Mistakes;
        if (mistakes.Count > 0)
        {
            throw new PaymentInvariantException("The issuer was asked for operations a correct processor never sends: " + string.Join("; ", mistakes));
        }

        var holds = issuer.GetHolds();
        var known = new HashSet<TransactionId>();
        foreach (var record in records)
        {
            AssertConsistent(record);
            known.Add(record.Id);
            holds.TryGetValue(record.Id, out var hold);
            switch (record.Status)
            {
                case TransactionStatus.Authorized when record.Pending is null:
                    Check(hold is { State: HoldState.Held } && hold.Authorized == record.Authorized, record, $"the issuer holds {record.Authorized} (it has {Describe(hold)})");
                    break;
                case TransactionStatus.Captured or TransactionStatus.PartiallyRefunded or TransactionStatus.Refunded when record.Pending is null:
                    Check(hold is { State: HoldState.Captured } && hold.Captured == record.Captured && hold.Refunded == record.Refunded, record, $"the issuer captured {record.Captured} and refunded {record.Refunded} (it has {Describe(hold)})");
                    break;
                case TransactionStatus.Voided:
                    Check(hold is { State: HoldState.Voided }, record, $"the issuer released the hold (it has {Describe(hold)})");
                    break;
                case TransactionStatus.Declined or TransactionStatus.Failed:
                    Check(hold is null or { State: HoldState.Voided }, record, $"the issuer holds nothing (it has {Describe(hold)})");
                    break;
            }
        }

        foreach (var (id, hold) in holds)
        {
            if (!known.Contains(id) && hold.State != HoldState.Voided)
            {
                throw new PaymentInvariantException($"The issuer has a {hold.State} hold of {hold.Authorized} for {id} that no record knows of: money moved without a record.");
            }
        }
    }

    private static string Describe(IssuerHold? hold) =>
        hold is null ? "no hold" : $"{hold.State}: authorized {hold.Authorized}, captured {hold.Captured}, refunded {hold.Refunded}";

    private static void Check(bool condition, TransactionRecord record, string invariant)
    {
        if (!condition)
        {
            throw new PaymentInvariantException($"Transaction {record.Id} ({record.Status}, v{record.Version}) breaks: {invariant}.");
        }
    }
}
