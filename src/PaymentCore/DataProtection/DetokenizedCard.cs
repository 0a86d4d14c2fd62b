namespace PaymentCore.DataProtection;

/// <summary>A card number out of the vault for one authorizer call. Dispose it as soon as the call is made: the buffer is wiped.</summary>
/// <remarks>Not thread-safe; owned by the one call that detokenized it. <see cref="ToString"/> never shows the number.</remarks>
public sealed class DetokenizedCard : IDisposable
{
    private readonly char[] _number;
    private bool _disposed;

    internal DetokenizedCard(string token, char[] number)
    {
        Token = token;
        _number = number;
    }

    /// <summary>Gets the vault token.</summary>
    public string Token { get; }

    /// <summary>Gets the card number's digits.</summary>
    /// <exception cref="ObjectDisposedException">The card was disposed.</exception>
    public ReadOnlySpan<char> Number
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _number;
        }
    }

    /// <summary>Wipes the number.</summary>
    public void Dispose()
    {
        Array.Clear(_number);
        _disposed = true;
    }

    /// <summary>Returns the token only.</summary>
    /// <returns><c>DetokenizedCard(token)</c>.</returns>
    public override string ToString() => $"DetokenizedCard({Token})";
}
