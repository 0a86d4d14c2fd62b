using System.Collections.Frozen;

namespace PaymentCore.Monetary;

/// <summary>
/// Lookups over the generated ISO 4217 table (<c>Iso4217Table.g.cs</c>). Compiled in, never read from disk,
/// so the package works without the source CSV.
/// </summary>
internal static partial class Iso4217Table
{
    /// <summary>Every code of the table, current or not; ordinal so "usd" is not "USD" (ISO codes are upper case).</summary>
    internal static readonly FrozenDictionary<string, CurrencyInfo> ByCode =
        CreateEntries().ToFrozenDictionary(e => e.Code, StringComparer.Ordinal);
}
