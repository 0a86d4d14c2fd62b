namespace PaymentCore.Audit;

/// <summary>
/// Verifies a chain of audit entries from any source (a store through <see cref="AuditTrail.VerifyAsync"/>, or an
/// export read back with <see cref="AuditJsonLines.ReadAsync"/>) against its checkpoints, and names the first
/// broken entry and why.
/// </summary>
/// <remarks>Stateless and thread-safe; each call walks its entries once, holding a bounded window of recent hashes.</remarks>
public static class AuditVerifier
{
    /// <summary>Checks every checkpoint's signature, then walks the entries in the order given.</summary>
    /// <param name="entries">The entries, in stored order.</param>
    /// <param name="checkpoints">The checkpoints that cover them (from the store, or kept with an export).</param>
    /// <param name="signer">Checks the checkpoints' signatures.</param>
    /// <param name="trustedCheckpoint">A checkpoint kept apart from the entries, or <see langword="null"/>; it counts once if it is also among <paramref name="checkpoints"/>.</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>Intact, or the sequence of the first broken entry and the reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/>, <paramref name="checkpoints"/> or <paramref name="signer"/> is <see langword="null"/>.</exception>
    public static async ValueTask<AuditVerificationResult> VerifyAsync(IAsyncEnumerable<AuditEntry> entries, IEnumerable<AuditCheckpoint> checkpoints, IAuditCheckpointSigner signer, AuditCheckpoint? trustedCheckpoint = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(signer);
        var all = checkpoints.ToList();
        if (trustedCheckpoint is not null && !all.Contains(trustedCheckpoint))
        {
            all.Add(trustedCheckpoint);
        }

        var valid = new List<AuditCheckpoint>(all.Count);
        AuditCheckpoint? bad = null;
        foreach (var checkpoint in all)
        {
            if (await signer.VerifyAsync(checkpoint.KeyId, checkpoint.GetSignedBytes(), checkpoint.Signature, cancellationToken).ConfigureAwait(false))
            {
                valid.Add(checkpoint);
            }
            else if (bad is null || checkpoint.Sequence < bad.Sequence)
            {
                bad = checkpoint;
            }
        }

        var walk = new AuditChainVerifier(valid, bad);
        AuditEntry? pending = null;
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (pending is not null && walk.Step(pending, entry) is { } broken)
            {
                return broken;
            }

            pending = entry;
        }

        if (pending is not null && walk.Step(pending, null) is { } last)
        {
            return last;
        }

        return walk.Finish();
    }
}
