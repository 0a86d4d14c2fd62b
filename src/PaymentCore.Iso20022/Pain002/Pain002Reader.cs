using System.Runtime.CompilerServices;

namespace PaymentCore.Iso20022.Pain002;

/// <summary>
/// Reads ISO 20022 pain.002 Customer Payment Status Reports, the bank's answer to a pain.001: versions 001.001.03 and
/// 001.001.10 and national variants (such as Swiss SPS <c>pain.002.001.03.ch.02</c>), read by structure rather than by
/// namespace, since every version keeps the elements read here. Streaming: one transaction status in memory at a time.
/// </summary>
/// <remarks>
/// <para>
/// Statuses come out in file order: the group's first (<c>OrgnlGrpInfAndSts</c>), then each block's
/// (<c>OrgnlPmtInfAndSts</c>), each followed by its transactions' (<c>TxInfAndSts</c>). Status codes ACCP, ACSC, ACSP,
/// ACTC, ACWC, ACCC, PART, PDNG (and PEND, as some banks write it), RCVD and RJCT are known; others are kept as written.
/// </para>
/// <para>
/// Hostile input gets the protections of <see cref="Pain001.Pain001Reader"/>: no DTD (no external entities, no entity
/// expansion), no resolver, a byte limit (<see cref="Pain002ReaderOptions.MaxInputBytes"/>), and a
/// <see cref="Pain002FormatException"/> that says what and where, quoting at most a short escaped prefix of the file.
/// </para>
/// <para>The stream is read from its current position and not disposed. Thread safety: static; safe on different streams.</para>
/// </remarks>
public static class Pain002Reader
{
    /// <summary>Streams the statuses of a pain.002 report.</summary>
    /// <param name="stream">The report.</param>
    /// <param name="options">Limits; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The statuses, group first, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/> (when enumeration starts).</exception>
    /// <exception cref="Pain002FormatException">The report cannot be read; thrown where the problem is, after the statuses before it.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async IAsyncEnumerable<Pain002ReportedStatus> ReadAsync(Stream stream, Pain002ReaderOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new Pain002ReaderOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxInputBytes, nameof(options) + "." + nameof(Pain002ReaderOptions.MaxInputBytes));
        using var parser = new Pain002Parser(stream, options.MaxInputBytes);
        while (await parser.NextAsync(cancellationToken).ConfigureAwait(false) is { } status)
        {
            yield return status;
        }
    }

    /// <summary>Reads the status code as a known value.</summary>
    /// <param name="code">The code as written, such as ACSC.</param>
    /// <param name="status">The status, when known.</param>
    /// <returns>Whether the code is known.</returns>
    public static bool TryParseStatus(string? code, out Pain002Status status)
    {
        (bool known, status) = code switch
        {
            "ACCP" => (true, Pain002Status.AcceptedCustomerProfile),
            "ACSC" => (true, Pain002Status.AcceptedSettlementCompleted),
            "ACTC" => (true, Pain002Status.AcceptedTechnicalValidation),
            "ACSP" => (true, Pain002Status.AcceptedSettlementInProcess),
            "ACWC" => (true, Pain002Status.AcceptedWithChange),
            "ACCC" => (true, Pain002Status.AcceptedCreditSettlementCompleted),
            "PART" => (true, Pain002Status.PartiallyAccepted),
            "PDNG" or "PEND" => (true, Pain002Status.Pending),
            "RCVD" => (true, Pain002Status.Received),
            "RJCT" => (true, Pain002Status.Rejected),
            _ => (false, default(Pain002Status)),
        };
        return known;
    }
}
