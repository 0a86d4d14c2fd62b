using Microsoft.Extensions.Options;
using PaymentCore.Transactions;

namespace PaymentCore.Testing.Transactions;

/// <summary>
/// A fixed, publicly known transaction-id secret for tests over durable stores, which refuse to start without one
/// (<see cref="TransactionIdOptions"/>). Fixed so that every process of a test (a crashed one and the one that
/// recovers it) derives the same ids. Never use it outside tests: anyone can read it here.
/// </summary>
/// <remarks>Immutable; safe to share between threads.</remarks>
public static class TestTransactionIds
{
    /// <summary>Gets the secret, base64: 32 bytes 0x00..0x1F.</summary>
    public static string Secret { get; } = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    /// <summary>Gets options holding <see cref="Secret"/>, for a processor's <c>transactionIds</c> parameter.</summary>
    /// <returns>New options each call (options are mutable).</returns>
    public static IOptions<TransactionIdOptions> Options() => Microsoft.Extensions.Options.Options.Create(new TransactionIdOptions { Secret = Secret });
}
