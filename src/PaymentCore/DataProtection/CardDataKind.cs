namespace PaymentCore.DataProtection;

/// <summary>What card data <see cref="CardDataDetector"/> found in a piece of text.</summary>
public enum CardDataKind
{
    /// <summary>No card data.</summary>
    None = 0,

    /// <summary>A primary account number (PCI DSS 3.4.1, 3.5.1: never stored readable).</summary>
    CardNumber = 1,

    /// <summary>A card verification code (CVV2, CVC2, CID) next to a name that means one (PCI DSS 3.3.1: never stored after authorization).</summary>
    VerificationCode = 2,
}
