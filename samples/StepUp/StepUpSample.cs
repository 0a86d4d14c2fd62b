using System.Security.Cryptography;
using System.Text;
using PaymentCore.Audit;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.StepUp;
using PaymentCore.Storage;

namespace StepUp;

/// <summary>The step-up sample, callable from a test: writes what happens and returns the process exit code.</summary>
public static class StepUpSample
{
    /// <summary>Runs the sample.</summary>
    /// <param name="output">Where to write.</param>
    /// <returns>0 when every step came out as expected.</returns>
    public static async Task<int> RunAsync(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);

        // The payer's phone: the in-memory notifier keeps what an SMS gateway would deliver.
        var phone = new InMemoryOneTimeCodeNotifier();
        var codes = new OneTimeCodeAuthenticator(phone, new OneTimeCodeOptions { HashKey = RandomNumberGenerator.GetBytes(32) });

        // The audit trail, its checkpoints signed with a key the log does not hold.
        var log = new InMemoryAuditLog();
        var signer = new HmacAuditCheckpointSigner("audit-2026", RandomNumberGenerator.GetBytes(32));
        var audit = new AuditTrail(log, signer);

        // SCA-style: payments above 30.00 EUR need step-up.
        var processor = new PaymentProcessor(
            [new StepUpRule([Money.FromMajor(30m, Currency.EUR)])],
            new InMemoryAuthorizer(),
            new InMemoryTransactionStore(log), // the store writes each change and its step-up entries into this chain
            stepUpAuthenticators: [codes],
            auditTrail: audit);

        var payment = await processor.ProcessAsync(new PaymentRequest
        {
            IdempotencyKey = "order-1001",
            MerchantId = "shop-1",
            Amount = Money.FromMajor(250m, Currency.EUR),
            Payer = TestInstruments.Approves,
            Payee = "acct_shop_1",
        });
        output.WriteLine($"1. payment of 250.00 EUR: {payment.Outcome}, {payment.NextAction!.Kind}, {payment.NextAction.AttemptsLeft} tries");

        var sent = phone.LastCodeFor(payment.Id.ToString());
        var wrong = sent == "000000" ? "111111" : "000000";
        var first = await processor.ConfirmStepUpAsync("shop-1", payment.Id, wrong, "confirm-1");
        output.WriteLine($"2. wrong code: {first.Outcome}, {first.NextAction!.AttemptsLeft} tries left: {first.NextAction.Message}");

        var second = await processor.ConfirmStepUpAsync("shop-1", payment.Id, sent, "confirm-2");
        output.WriteLine($"3. right code: {second.Outcome}, {second.Status} {second.Transaction.Captured}");

        await audit.CheckpointAsync();
        var verified = await audit.VerifyAsync();
        var attempts = await audit.QueryAsync(new AuditQuery { EventType = AuditEventTypes.StepUpAttempt });
        output.WriteLine($"4. audit log: {verified.EntriesVerified} entries, {attempts.Entries.Count} step-up attempts ({string.Join(", ", attempts.Entries.Select(e => e.Event.Outcome))}): {(verified.IsIntact ? "intact" : "BROKEN")}");

        // An insider edits an exported copy: the wrong-code attempt now reads as a success.
        using var export = new MemoryStream();
        await audit.ExportJsonLinesAsync(export);
        var lines = Encoding.UTF8.GetString(export.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var edited = Array.FindIndex(lines, l => l.Contains("WrongCode", StringComparison.Ordinal));
        lines[edited] = lines[edited].Replace("WrongCode", "Succeeded", StringComparison.Ordinal).Replace("\"failure\"", "\"success\"", StringComparison.OrdinalIgnoreCase);
        using var tampered = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        var check = await AuditVerifier.VerifyAsync(AuditJsonLines.ReadAsync(tampered), await log.GetCheckpointsAsync(), signer);
        output.WriteLine($"5. tampered copy: {(check.IsIntact ? "intact" : "BROKEN")} at entry {check.BrokenAt}: {check.Reason}");

        var ok = payment.Outcome == PaymentOutcome.RequiresAction
            && first.Outcome == PaymentOutcome.RequiresAction
            && second.Outcome == PaymentOutcome.Approved
            && verified.IsIntact
            && !check.IsIntact;
        output.WriteLine(ok ? "done" : "unexpected outcome");
        return ok ? 0 : 1;
    }
}
