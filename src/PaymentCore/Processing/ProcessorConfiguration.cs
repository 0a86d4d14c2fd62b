using System.Globalization;
using System.Text;
using PaymentCore.Authorization;
using PaymentCore.Resilience;
using PaymentCore.Rules;
using PaymentCore.Storage;

namespace PaymentCore.Processing;

/// <summary>
/// The processor's configuration as the audit trail records it at start (<see cref="Audit.AuditEventTypes.Configured"/>):
/// options, rules in order, the authorizer route and the store, by name and figure. Options hold no secret, and
/// authorizers and stores are named by their type and name only.
/// </summary>
internal static class ProcessorConfiguration
{
    public static string Describe(PaymentProcessorOptions options, RuleChain rules, IReadOnlyList<IAuthorizer> authorizers, ITransactionStore store)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"recover_after {options.RecoverAfter}; capture_deadline {options.CaptureDeadline}; max_recovery_interval {options.MaxRecoveryInterval}; recovery_batch_size {options.RecoveryBatchSize}");
        text.Append("\nretries: authorize ").Append(Retry(options.Authorize)).Append("; capture ").Append(Retry(options.Capture))
            .Append("; void ").Append(Retry(options.Void)).Append("; refund ").Append(Retry(options.Refund));
        text.Append("\nrules: ").Append(rules.Rules.Count == 0 ? "none" : string.Join(", ", rules.Rules.Select(r => r.Name)));
        text.Append("\nauthorizers: ").Append(string.Join(", ", authorizers.Select(a => a.Name)));
        text.Append("\nstore: ").Append(store.GetType().Name);
        return text.ToString();
    }

    private static string Retry(RetryPolicyOptions retry) =>
        string.Create(CultureInfo.InvariantCulture, $"{retry.MaxAttempts} attempts {retry.Backoff} {retry.Delay}");
}
