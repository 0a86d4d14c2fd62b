using PaymentCore.DataProtection;

namespace PaymentCore.StoreChild;

/// <summary>
/// The fixed data key the PostgreSQL proofs run under, in the child and in the test that checks its work, so the
/// two-process and crash proofs exercise the encrypted store (issue 12). A test key only: never use it for data.
/// </summary>
public static class ProofKeys
{
    /// <summary>Gets the ring: one key, id <c>proof</c>.</summary>
    public static KeyRing Ring { get; } =
        KeyRing.Create(new KeySet([new DataKey("proof", [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))])], "proof", "proof"));
}
