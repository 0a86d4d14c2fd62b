using PaymentCore.Audit;
using PaymentCore.DataProtection;

namespace PaymentCore.Relational;

/// <summary>
/// Records a re-encrypt job in the audit trail (issue 12: "record each key rotation in the audit trail"): one
/// <see cref="AuditEventTypes.KeyRotated"/> entry on resource <c>key/&lt;active id&gt;</c>, a success with the count, or
/// a failure naming the <see cref="DataProtectionFailure"/> when a value could not be decrypted. Key material and
/// stored values never reach the entry.
/// </summary>
/// <remarks>Shared source (src/Shared/Relational), used by both stores' rotation jobs. Stateless; thread-safe.</remarks>
internal static class RotationAudit
{
    /// <summary>Runs a re-encrypt job and records its outcome when a trail is given.</summary>
    /// <param name="trail">The audit trail, or null to record nothing.</param>
    /// <param name="store">How the entry names the store, such as <c>PostgreSQL</c>.</param>
    /// <param name="activeKeyId">The key the job moves values to.</param>
    /// <param name="job">The job; returns how many values it rewrote.</param>
    /// <param name="cancellationToken">Cancels the recording.</param>
    /// <returns>What the job returned.</returns>
    public static async ValueTask<int> RunAsync(AuditTrail? trail, string store, string activeKeyId, Func<ValueTask<int>> job, CancellationToken cancellationToken)
    {
        int rewritten;
        try
        {
            rewritten = await job().ConfigureAwait(false);
        }
        catch (DataProtectionException ex) when (trail is not null)
        {
            // Recorded whatever the caller's token says: the failure happened and the trail must show it.
            await trail.RecordAsync(AuditEvent.SystemActor, AuditEventTypes.KeyRotated, AuditOutcome.Failure, "key/" + activeKeyId, detail: $"{store} re-encryption to '{activeKeyId}' stopped: {ex.Failure} (key '{ex.KeyId}').", cancellationToken: CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (trail is not null)
        {
            await trail.RecordAsync(AuditEvent.SystemActor, AuditEventTypes.KeyRotated, AuditOutcome.Success, "key/" + activeKeyId, detail: $"{store} re-encryption to '{activeKeyId}': {rewritten} values rewritten.", cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return rewritten;
    }
}
