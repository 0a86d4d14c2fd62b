using System.Collections.Concurrent;

namespace PaymentCore.StepUp;

/// <summary>Keeps sent codes in memory, for tests and samples: what a payer's phone would show.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemoryOneTimeCodeNotifier : IOneTimeCodeNotifier
{
    private readonly ConcurrentQueue<OneTimeCodeMessage> _sent = new();

    /// <summary>Gets every message sent, oldest first.</summary>
    public IReadOnlyList<OneTimeCodeMessage> Sent => _sent.ToArray();

    /// <summary>Gets the last code sent for a challenge.</summary>
    /// <param name="challengeId">The challenge.</param>
    /// <returns>The code.</returns>
    /// <exception cref="InvalidOperationException">No code was sent for it.</exception>
    public string LastCodeFor(string challengeId) =>
        _sent.LastOrDefault(m => string.Equals(m.ChallengeId, challengeId, StringComparison.Ordinal))?.Code
        ?? throw new InvalidOperationException($"No code was sent for challenge '{challengeId}'.");

    /// <inheritdoc />
    public ValueTask SendAsync(OneTimeCodeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        _sent.Enqueue(message);
        return ValueTask.CompletedTask;
    }
}
