namespace PaymentCore.Iso20022.IO;

/// <summary>Thrown by <see cref="LimitedReadStream"/>; each reader turns it into its own typed format error.</summary>
internal sealed class InputTooLargeException(long maxBytes)
    : IOException($"The input is larger than the limit of {maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
