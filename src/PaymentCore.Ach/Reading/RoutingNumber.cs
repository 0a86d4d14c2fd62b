namespace PaymentCore.Ach.Reading;

/// <summary>ABA routing transit numbers: 9 digits whose check digit makes 3, 7, 1 weights sum to a multiple of 10.</summary>
/// <remarks>Thread safety: static and pure.</remarks>
public static class RoutingNumber
{
    /// <summary>Computes the check digit (the 9th) of the first 8 digits of a routing number.</summary>
    /// <param name="first8">The first 8 digits.</param>
    /// <returns>The check digit, 0 to 9.</returns>
    /// <exception cref="ArgumentException"><paramref name="first8"/> is not 8 digits.</exception>
    public static int CheckDigit(ReadOnlySpan<char> first8)
    {
        if (first8.Length != 8 || first8.ContainsAnyExceptInRange('0', '9'))
        {
            throw new ArgumentException("A routing number's first part is 8 digits.", nameof(first8));
        }

        // Weights 3 7 1 3 7 1 3 7 (and 1 for the check digit): the weighted sum of all 9 is a multiple of 10.
        ReadOnlySpan<int> weights = [3, 7, 1, 3, 7, 1, 3, 7];
        int sum = 0;
        for (int i = 0; i < 8; i++)
        {
            sum += (first8[i] - '0') * weights[i];
        }

        return (10 - (sum % 10)) % 10;
    }

    /// <summary>Whether the text is a 9-digit routing number with a right check digit.</summary>
    /// <param name="routing">The number.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid(ReadOnlySpan<char> routing) =>
        routing.Length == 9 && !routing.ContainsAnyExceptInRange('0', '9') && CheckDigit(routing[..8]) == routing[8] - '0';
}
