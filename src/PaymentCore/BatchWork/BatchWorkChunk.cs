namespace PaymentCore.BatchWork;

/// <summary>A chunk of a batch run leased to one worker: items <see cref="FirstSequence"/> to <see cref="FirstSequence"/> + <see cref="Count"/> - 1.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
public sealed record BatchWorkChunk
{
    /// <summary>Gets the run.</summary>
    /// <value>Required.</value>
    public required BatchRunKey Run { get; init; }

    /// <summary>Gets the chunk's number, from 0.</summary>
    /// <value>From 0 to <see cref="BatchWorkPlan.ChunkCount"/> - 1.</value>
    public required int Number { get; init; }

    /// <summary>Gets the sequence number (from 1, in source order) of the chunk's first item.</summary>
    /// <value>At least 1.</value>
    public required long FirstSequence { get; init; }

    /// <summary>Gets how many items the chunk holds.</summary>
    /// <value>At least 1.</value>
    public required int Count { get; init; }

    /// <summary>Gets the lease: the claim that made this chunk. Renewing, completing or releasing the chunk works only while the lease is still the chunk's.</summary>
    /// <value>A new value for every claim.</value>
    public required Guid LeaseToken { get; init; }

    /// <summary>Gets how many times the chunk has been claimed, this claim included: more than 1 after a worker stopped or crashed holding it.</summary>
    /// <value>At least 1.</value>
    public required int Attempt { get; init; }
}
