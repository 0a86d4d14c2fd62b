namespace PaymentCore.DataProtection;

/// <summary>
/// Writes token bytes as letters only ('a' to 'p', one per nibble). Hexadecimal would put digit runs in tokens,
/// and about one 32-digit hex token in two hundred holds a run that the card-data detector rightly reads as a
/// card number, so our own tokens would be refused as card data.
/// </summary>
internal static class TokenText
{
    public static string Letters(ReadOnlySpan<byte> bytes) => string.Create(bytes.Length * 2, bytes.ToArray(), static (span, data) =>
    {
        for (var i = 0; i < data.Length; i++)
        {
            span[2 * i] = (char)('a' + (data[i] >> 4));
            span[(2 * i) + 1] = (char)('a' + (data[i] & 0xF));
        }
    });
}
