using PaymentCore.Transactions;

namespace PaymentCore.Storage;

/// <summary>
/// A query over stored transactions: every filter is optional and they combine with AND. Results come in
/// creation order (then id), one page at a time.
/// </summary>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record TransactionQuery
{
    /// <summary>The largest page a store returns.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Gets the merchant to match.</summary>
    public string? MerchantId { get; init; }

    /// <summary>Gets the payer token to match.</summary>
    public string? PayerToken { get; init; }

    /// <summary>Gets the status to match.</summary>
    public TransactionStatus? Status { get; init; }

    /// <summary>Gets the inclusive start of the creation-time range.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Gets the exclusive end of the creation-time range.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Gets the page size, 1 to <see cref="MaxPageSize"/>.</summary>
    /// <value>Defaults to 100.</value>
    public int PageSize { get; init; } = 100;

    /// <summary>Gets the token of the page to read, from <see cref="TransactionPage.ContinuationToken"/>; <see langword="null"/> for the first.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>Checks the page size and the token.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The page size is outside 1 to <see cref="MaxPageSize"/>.</exception>
    /// <exception cref="ArgumentException">The continuation token was not made by a store.</exception>
    public void Validate()
    {
        if (PageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, $"The page size must be 1 to {MaxPageSize}.");
        }

        if (ContinuationToken is not null && !PageCursor.TryParse(ContinuationToken, out _))
        {
            throw new ArgumentException("The continuation token is not one a store returned.", nameof(ContinuationToken));
        }
    }
}
