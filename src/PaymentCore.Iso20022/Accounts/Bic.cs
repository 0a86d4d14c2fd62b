using PaymentCore.Iso20022.Text;

namespace PaymentCore.Iso20022.Accounts;

/// <summary>
/// Validates Business Identifier Codes as ISO 9362 defines them: four letters of institution, two letters of
/// country, two letters or digits of location, and an optional branch of three letters or digits.
/// </summary>
/// <remarks>
/// The check is structural, matching the ISO 20022 <c>BICFIIdentifier</c> / <c>BICIdentifier</c> patterns
/// (upper case only). It does not look the code up in the SWIFT directory.
/// Thread safety: all members are static and safe to call from any thread.
/// </remarks>
public static class Bic
{
    /// <summary>Returns whether <paramref name="value"/> is a structurally valid BIC of 8 or 11 characters.</summary>
    /// <param name="value">The BIC to check; no spaces are allowed.</param>
    /// <returns><see langword="true"/> if the BIC is valid; <see langword="false"/> otherwise, including for <see langword="null"/>.</returns>
    public static bool IsValid(string? value) => TryValidate(value, out _);

    /// <summary>Validates <paramref name="value"/> as a BIC and says why it is not one.</summary>
    /// <param name="value">The BIC to check; no spaces are allowed.</param>
    /// <param name="error">When the method returns <see langword="false"/>, a sentence that says what is wrong; otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> if the BIC is valid.</returns>
    public static bool TryValidate(string? value, out string? error)
    {
        if (string.IsNullOrEmpty(value))
        {
            error = "The BIC is empty.";
            return false;
        }

        if (value.Length is not (8 or 11))
        {
            error = $"The BIC '{UntrustedText.Quote(value)}' has {value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)} characters; a BIC has 8 or 11 (ISO 9362).";
            return false;
        }

        for (int i = 0; i < 6; i++)
        {
            if (!char.IsAsciiLetterUpper(value[i]))
            {
                error = $"The BIC '{UntrustedText.Quote(value)}' must start with six upper-case letters (institution and country code).";
                return false;
            }
        }

        for (int i = 6; i < value.Length; i++)
        {
            if (!char.IsAsciiLetterUpper(value[i]) && !char.IsAsciiDigit(value[i]))
            {
                error = $"The BIC '{UntrustedText.Quote(value)}' has '{UntrustedText.Quote(value[i].ToString())}' in its location or branch code; only A-Z and 0-9 are allowed.";
                return false;
            }
        }

        error = null;
        return true;
    }
}
