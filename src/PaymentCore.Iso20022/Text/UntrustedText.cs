using System.Globalization;
using System.Text;

namespace PaymentCore.Iso20022.Text;

/// <summary>
/// Quotes text that came from a file in an error message: at most a short prefix, with control and other
/// invisible characters escaped, so a 10 MB amount or a 1 MB IBAN never becomes a 10 MB exception message or
/// reason text, and a message never carries a NUL, a line break or a terminal escape into a log.
/// </summary>
internal static class UntrustedText
{
    /// <summary>The most characters of untrusted text a message quotes.</summary>
    public const int DefaultMaxQuoted = 40;

    /// <summary>Returns the text, escaped and cut to <paramref name="max"/> characters, with its full length when cut.</summary>
    public static string Quote(string? text, int max = DefaultMaxQuoted)
    {
        if (text is null)
        {
            return "(none)";
        }

        var builder = new StringBuilder(Math.Min(text.Length, max) + 24);
        int taken = 0;
        foreach (char c in text)
        {
            if (taken == max)
            {
                break;
            }

            taken++;
            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u200B' or '\u200E' or '\u200F' or '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\uFEFF')
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        if (taken < text.Length)
        {
            builder.Append(CultureInfo.InvariantCulture, $"… ({text.Length} characters)");
        }

        return builder.ToString();
    }
}
