namespace PaymentCore.Iso20022.Pain002;

/// <summary>The pain.002 message versions the writer can produce.</summary>
public enum Pain002Version
{
    /// <summary>pain.002.001.03 (ISO 20022 2009), the answer to a pain.001.001.03; the default.</summary>
    V03 = 3,

    /// <summary>pain.002.001.10 (ISO 20022 2019), the answer to a pain.001.001.09.</summary>
    V10 = 10,
}
