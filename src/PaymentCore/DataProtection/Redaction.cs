using System.Text;

namespace PaymentCore.DataProtection;

/// <summary>
/// Masks caller text for <c>ToString()</c>, logs and exception messages: at most the last four characters show,
/// which is never a full card number even if one slipped in before validation existed (PCI DSS 3.4.1 allows the
/// last four digits to be shown).
/// </summary>
/// <remarks>Thread-safe: stateless.</remarks>
public static class Redaction
{
    /// <summary>Masks a value: <c>null</c>, <c>****</c> for four characters or fewer, otherwise <c>****</c> and the last four.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The masked form.</returns>
    public static string Mask(string? value) =>
        value is null ? "null"
        : value.Length <= 4 || !CallerText.IsWellFormedUtf16(value.AsSpan(value.Length - 4)) ? "****"
        : string.Concat("****", value.AsSpan(value.Length - 4));

    /// <summary>Describes free text by its length only.</summary>
    /// <param name="value">The text.</param>
    /// <returns><c>null</c> or <c>[n chars]</c>.</returns>
    public static string Length(string? value) => value is null ? "null" : $"[{value.Length} chars]";

    /// <summary>Describes metadata by its entry count only: keys and values are caller text.</summary>
    /// <param name="metadata">The metadata.</param>
    /// <returns><c>[n entries]</c>.</returns>
    public static string Count(IReadOnlyDictionary<string, string>? metadata) => metadata is null ? "null" : $"[{metadata.Count} entries]";

    internal static void Append(StringBuilder builder, string name, string value, bool first = false)
    {
        if (!first)
        {
            builder.Append(", ");
        }

        builder.Append(name).Append(" = ").Append(value);
    }
}
