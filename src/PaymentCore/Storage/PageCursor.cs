using System.Globalization;
using PaymentCore.Transactions;

namespace PaymentCore.Storage;

/// <summary>
/// A keyset position in creation order: (created at, id). Stores page by it rather than by offset, so a page
/// never skips or repeats a record when others are inserted meanwhile.
/// </summary>
/// <param name="CreatedAt">The creation time of the last record of the previous page.</param>
/// <param name="Id">Its id.</param>
/// <remarks>Immutable value; safe to share between threads.</remarks>
internal readonly record struct PageCursor(DateTimeOffset CreatedAt, TransactionId Id)
{
    /// <summary>Encodes the cursor as a continuation token.</summary>
    /// <returns>The token.</returns>
    public string Encode() => string.Create(CultureInfo.InvariantCulture, $"{CreatedAt.UtcTicks}.{Id}");

    /// <summary>Decodes a continuation token.</summary>
    /// <param name="token">The token.</param>
    /// <param name="cursor">The cursor.</param>
    /// <returns><see langword="true"/> when the token is well formed.</returns>
    public static bool TryParse(string? token, out PageCursor cursor)
    {
        cursor = default;
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot <= 0
            || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !TransactionId.TryParse(token![(dot + 1)..], out var id))
        {
            return false;
        }

        cursor = new PageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }

    /// <summary>Says whether a record comes after this cursor in creation order.</summary>
    /// <param name="createdAt">The record's creation time.</param>
    /// <param name="id">The record's id.</param>
    /// <returns><see langword="true"/> when it belongs to a later page.</returns>
    public bool IsBefore(DateTimeOffset createdAt, TransactionId id) =>
        createdAt > CreatedAt || (createdAt == CreatedAt && id.CompareTo(Id) > 0);
}
