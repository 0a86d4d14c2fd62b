using System.Globalization;
using System.Text;
using System.Xml;
using PaymentCore.Iso20022.Text;

namespace PaymentCore.Iso20022.Pain002;

/// <summary>
/// Writes ISO 20022 pain.002 Customer Payment Status Reports (001.001.03 by default, 001.001.10 optionally),
/// streaming the transaction statuses so a report on millions of transactions never sits in memory.
/// </summary>
/// <remarks>
/// The output is UTF-8 without a byte-order mark. Amounts are written with the invariant culture. The stream is
/// written at its current position, flushed, and not disposed.
/// Thread safety: all members are static and safe to call concurrently on different streams.
/// </remarks>
public static class Pain002Writer
{
    // Max35Text for ids and Max105Text for AddtlInf, as every pain.002 version defines them.
    private const int MaxIdLength = 35;
    private const int MaxAdditionalInformationLength = 105;

    /// <summary>Gets the namespace a version is written in.</summary>
    /// <param name="version">The version.</param>
    /// <returns>The ISO 20022 namespace URI.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is not a defined value.</exception>
    public static string NamespaceOf(Pain002Version version) => version switch
    {
        Pain002Version.V03 => "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03",
        Pain002Version.V10 => "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10",
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Only pain.002.001.03 and pain.002.001.10 are supported."),
    };

    /// <summary>Writes <paramref name="report"/> to <paramref name="stream"/> as a pain.002 document.</summary>
    /// <param name="stream">Where to write; not disposed.</param>
    /// <param name="report">The report.</param>
    /// <param name="cancellationToken">Cancels the write; the stream then holds an incomplete document.</param>
    /// <returns>A task that completes once the document is written and flushed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="report"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// A header id is empty or longer than 35 characters, a reason code is empty or longer than 4 characters,
    /// a transaction has no end-to-end id, or a transaction has the group-only status PART. For a transaction this
    /// is thrown when it is reached, after earlier ones have been written.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public static async Task WriteAsync(Stream stream, Pain002Report report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(report);
        string ns = NamespaceOf(report.Version);
        RequireId(report.MessageId, nameof(report.MessageId));
        RequireId(report.OriginalMessageId, nameof(report.OriginalMessageId));
        RequireId(report.OriginalMessageNameId, nameof(report.OriginalMessageNameId));
        if (report.GroupStatusReason is { } groupReason)
        {
            RequireReason(groupReason, nameof(report.GroupStatusReason));
        }

        var settings = new XmlWriterSettings
        {
            Async = true,
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            CloseOutput = false,
        };

        XmlWriter writer = XmlWriter.Create(stream, settings);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteStartDocumentAsync().ConfigureAwait(false);
            await writer.WriteStartElementAsync(null, "Document", ns).ConfigureAwait(false);
            await writer.WriteStartElementAsync(null, "CstmrPmtStsRpt", ns).ConfigureAwait(false);

            await writer.WriteStartElementAsync(null, "GrpHdr", ns).ConfigureAwait(false);
            await writer.WriteElementStringAsync(null, "MsgId", ns, report.MessageId).ConfigureAwait(false);
            await writer.WriteElementStringAsync(null, "CreDtTm", ns, report.CreationDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFzzz", CultureInfo.InvariantCulture)).ConfigureAwait(false);
            if (report.InitiatingPartyName is { } party)
            {
                await writer.WriteStartElementAsync(null, "InitgPty", ns).ConfigureAwait(false);
                await writer.WriteElementStringAsync(null, "Nm", ns, party).ConfigureAwait(false);
                await writer.WriteEndElementAsync().ConfigureAwait(false);
            }

            await writer.WriteEndElementAsync().ConfigureAwait(false);

            await writer.WriteStartElementAsync(null, "OrgnlGrpInfAndSts", ns).ConfigureAwait(false);
            await writer.WriteElementStringAsync(null, "OrgnlMsgId", ns, report.OriginalMessageId).ConfigureAwait(false);
            await writer.WriteElementStringAsync(null, "OrgnlMsgNmId", ns, report.OriginalMessageNameId).ConfigureAwait(false);
            if (report.OriginalNumberOfTransactions is { } count)
            {
                await writer.WriteElementStringAsync(null, "OrgnlNbOfTxs", ns, count.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            }

            if (report.OriginalControlSum is { } sum)
            {
                await writer.WriteElementStringAsync(null, "OrgnlCtrlSum", ns, sum.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            }

            if (report.GroupStatus is { } groupStatus)
            {
                await writer.WriteElementStringAsync(null, "GrpSts", ns, CodeOf(groupStatus)).ConfigureAwait(false);
            }

            if (report.GroupStatusReason is { } reason)
            {
                await WriteReasonAsync(writer, ns, reason).ConfigureAwait(false);
            }

            await writer.WriteEndElementAsync().ConfigureAwait(false);

            string? openBlock = null;
            await foreach (Pain002TransactionStatus status in report.Transactions.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Validate(status);
                if (!string.Equals(openBlock, status.OriginalPaymentInformationId, StringComparison.Ordinal))
                {
                    if (openBlock is not null)
                    {
                        await writer.WriteEndElementAsync().ConfigureAwait(false);
                    }

                    await writer.WriteStartElementAsync(null, "OrgnlPmtInfAndSts", ns).ConfigureAwait(false);
                    await writer.WriteElementStringAsync(null, "OrgnlPmtInfId", ns, status.OriginalPaymentInformationId).ConfigureAwait(false);
                    openBlock = status.OriginalPaymentInformationId;
                }

                await writer.WriteStartElementAsync(null, "TxInfAndSts", ns).ConfigureAwait(false);
                if (status.OriginalInstructionId is { } instructionId)
                {
                    await writer.WriteElementStringAsync(null, "OrgnlInstrId", ns, instructionId).ConfigureAwait(false);
                }

                await writer.WriteElementStringAsync(null, "OrgnlEndToEndId", ns, status.OriginalEndToEndId).ConfigureAwait(false);
                await writer.WriteElementStringAsync(null, "TxSts", ns, CodeOf(status.Status)).ConfigureAwait(false);
                if (status.Reason is { } transactionReason)
                {
                    await WriteReasonAsync(writer, ns, transactionReason).ConfigureAwait(false);
                }

                await writer.WriteEndElementAsync().ConfigureAwait(false);
            }

            if (openBlock is not null)
            {
                await writer.WriteEndElementAsync().ConfigureAwait(false);
            }

            await writer.WriteEndElementAsync().ConfigureAwait(false);
            await writer.WriteEndElementAsync().ConfigureAwait(false);
            await writer.WriteEndDocumentAsync().ConfigureAwait(false);
            await writer.FlushAsync().ConfigureAwait(false);
        }
    }

    private static string CodeOf(Pain002Status status) => status switch
    {
        Pain002Status.AcceptedCustomerProfile => "ACCP",
        Pain002Status.AcceptedSettlementCompleted => "ACSC",
        Pain002Status.AcceptedTechnicalValidation => "ACTC",
        Pain002Status.PartiallyAccepted => "PART",
        Pain002Status.Pending => "PDNG",
        Pain002Status.Rejected => "RJCT",
        Pain002Status.AcceptedSettlementInProcess => "ACSP",
        Pain002Status.AcceptedWithChange => "ACWC",
        Pain002Status.AcceptedCreditSettlementCompleted => "ACCC",
        Pain002Status.Received => "RCVD",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a pain.002 status."),
    };

    private static async Task WriteReasonAsync(XmlWriter writer, string ns, Pain002StatusReason reason)
    {
        await writer.WriteStartElementAsync(null, "StsRsnInf", ns).ConfigureAwait(false);
        await writer.WriteStartElementAsync(null, "Rsn", ns).ConfigureAwait(false);
        await writer.WriteElementStringAsync(null, "Cd", ns, reason.Code).ConfigureAwait(false);
        await writer.WriteEndElementAsync().ConfigureAwait(false);

        // AddtlInf is Max105Text but may repeat: longer text is split at word boundaries rather than cut, so no
        // reason is lost and no word is broken in two.
        foreach (string chunk in SplitAdditionalInformation(reason.AdditionalInformation))
        {
            await writer.WriteElementStringAsync(null, "AddtlInf", ns, chunk).ConfigureAwait(false);
        }

        await writer.WriteEndElementAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Splits free text into <c>AddtlInf</c> pieces of at most 105 characters, each ending at a space when one is in
    /// reach (a word longer than 105 characters is cut), never between the two halves of a surrogate pair. Characters
    /// XML cannot carry (control characters) become '?', so a report can always be written for whatever was paid.
    /// </summary>
    internal static IEnumerable<string> SplitAdditionalInformation(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        string clean = Sanitize(text.Trim());
        int start = 0;
        while (start < clean.Length)
        {
            int remaining = clean.Length - start;
            if (remaining <= MaxAdditionalInformationLength)
            {
                yield return clean[start..];
                yield break;
            }

            // The last space within reach ends this piece; the space itself is dropped.
            int space = clean.LastIndexOf(' ', start + MaxAdditionalInformationLength, MaxAdditionalInformationLength + 1);
            int end = space > start ? space : start + MaxAdditionalInformationLength;
            if (space <= start && char.IsHighSurrogate(clean[end - 1]))
            {
                end--;
            }

            yield return clean[start..end].TrimEnd();
            start = end;
            while (start < clean.Length && clean[start] == ' ')
            {
                start++;
            }
        }
    }

    private static string Sanitize(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                char c = source[i];
                span[i] = char.IsControl(c) ? (c is '\t' or '\n' or '\r' ? ' ' : '?') : c;
            }
        });
    }

    private static void Validate(Pain002TransactionStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        RequireId(status.OriginalPaymentInformationId, nameof(status.OriginalPaymentInformationId));
        RequireId(status.OriginalEndToEndId, nameof(status.OriginalEndToEndId));

        // TransactionIndividualStatus codes have no PART: only a group or block can be partially accepted.
        if (status.Status == Pain002Status.PartiallyAccepted)
        {
            throw new ArgumentException($"Transaction '{status.OriginalEndToEndId}' has status PART, which only a group or block can have.", nameof(status));
        }

        if (status.Reason is { } reason)
        {
            RequireReason(reason, nameof(status.Reason));
        }
    }

    private static void RequireId(string? value, string name)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxIdLength)
        {
            throw new ArgumentException($"{name} must be 1 to {MaxIdLength} characters (ISO 20022 Max35Text); it is '{UntrustedText.Quote(value)}'.", name);
        }
    }

    private static void RequireReason(Pain002StatusReason reason, string name)
    {
        if (string.IsNullOrEmpty(reason.Code) || reason.Code.Length > 4)
        {
            throw new ArgumentException($"The reason code must be 1 to 4 characters (ISO external code); it is '{UntrustedText.Quote(reason.Code)}'.", name);
        }
    }
}
