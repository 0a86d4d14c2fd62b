using System.Collections.Frozen;
using System.Globalization;
using PaymentCore.Iso20022.Text;

namespace PaymentCore.Iso20022.Accounts;

/// <summary>
/// Validates International Bank Account Numbers as ISO 13616 defines them: the country's registered
/// length, characters, and the ISO 7064 MOD 97-10 check digits.
/// </summary>
/// <remarks>
/// The input may be in paper format (groups of four separated by spaces); spaces are removed before
/// validation. Letters must be upper case: ISO 13616-1 defines the electronic format as upper-case only,
/// and a lower-case IBAN in a payment file is more often a typing error than a valid account.
/// This validates the structure, not the existence of the account: a valid IBAN can still be closed.
/// Thread safety: all members are static and safe to call from any thread.
/// </remarks>
public static class Iban
{
    // IBAN lengths per country, from the SWIFT IBAN registry (ISO 13616 registration authority).
    // Territories that use their parent's code (e.g. Jersey uses GB, French Guiana uses FR) are not listed
    // separately because their IBANs start with the parent's code.
    private static readonly FrozenDictionary<string, int> LengthByCountry = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22,
        ["BH"] = 22, ["BI"] = 27, ["BR"] = 29, ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24,
        ["DE"] = 22, ["DJ"] = 27, ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18,
        ["FK"] = 18, ["FO"] = 18, ["FR"] = 27, ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27,
        ["GT"] = 28, ["HN"] = 28, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26,
        ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28, ["LC"] = 32, ["LI"] = 21, ["LT"] = 20,
        ["LU"] = 20, ["LV"] = 21, ["LY"] = 25, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22, ["MK"] = 19, ["MN"] = 20,
        ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NI"] = 28, ["NL"] = 18, ["NO"] = 15, ["OM"] = 23, ["PK"] = 24,
        ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["RU"] = 33, ["SA"] = 24,
        ["SC"] = 31, ["SD"] = 18, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["SO"] = 23, ["ST"] = 25,
        ["SV"] = 28, ["TL"] = 23, ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20,
        ["YE"] = 30,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Gets the country codes of the IBAN registry countries this validator knows, with their IBAN lengths.</summary>
    /// <value>An immutable map from ISO 3166-1 alpha-2 code to total IBAN length in electronic format.</value>
    public static IReadOnlyDictionary<string, int> RegisteredLengths => LengthByCountry;

    /// <summary>Returns <paramref name="value"/> in electronic format: every space removed, nothing else changed.</summary>
    /// <param name="value">An IBAN in paper or electronic format.</param>
    /// <returns>The IBAN without spaces. The result is not validated.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Contains(' ', StringComparison.Ordinal) ? value.Replace(" ", string.Empty, StringComparison.Ordinal) : value;
    }

    /// <summary>Returns whether <paramref name="value"/> is a structurally valid IBAN.</summary>
    /// <param name="value">The IBAN, in paper format (with spaces) or electronic format.</param>
    /// <returns><see langword="true"/> if the IBAN is valid; <see langword="false"/> otherwise, including for <see langword="null"/>.</returns>
    public static bool IsValid(string? value) => TryValidate(value, out _);

    /// <summary>Validates <paramref name="value"/> as an IBAN and says why it is not one.</summary>
    /// <param name="value">The IBAN, in paper format (with spaces) or electronic format.</param>
    /// <param name="error">When the method returns <see langword="false"/>, a sentence that says what is wrong; otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> if the IBAN is valid.</returns>
    public static bool TryValidate(string? value, out string? error)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "The IBAN is empty.";
            return false;
        }

        string iban = Normalize(value);
        if (iban.Length < 5)
        {
            error = $"The IBAN '{UntrustedText.Quote(iban)}' is too short.";
            return false;
        }

        foreach (char c in iban)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterUpper(c))
            {
                error = $"The IBAN '{UntrustedText.Quote(iban)}' contains '{UntrustedText.Quote(c.ToString())}'; only upper-case letters A-Z, digits and spaces are allowed (ISO 13616).";
                return false;
            }
        }

        string country = iban[..2];
        if (!char.IsAsciiLetterUpper(country[0]) || !char.IsAsciiLetterUpper(country[1]))
        {
            error = $"The IBAN '{UntrustedText.Quote(iban)}' does not start with a two-letter country code.";
            return false;
        }

        if (!char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]))
        {
            error = $"The IBAN '{UntrustedText.Quote(iban)}' does not have two check digits after the country code.";
            return false;
        }

        if (!LengthByCountry.TryGetValue(country, out int expectedLength))
        {
            error = $"The IBAN '{UntrustedText.Quote(iban)}' has country code '{UntrustedText.Quote(country)}', which is not in the IBAN registry.";
            return false;
        }

        if (iban.Length != expectedLength)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"The IBAN '{UntrustedText.Quote(iban)}' has {iban.Length} characters; IBANs of {country} have {expectedLength}.");
            return false;
        }

        // ISO 13616 check digits are 02 to 98; 00, 01 and 99 can never be produced by the algorithm,
        // although 99 would pass the modulus test whenever 02 does.
        int checkDigits = ((iban[2] - '0') * 10) + (iban[3] - '0');
        if (checkDigits is < 2 or > 98)
        {
            error = $"The IBAN '{UntrustedText.Quote(iban)}' has check digits {iban.Substring(2, 2)}; only 02 to 98 are allowed.";
            return false;
        }

        if (Mod97(iban) != 1)
        {
            error = $"The IBAN '{UntrustedText.Quote(iban)}' fails the ISO 7064 MOD 97-10 check: a character is wrong or two are swapped.";
            return false;
        }

        error = null;
        return true;
    }

    // ISO 7064 MOD 97-10 over the IBAN rotated by four characters, letters as 10..35. Computed digit by digit
    // so it never needs a big integer and never allocates.
    private static int Mod97(string iban)
    {
        int remainder = 0;
        for (int i = 0; i < iban.Length; i++)
        {
            char c = iban[(i + 4) % iban.Length];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
        }

        return remainder;
    }
}
