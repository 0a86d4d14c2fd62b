namespace PaymentCore.DataProtection;

/// <summary>
/// Supplies the data-protection keys. The default, <see cref="ConfiguredKeyProvider"/>, reads them from
/// <see cref="DataProtectionOptions"/> or an environment variable.
/// </summary>
/// <remarks>
/// <para>
/// To keep keys in a KMS or HSM (AWS KMS, Azure Key Vault, Google Cloud KMS, HashiCorp Vault), use envelope
/// encryption: store each data key wrapped by the KMS master key, unwrap them once at start-up with the KMS
/// client, and return them from your implementation of this interface, registered before
/// <c>AddPaymentCoreDataProtection</c> (your registration wins). The KMS master key never leaves the KMS, and a
/// rotation is a new wrapped data key appended to the set.
/// </para>
/// <para>
/// <see cref="GetKeys"/> is synchronous, like ASP.NET Core's <c>IXmlRepository</c>: it is called once, when the
/// key ring is built at start-up, not on the payment path. Implementations must be thread-safe.
/// </para>
/// </remarks>
public interface IKeyProvider
{
    /// <summary>Returns the keys.</summary>
    /// <returns>The key set; <see cref="KeySet.Empty"/> when none is configured.</returns>
    KeySet GetKeys();
}
