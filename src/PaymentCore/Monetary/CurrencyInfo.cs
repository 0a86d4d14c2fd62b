namespace PaymentCore.Monetary;

/// <summary>
/// One ISO 4217 code as the generated table lists it. <see cref="Currency"/> wraps a reference to one of these
/// so the struct stays pointer-sized; there is exactly one instance per code, made once by <see cref="Iso4217Table"/>.
/// Immutable, safe to share between threads.
/// </summary>
internal sealed class CurrencyInfo
{
    internal CurrencyInfo(string code, int numericCode, int minorUnits, string name, Iso4217Status status, string? withdrawalDate)
    {
        Code = code;
        NumericCode = numericCode;
        MinorUnits = minorUnits;
        Name = name;
        Status = status;
        WithdrawalDate = withdrawalDate;
        // Only current currencies carry amounts; the others keep -1 and a factor of 1 that nothing reads.
        MinorUnitsPerMajor = minorUnits > 0 ? Pow10(minorUnits) : 1;
    }

    internal string Code { get; }

    internal int NumericCode { get; }

    /// <summary>The ISO 4217 exponent, or -1 when ISO says "N.A." or the code is withdrawn.</summary>
    internal int MinorUnits { get; }

    internal string Name { get; }

    internal Iso4217Status Status { get; }

    internal string? WithdrawalDate { get; }

    internal long MinorUnitsPerMajor { get; }

    private static long Pow10(int exponent)
    {
        long result = 1;
        for (int i = 0; i < exponent; i++)
        {
            result = checked(result * 10);
        }

        return result;
    }
}
