using PaymentCore.Monetary;

namespace PaymentCore.ExchangeRates;

/// <summary>
/// Quotes exchange rates for items whose amount is given in one currency and paid in another (pain.001
/// <c>EqvtAmt</c>). Plug in your treasury's or bank's rates; the batch engine locks each quote with the payment it
/// was used for, so a re-run pays the same converted amount even when the market moved.
/// </summary>
/// <remarks>Implementations are called concurrently from the batch's workers and must be thread-safe.</remarks>
public interface IExchangeRateProvider
{
    /// <summary>Quotes the rate to convert <paramref name="from"/> into <paramref name="to"/>.</summary>
    /// <param name="from">The currency the amount is written in (the debtor's).</param>
    /// <param name="to">The currency the creditor is paid in (<c>CcyOfTrf</c>).</param>
    /// <param name="cancellationToken">Cancels the quote.</param>
    /// <returns>The quote: 1 unit of <paramref name="from"/> buys <see cref="ExchangeRateQuote.Rate"/> units of <paramref name="to"/>; or <see langword="null"/> when no rate is available for the pair (the item is then rejected with AM03).</returns>
    ValueTask<ExchangeRateQuote?> QuoteAsync(Currency from, Currency to, CancellationToken cancellationToken = default);
}
