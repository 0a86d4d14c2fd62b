using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;
using System.Xml;
using PaymentCore.Batch;
using PaymentCore.Iso20022.Accounts;
using PaymentCore.Iso20022.IO;
using PaymentCore.Iso20022.Payouts;
using PaymentCore.Iso20022.Text;

namespace PaymentCore.Iso20022.Pain001;

/// <summary>
/// A pull parser over a pain.001 document: each <see cref="NextAsync"/> returns the next transaction, so memory
/// stays flat however many transactions the file holds. It keeps only the group header, the current block and,
/// when asked, one summary per block. Both passes of <see cref="Pain001Reader"/> use it, so they agree on what
/// a file contains. Not thread-safe: one caller at a time.
/// </summary>
internal sealed partial class Pain001Parser : IDisposable
{
    // ISO 20022 amounts (ActiveOrHistoricCurrencyAndAmount) allow 5 fraction digits; CtrlSum (DecimalNumber) 17.
    private const int AmountFractionDigits = 5;
    private const int ControlSumFractionDigits = 17;

    private readonly LimitedReadStream _stream;
    private readonly XmlReader _reader;

    // Made once per file, so walking the children of a million transactions allocates no delegate per step.
    private readonly Func<Exception> _truncated;
    private readonly IXmlLineInfo _lineInfo;
    private readonly List<Pain001BlockSummary>? _blockSummaries;
    private readonly Dictionary<string, Pain001Version> _nationalNamespaces;

    private State _state;
    private string _ns = string.Empty;
    private Pain001Version _version;
    private int _initiationDepth;

    private string? _messageId;
    private DateTime _creationDateTime;
    private string? _initiatingPartyName;
    private long _declaredNumberOfTransactions;
    private decimal? _declaredControlSum;
    private bool _headerSeen;
    private int _blocksRead;

    private long _count;
    private decimal _sum;

    // The block being read: its header fields until the first transaction, then the shared block record.
    private int _blockDepth;
    private int _blockLine;
    private int _blockPosition;
    private string? _pmtInfId;
    private long? _blockDeclaredCount;
    private decimal? _blockDeclaredSum;
    private DateOnly? _executionDate;
    private DateTime? _executionDateTime;
    private string? _debtorName;
    private string? _debtorIban;
    private string? _debtorOther;
    private string? _debtorBic;
    private string? _paymentMethod;
    private Pain001PaymentBlock? _block;
    private long _blockTransactionCount;
    private decimal _blockSum;

    private Pain001Parser(Stream stream, Pain001ReaderOptions options, bool collectBlockSummaries)
    {
        _stream = new LimitedReadStream(stream, options.MaxInputBytes);
        var settings = new XmlReaderSettings
        {
            Async = true,

            // No DTD means no external entities (XXE) and no entity expansion (billion laughs); no resolver means
            // nothing is ever fetched. ISO 20022 messages are defined by XML Schema and never need a DTD.
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        _reader = XmlReader.Create(_stream, settings);
        _truncated = () => Error("The file ends before the document is complete.");
        _lineInfo = (IXmlLineInfo)_reader;
        _blockSummaries = collectBlockSummaries ? [] : null;
        _nationalNamespaces = new Dictionary<string, Pain001Version>(options.NationalNamespaces, StringComparer.Ordinal);
    }

    private enum State
    {
        Start,
        InInitiation,
        InBlock,
        Done,
    }

    private int Line => _lineInfo.LineNumber;

    private int Position => _lineInfo.LinePosition;

    private bool InOurNamespace => string.Equals(_reader.NamespaceURI, _ns, StringComparison.Ordinal);

    public static Pain001Parser Create(Stream stream, Pain001ReaderOptions? options, bool collectBlockSummaries)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new Pain001ReaderOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxInputBytes, nameof(options) + "." + nameof(Pain001ReaderOptions.MaxInputBytes));
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(stream));
        }

        return new Pain001Parser(stream, options, collectBlockSummaries);
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>Returns the next transaction, or <see langword="null"/> once the document has been read to its end.</summary>
    public async ValueTask<Pain001Transaction?> NextAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _stream.DefaultCancellationToken = cancellationToken;
        try
        {
            return await NextCoreAsync().ConfigureAwait(false);
        }
        catch (XmlException ex)
        {
            throw new Pain001FormatException(
                $"The file is not well-formed XML or uses a construct that is not allowed (DTDs and entities are prohibited): {UntrustedText.Quote(ex.Message, 300)}",
                ex.LineNumber > 0 ? ex.LineNumber : Line,
                ex.LineNumber > 0 ? ex.LinePosition : Position,
                ex);
        }
        catch (InputTooLargeException ex)
        {
            throw new Pain001FormatException(
                string.Create(CultureInfo.InvariantCulture, $"The file is larger than the limit of {ex.MaxBytes} bytes (Pain001ReaderOptions.MaxInputBytes)."),
                Line,
                Position,
                ex);
        }
        catch (OverflowException ex)
        {
            throw new Pain001FormatException("The sum of the amounts exceeds the range of a decimal.", Line, Position, ex);
        }
    }

    /// <summary>Builds the summary once <see cref="NextAsync"/> has returned <see langword="null"/>.</summary>
    public Pain001Summary BuildSummary()
    {
        if (_state != State.Done || _blockSummaries is null)
        {
            throw new InvalidOperationException("The document has not been read to its end with block summaries on.");
        }

        var mismatches = new List<ControlTotalMismatch>();
        if (_declaredNumberOfTransactions != _count)
        {
            mismatches.Add(new(ControlTotalLevel.Group, null, ControlTotalField.NumberOfTransactions, _declaredNumberOfTransactions, _count));
        }

        // CtrlSum is optional (0..1) at both levels: absent is not a mismatch.
        if (_declaredControlSum is { } groupSum && groupSum != _sum)
        {
            mismatches.Add(new(ControlTotalLevel.Group, null, ControlTotalField.ControlSum, groupSum, _sum));
        }

        foreach (Pain001BlockSummary block in _blockSummaries)
        {
            if (block.DeclaredNumberOfTransactions is { } count && count != block.ActualNumberOfTransactions)
            {
                mismatches.Add(new(ControlTotalLevel.PaymentInformation, block.Block.PaymentInformationId, ControlTotalField.NumberOfTransactions, count, block.ActualNumberOfTransactions));
            }

            if (block.DeclaredControlSum is { } sum && sum != block.ActualControlSum)
            {
                mismatches.Add(new(ControlTotalLevel.PaymentInformation, block.Block.PaymentInformationId, ControlTotalField.ControlSum, sum, block.ActualControlSum));
            }
        }

        return new Pain001Summary
        {
            Version = _version,
            Namespace = _ns,
            MessageId = _messageId!,
            CreationDateTime = _creationDateTime,
            InitiatingPartyName = _initiatingPartyName,
            DeclaredNumberOfTransactions = _declaredNumberOfTransactions,
            DeclaredControlSum = _declaredControlSum,
            PaymentInformation = _blockSummaries.AsReadOnly(),
            ActualNumberOfTransactions = _count,
            ActualControlSum = _sum,
            Mismatches = mismatches.AsReadOnly(),
        };
    }

    private async ValueTask<Pain001Transaction?> NextCoreAsync()
    {
        if (_state == State.Start)
        {
            await StartAsync().ConfigureAwait(false);
        }

        while (true)
        {
            switch (_state)
            {
                case State.InBlock:
                    if (await NextChildAsync(_blockDepth).ConfigureAwait(false))
                    {
                        Pain001Transaction? transaction = await ReadBlockChildAsync().ConfigureAwait(false);
                        if (transaction is not null)
                        {
                            return transaction;
                        }
                    }
                    else
                    {
                        EndBlock();
                    }

                    break;

                case State.InInitiation:
                    if (await NextChildAsync(_initiationDepth).ConfigureAwait(false))
                    {
                        await ReadInitiationChildAsync().ConfigureAwait(false);
                    }
                    else
                    {
                        await EndDocumentAsync().ConfigureAwait(false);
                        return null;
                    }

                    break;

                default:
                    return null;
            }
        }
    }

    private async ValueTask StartAsync()
    {
        if (await _reader.MoveToContentAsync().ConfigureAwait(false) != XmlNodeType.Element)
        {
            throw Error("The file has no root element.");
        }

        if (_reader.LocalName != "Document")
        {
            throw Error($"The root element is <{UntrustedText.Quote(_reader.Name)}>; an ISO 20022 message has <Document>.");
        }

        _ns = _reader.NamespaceURI;
        _version = DetectVersion(_ns);
        int documentDepth = await EnterAsync().ConfigureAwait(false);
        if (!await NextChildAsync(documentDepth).ConfigureAwait(false))
        {
            throw Error("<Document> is empty; a pain.001 message has <CstmrCdtTrfInitn>.");
        }

        if (_reader.LocalName != "CstmrCdtTrfInitn" || !InOurNamespace)
        {
            throw Error($"<Document> contains <{UntrustedText.Quote(_reader.Name)}>, not <CstmrCdtTrfInitn>: this is not a Customer Credit Transfer Initiation (pain.001).");
        }

        _initiationDepth = _reader.Depth;
        int line = Line, position = Position;
        if (await EnterAsync().ConfigureAwait(false) < 0)
        {
            throw Error("<CstmrCdtTrfInitn> is empty; it must contain <GrpHdr> and at least one <PmtInf>.", line, position);
        }

        _state = State.InInitiation;
    }

    private Pain001Version DetectVersion(string ns)
    {
        // Exact matches only (issue 15, D11): a substring match read 'urn:evil:pain.001.001.03:whatever' as v03.
        // National variants that keep the ISO structure under their own namespace (Swiss SPS) are listed by name
        // in Pain001ReaderOptions.NationalNamespaces.
        switch (ns)
        {
            case IsoNamespacePrefix + "pain.001.001.03":
                return Pain001Version.V03;
            case IsoNamespacePrefix + "pain.001.001.09":
                return Pain001Version.V09;
        }

        if (_nationalNamespaces.TryGetValue(ns, out Pain001Version national))
        {
            return national;
        }

        Match match = IsoNamespacePattern().Match(ns);
        if (match.Success && match.Groups[1].Value.StartsWith("pain.001.", StringComparison.Ordinal))
        {
            throw Error($"The message is {match.Groups[1].Value} (namespace '{ns}'); only pain.001.001.03 and pain.001.001.09 are supported.");
        }

        if (match.Success)
        {
            throw Error($"The message is {match.Groups[1].Value} (namespace '{ns}'), not a pain.001 Customer Credit Transfer Initiation.");
        }

        throw Error($"The namespace '{UntrustedText.Quote(ns, 80)}' is not an ISO 20022 pain.001 namespace (nor one of Pain001ReaderOptions.NationalNamespaces).");
    }

    private async ValueTask ReadInitiationChildAsync()
    {
        if (!InOurNamespace)
        {
            await _reader.SkipAsync().ConfigureAwait(false);
            return;
        }

        switch (_reader.LocalName)
        {
            case "GrpHdr":
                await ReadGroupHeaderAsync().ConfigureAwait(false);
                break;
            case "PmtInf":
                if (!_headerSeen)
                {
                    throw Error("<PmtInf> comes before <GrpHdr>; the group header must come first.");
                }

                BeginBlock();
                _blockDepth = _reader.Depth;
                if (await EnterAsync().ConfigureAwait(false) < 0)
                {
                    throw Error("<PmtInf> is empty; it must contain <PmtInfId> and at least one <CdtTrfTxInf>.", _blockLine, _blockPosition);
                }

                _state = State.InBlock;
                break;
            default:
                await _reader.SkipAsync().ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask ReadGroupHeaderAsync()
    {
        if (_headerSeen)
        {
            throw Error("The message has more than one <GrpHdr>.");
        }

        int line = Line, position = Position;
        bool creationSeen = false, countSeen = false;
        int depth = await EnterAsync().ConfigureAwait(false);
        while (await NextChildAsync(depth).ConfigureAwait(false))
        {
            if (!InOurNamespace)
            {
                await _reader.SkipAsync().ConfigureAwait(false);
                continue;
            }

            switch (_reader.LocalName)
            {
                case "MsgId":
                    _messageId = await ReadTextAsync().ConfigureAwait(false);
                    break;
                case "CreDtTm":
                    {
                        int l = Line, p = Position;
                        string text = await ReadTextAsync().ConfigureAwait(false);
                        _creationDateTime = ParseDateTime(text, "GrpHdr/CreDtTm", l, p);
                        creationSeen = true;
                        break;
                    }

                case "NbOfTxs":
                    _declaredNumberOfTransactions = await ReadCountAsync("GrpHdr/NbOfTxs").ConfigureAwait(false);
                    countSeen = true;
                    break;
                case "CtrlSum":
                    _declaredControlSum = await ReadDecimalAsync("GrpHdr/CtrlSum", ControlSumFractionDigits).ConfigureAwait(false);
                    break;
                case "InitgPty":
                    _initiatingPartyName = await ReadNameAsync().ConfigureAwait(false);
                    break;
                default:
                    await _reader.SkipAsync().ConfigureAwait(false);
                    break;
            }
        }

        if (string.IsNullOrEmpty(_messageId))
        {
            throw Error("<GrpHdr> has no <MsgId>; the message id is mandatory.", line, position);
        }

        // D5: the message id goes back in every pain.002 (OrgnlMsgId): refuse what could not be written there.
        if (IsoText.CheckIdentifier(_messageId, "<GrpHdr>/<MsgId>") is { } msgIdProblem)
        {
            throw Error(msgIdProblem, line, position);
        }

        if (!creationSeen)
        {
            throw Error("<GrpHdr> has no <CreDtTm>; the creation date-time is mandatory.", line, position);
        }

        if (!countSeen)
        {
            throw Error("<GrpHdr> has no <NbOfTxs>; the number of transactions is mandatory.", line, position);
        }

        _headerSeen = true;
    }

    private void BeginBlock()
    {
        _blockLine = Line;
        _blockPosition = Position;
        _pmtInfId = null;
        _blockDeclaredCount = null;
        _blockDeclaredSum = null;
        _executionDate = null;
        _executionDateTime = null;
        _debtorName = null;
        _debtorIban = null;
        _debtorOther = null;
        _debtorBic = null;
        _paymentMethod = null;
        _block = null;
        _blockTransactionCount = 0;
        _blockSum = 0m;
    }

    private async ValueTask<Pain001Transaction?> ReadBlockChildAsync()
    {
        if (!InOurNamespace)
        {
            await _reader.SkipAsync().ConfigureAwait(false);
            return null;
        }

        string name = _reader.LocalName;
        if (name == "CdtTrfTxInf")
        {
            _block ??= CompleteBlockHeader();
            Pain001Transaction transaction = await ReadTransactionAsync(_block).ConfigureAwait(false);
            _blockTransactionCount++;
            _blockSum += transaction.Payout.Amount;
            _count++;
            _sum += transaction.Payout.Amount;
            return transaction;
        }

        if (_block is not null && name is "PmtInfId" or "PmtMtd" or "NbOfTxs" or "CtrlSum" or "ReqdExctnDt" or "Dbtr" or "DbtrAcct" or "DbtrAgt")
        {
            throw Error($"<{name}> comes after the transactions of payment information block '{_block.PaymentInformationId}'; block fields must come before <CdtTrfTxInf>.");
        }

        switch (name)
        {
            case "PmtInfId":
                _pmtInfId = await ReadTextAsync().ConfigureAwait(false);
                if (IsoText.CheckIdentifier(_pmtInfId, "<PmtInf>/<PmtInfId>") is { } idProblem)
                {
                    throw Error(idProblem);
                }

                break;
            case "PmtMtd":
                _paymentMethod = await ReadTextAsync().ConfigureAwait(false);
                break;
            case "NbOfTxs":
                _blockDeclaredCount = await ReadCountAsync("PmtInf/NbOfTxs").ConfigureAwait(false);
                break;
            case "CtrlSum":
                _blockDeclaredSum = await ReadDecimalAsync("PmtInf/CtrlSum", ControlSumFractionDigits).ConfigureAwait(false);
                break;
            case "ReqdExctnDt":
                await ReadExecutionDateAsync().ConfigureAwait(false);
                break;
            case "Dbtr":
                _debtorName = await ReadNameAsync().ConfigureAwait(false);
                break;
            case "DbtrAcct":
                (_debtorIban, _debtorOther) = await ReadAccountAsync().ConfigureAwait(false);
                break;
            case "DbtrAgt":
                _debtorBic = await ReadAgentBicAsync().ConfigureAwait(false);
                break;
            default:
                await _reader.SkipAsync().ConfigureAwait(false);
                break;
        }

        return null;
    }

    private Pain001PaymentBlock CompleteBlockHeader()
    {
        if (string.IsNullOrEmpty(_pmtInfId))
        {
            throw Error("<PmtInf> has no <PmtInfId> before its first <CdtTrfTxInf>; the block id is mandatory.", _blockLine, _blockPosition);
        }

        if (_executionDate is null)
        {
            throw Error($"Payment information block '{_pmtInfId}' has no <ReqdExctnDt> before its first <CdtTrfTxInf>; the requested execution date is mandatory.", _blockLine, _blockPosition);
        }

        return new Pain001PaymentBlock(_pmtInfId, _debtorName, _debtorIban, _debtorOther, _debtorBic, _executionDate.Value, _executionDateTime, _blockLine)
        {
            Unprocessable = CheckBlock(),
        };
    }

    /// <summary>
    /// What makes every transaction of the block unpayable, if anything: each is then rejected by itself with the
    /// reason, and the batch follows its mode (D5, D11: a debtor IBAN such as DE00... must never be paid from).
    /// </summary>
    private PayoutCheckResult? CheckBlock()
    {
        if (_paymentMethod is not null && _paymentMethod != "TRF")
        {
            return PayoutCheckResult.Reject(BatchReasonCodes.Narrative, $"Payment information block '{_pmtInfId}' has payment method '{UntrustedText.Quote(_paymentMethod)}'; only credit transfers (TRF) are supported.");
        }

        if (_debtorIban is not null)
        {
            if (!Iban.TryValidate(_debtorIban, out string? error))
            {
                return PayoutCheckResult.Reject(BatchReasonCodes.InvalidDebtorAccountNumber, "The debtor account (<DbtrAcct>) is invalid: " + error);
            }
        }
        else if (_debtorOther is null)
        {
            return PayoutCheckResult.Reject(BatchReasonCodes.InvalidDebtorAccountNumber, $"Payment information block '{_pmtInfId}' has no debtor account (<DbtrAcct>/<Id>).");
        }
        else if (IsoText.CheckIdentifier(_debtorOther, "<DbtrAcct>/<Id>/<Othr>/<Id>", 34) is { } otherProblem)
        {
            return PayoutCheckResult.Reject(BatchReasonCodes.InvalidDebtorAccountNumber, otherProblem);
        }

        if (_debtorName is not null && IsoText.CheckText(_debtorName, "<Dbtr>/<Nm>") is { } nameProblem)
        {
            return PayoutCheckResult.Reject(BatchReasonCodes.ElementContentFormallyIncorrect, nameProblem);
        }

        return null;
    }

    private void EndBlock()
    {
        if (_block is null)
        {
            string which = string.IsNullOrEmpty(_pmtInfId) ? "<PmtInf>" : $"Payment information block '{_pmtInfId}'";
            throw Error($"{which} has no <CdtTrfTxInf>; a block must hold at least one transaction.", _blockLine, _blockPosition);
        }

        _blockSummaries?.Add(new Pain001BlockSummary(_block, _blockDeclaredCount, _blockDeclaredSum, _blockTransactionCount, _blockSum));
        _blocksRead++;
        _state = State.InInitiation;
    }

    private async ValueTask EndDocumentAsync()
    {
        if (!_headerSeen)
        {
            throw Error("<CstmrCdtTrfInitn> has no <GrpHdr>.");
        }

        if (_blocksRead == 0)
        {
            throw Error("<CstmrCdtTrfInitn> has no <PmtInf>; a message must hold at least one payment information block.");
        }

        // Read to the end so that trailing garbage or an unclosed <Document> is caught before the file is
        // declared good: a truncated upload must never pass the first pass.
        while (await _reader.ReadAsync().ConfigureAwait(false))
        {
        }

        _state = State.Done;
    }

    private async ValueTask ReadExecutionDateAsync()
    {
        int line = Line, position = Position;
        if (_version == Pain001Version.V03)
        {
            // pain.001.001.03: ReqdExctnDt is an ISODate.
            string text = await ReadTextAsync().ConfigureAwait(false);
            _executionDate = ParseDate(text, "PmtInf/ReqdExctnDt", line, position);
            return;
        }

        // pain.001.001.09: ReqdExctnDt is DateAndDateTime2Choice, either <Dt> or <DtTm>.
        int depth = await EnterAsync().ConfigureAwait(false);
        while (await NextChildAsync(depth).ConfigureAwait(false))
        {
            int l = Line, p = Position;
            switch (InOurNamespace ? _reader.LocalName : null)
            {
                case "Dt":
                    _executionDate = ParseDate(await ReadTextAsync().ConfigureAwait(false), "PmtInf/ReqdExctnDt/Dt", l, p);
                    break;
                case "DtTm":
                    DateTime dateTime = ParseDateTime(await ReadTextAsync().ConfigureAwait(false), "PmtInf/ReqdExctnDt/DtTm", l, p);
                    _executionDateTime = dateTime;
                    _executionDate = DateOnly.FromDateTime(dateTime);
                    break;
                default:
                    await _reader.SkipAsync().ConfigureAwait(false);
                    break;
            }
        }

        if (_executionDate is null)
        {
            throw Error("<ReqdExctnDt> has neither <Dt> nor <DtTm> (pain.001.001.09 requires one).", line, position);
        }
    }

    private async ValueTask<Pain001Transaction> ReadTransactionAsync(Pain001PaymentBlock block)
    {
        int line = Line, position = Position;
        string? instructionId = null, endToEndId = null, currency = null, creditorName = null, transferCurrency = null;
        string? creditorIban = null, creditorOther = null, creditorBic = null, remittance = null;
        decimal? amount = null;

        // The first thing found that we cannot process: the transaction is then rejected by itself (issue 15), while
        // its amount, whatever its form, still counts in the control totals. (No closure: this runs per transaction.)
        PayoutCheckResult? unprocessable = null;

        int depth = await EnterAsync().ConfigureAwait(false);
        while (await NextChildAsync(depth).ConfigureAwait(false))
        {
            switch (InOurNamespace ? _reader.LocalName : null)
            {
                case "PmtId":
                    int idDepth = await EnterAsync().ConfigureAwait(false);
                    while (await NextChildAsync(idDepth).ConfigureAwait(false))
                    {
                        switch (InOurNamespace ? _reader.LocalName : null)
                        {
                            case "InstrId":
                                instructionId = await ReadTextAsync().ConfigureAwait(false);
                                break;
                            case "EndToEndId":
                                endToEndId = await ReadTextAsync().ConfigureAwait(false);
                                break;
                            default:
                                await _reader.SkipAsync().ConfigureAwait(false);
                                break;
                        }
                    }

                    break;

                case "Amt":
                    if (amount is not null)
                    {
                        throw Error($"The transaction starting at line {line} has more than one <Amt>.");
                    }

                    PayoutCheckResult? amountProblem;
                    (amount, currency, transferCurrency, amountProblem) = await ReadAmountAsync(line).ConfigureAwait(false);
                    unprocessable ??= amountProblem;
                    break;

                case "ChqInstr":
                    unprocessable ??= PayoutCheckResult.Reject(BatchReasonCodes.Narrative, "The transaction is a cheque (<ChqInstr>); only credit transfers to an account are supported.");
                    await _reader.SkipAsync().ConfigureAwait(false);
                    break;
                case "CdtrAgt":
                    creditorBic = await ReadAgentBicAsync().ConfigureAwait(false);
                    break;
                case "Cdtr":
                    creditorName = await ReadNameAsync().ConfigureAwait(false);
                    break;
                case "CdtrAcct":
                    (creditorIban, creditorOther) = await ReadAccountAsync().ConfigureAwait(false);
                    break;
                case "RmtInf":
                    int remittanceDepth = await EnterAsync().ConfigureAwait(false);
                    while (await NextChildAsync(remittanceDepth).ConfigureAwait(false))
                    {
                        if (InOurNamespace && _reader.LocalName == "Ustrd")
                        {
                            string text = await ReadTextAsync().ConfigureAwait(false);
                            if (IsoText.CheckText(text, "<RmtInf>/<Ustrd>") is { } ustrdProblem)
                            {
                                unprocessable ??= PayoutCheckResult.Reject(BatchReasonCodes.ElementContentFormallyIncorrect, ustrdProblem);
                            }

                            remittance = remittance is null ? text : remittance + " " + text;
                        }
                        else
                        {
                            await _reader.SkipAsync().ConfigureAwait(false);
                        }
                    }

                    break;

                default:
                    await _reader.SkipAsync().ConfigureAwait(false);
                    break;
            }
        }

        if (string.IsNullOrEmpty(endToEndId))
        {
            throw Error($"<CdtTrfTxInf> in block '{block.PaymentInformationId}' has no <PmtId>/<EndToEndId>; the end-to-end id is mandatory.", line, position);
        }

        // D5: the ids go back in the pain.002 (OrgnlEndToEndId, OrgnlInstrId); one that could not be written there
        // would leave a paid transaction unreportable, so the file is refused before anything is paid.
        if (IsoText.CheckIdentifier(endToEndId, "<PmtId>/<EndToEndId>") is { } e2eProblem)
        {
            throw Error($"Transaction in block '{block.PaymentInformationId}': {e2eProblem}", line, position);
        }

        if (instructionId is not null && IsoText.CheckIdentifier(instructionId, "<PmtId>/<InstrId>") is { } instrProblem)
        {
            throw Error($"Transaction '{endToEndId}' in block '{block.PaymentInformationId}': {instrProblem}", line, position);
        }

        if (amount is null || currency is null)
        {
            throw Error($"<CdtTrfTxInf> '{endToEndId}' in block '{block.PaymentInformationId}' has no <Amt>/<InstdAmt> or <Amt>/<EqvtAmt>; the amount is mandatory.", line, position);
        }

        if (creditorName is not null && IsoText.CheckText(creditorName, "<Cdtr>/<Nm>") is { } nameProblem)
        {
            unprocessable ??= PayoutCheckResult.Reject(BatchReasonCodes.ElementContentFormallyIncorrect, nameProblem);
        }

        if (creditorOther is not null && IsoText.CheckIdentifier(creditorOther, "<CdtrAcct>/<Id>/<Othr>/<Id>", 34) is { } otherProblem)
        {
            unprocessable ??= PayoutCheckResult.Reject(BatchReasonCodes.IncorrectAccountNumber, otherProblem);
        }

        var payout = new PayoutInstruction(endToEndId, instructionId, amount.Value, currency, creditorName, creditorIban, creditorOther, creditorBic, remittance)
        {
            TransferCurrency = transferCurrency,
            Unprocessable = unprocessable,
        };
        return new Pain001Transaction(block, payout, line);
    }

    /// <summary>
    /// Reads <c>Amt</c>, an AmountType choice: <c>InstdAmt</c> (amount and currency), or <c>EqvtAmt</c> (an amount in
    /// the debtor's currency, <c>Amt</c>, to be transferred in <c>CcyOfTrf</c>). Any other form is not supported, but
    /// its number is still read for the control sum, which ISO 20022 defines as the sum of the amounts as written.
    /// </summary>
    private async ValueTask<(decimal? Amount, string? Currency, string? TransferCurrency, PayoutCheckResult? Problem)> ReadAmountAsync(int line)
    {
        decimal? amount = null;
        string? currency = null, transferCurrency = null;
        PayoutCheckResult? problem = null;
        int amountDepth = await EnterAsync().ConfigureAwait(false);
        while (await NextChildAsync(amountDepth).ConfigureAwait(false))
        {
            switch (InOurNamespace ? _reader.LocalName : null)
            {
                case "InstdAmt":
                    currency = RequireCurrencyAttribute("InstdAmt", line);
                    amount = await ReadDecimalAsync("CdtTrfTxInf/Amt/InstdAmt", AmountFractionDigits).ConfigureAwait(false);
                    break;
                case "EqvtAmt":
                    int equivalentDepth = await EnterAsync().ConfigureAwait(false);
                    while (await NextChildAsync(equivalentDepth).ConfigureAwait(false))
                    {
                        switch (InOurNamespace ? _reader.LocalName : null)
                        {
                            case "Amt":
                                currency = RequireCurrencyAttribute("EqvtAmt/Amt", line);
                                amount = await ReadDecimalAsync("CdtTrfTxInf/Amt/EqvtAmt/Amt", AmountFractionDigits).ConfigureAwait(false);
                                break;
                            case "CcyOfTrf":
                                transferCurrency = await ReadTextAsync().ConfigureAwait(false);
                                break;
                            default:
                                await _reader.SkipAsync().ConfigureAwait(false);
                                break;
                        }
                    }

                    if (amount is null || transferCurrency is null)
                    {
                        throw Error($"<EqvtAmt> of the transaction starting at line {line} needs both <Amt> and <CcyOfTrf>.");
                    }

                    break;
                case null:
                    await _reader.SkipAsync().ConfigureAwait(false);
                    break;
                default:
                    {
                        // A form this reader does not know: count its number, reject the transaction by itself.
                        string name = _reader.LocalName;
                        currency = _reader.GetAttribute("Ccy") ?? string.Empty;
                        string text = await ReadTextAsync().ConfigureAwait(false);
                        amount = decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value) ? value : 0m;
                        problem ??= PayoutCheckResult.Reject(BatchReasonCodes.Narrative, $"The amount is given as <{UntrustedText.Quote(name)}>; only <InstdAmt> and <EqvtAmt> are supported.");
                        break;
                    }
            }
        }

        return (amount, currency, transferCurrency, problem);
    }

    private string RequireCurrencyAttribute(string element, int line)
    {
        string? currency = _reader.GetAttribute("Ccy");
        if (string.IsNullOrEmpty(currency))
        {
            throw Error($"<{element}> of transaction starting at line {line} has no Ccy attribute; the currency is mandatory.");
        }

        return currency;
    }

    private ValueTask<string?> ReadNameAsync() => ReadChildTextAsync("Nm");

    /// <summary>Reads the text of the child named <paramref name="childName"/> of the current element, skipping every other child.</summary>
    private async ValueTask<string?> ReadChildTextAsync(string childName)
    {
        string? text = null;
        int depth = await EnterAsync().ConfigureAwait(false);
        while (await NextChildAsync(depth).ConfigureAwait(false))
        {
            if (InOurNamespace && _reader.LocalName == childName)
            {
                text = await ReadTextAsync().ConfigureAwait(false);
            }
            else
            {
                await _reader.SkipAsync().ConfigureAwait(false);
            }
        }

        return text;
    }

    private async ValueTask<(string? Iban, string? Other)> ReadAccountAsync()
    {
        string? iban = null, other = null;
        int depth = await EnterAsync().ConfigureAwait(false);
        while (await NextChildAsync(depth).ConfigureAwait(false))
        {
            if (!InOurNamespace || _reader.LocalName != "Id")
            {
                await _reader.SkipAsync().ConfigureAwait(false);
                continue;
            }

            int idDepth = await EnterAsync().ConfigureAwait(false);
            while (await NextChildAsync(idDepth).ConfigureAwait(false))
            {
                switch (InOurNamespace ? _reader.LocalName : null)
                {
                    case "IBAN":
                        iban = Iban.Normalize(await ReadTextAsync().ConfigureAwait(false));
                        break;
                    case "Othr":
                        other = await ReadChildTextAsync("Id").ConfigureAwait(false);
                        break;
                    default:
                        await _reader.SkipAsync().ConfigureAwait(false);
                        break;
                }
            }
        }

        return (iban, other);
    }

    private async ValueTask<string?> ReadAgentBicAsync()
    {
        string? bic = null;
        int depth = await EnterAsync().ConfigureAwait(false);
        while (await NextChildAsync(depth).ConfigureAwait(false))
        {
            if (!InOurNamespace || _reader.LocalName != "FinInstnId")
            {
                await _reader.SkipAsync().ConfigureAwait(false);
                continue;
            }

            int institutionDepth = await EnterAsync().ConfigureAwait(false);
            while (await NextChildAsync(institutionDepth).ConfigureAwait(false))
            {
                // pain.001.001.03 calls it BIC, pain.001.001.09 BICFI; both hold an ISO 9362 code.
                if (InOurNamespace && _reader.LocalName is "BIC" or "BICFI")
                {
                    bic = await ReadTextAsync().ConfigureAwait(false);
                }
                else
                {
                    await _reader.SkipAsync().ConfigureAwait(false);
                }
            }
        }

        return bic;
    }

    private async ValueTask<long> ReadCountAsync(string what)
    {
        int line = Line, position = Position;
        string text = await ReadTextAsync().ConfigureAwait(false);

        // Max15NumericText: [0-9]{1,15}.
        if (text.Length is 0 or > 15 || !text.All(char.IsAsciiDigit)
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long count))
        {
            throw Error($"<{what}> is '{UntrustedText.Quote(text)}'; it must be 1 to 15 digits.", line, position);
        }

        return count;
    }

    private async ValueTask<decimal> ReadDecimalAsync(string what, int maxFractionDigits)
    {
        int line = Line, position = Position;
        string text = await ReadTextAsync().ConfigureAwait(false);
        if (text.Length == 0)
        {
            throw Error($"<{what}> is empty; it must be a decimal number.", line, position);
        }

        if (text[0] == '-')
        {
            throw Error($"<{what}> is '{UntrustedText.Quote(text)}'; it must not be negative.", line, position);
        }

        // Invariant culture and only a decimal point: no sign, no exponent, no thousands separator, so
        // "1,000.00" or "1E3" can never be read as some other amount.
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
        {
            throw Error($"<{what}> is '{UntrustedText.Quote(text)}', which is not a decimal number (digits with an optional '.', no sign, exponent or separators).", line, position);
        }

        int dot = text.IndexOf('.', StringComparison.Ordinal);
        int fractionDigits = dot < 0 ? 0 : text.AsSpan(dot + 1).TrimEnd('0').Length;
        if (fractionDigits > maxFractionDigits)
        {
            throw Error(string.Create(CultureInfo.InvariantCulture, $"<{what}> is '{UntrustedText.Quote(text)}', which has more than the {maxFractionDigits} fraction digits ISO 20022 allows."), line, position);
        }

        return value;
    }

    private async ValueTask<string> ReadTextAsync() =>
        (await _reader.ReadElementContentAsStringAsync().ConfigureAwait(false)).Trim();

    /// <summary>Steps into the element the reader is on; returns its depth, or -1 when it was empty (and has been passed).</summary>
    private ValueTask<int> EnterAsync() => XmlChildren.EnterAsync(_reader);

    private ValueTask<bool> NextChildAsync(int parentDepth) => XmlChildren.NextAsync(_reader, parentDepth, _truncated);

    private static DateOnly ParseDate(string text, string what, int line, int position)
    {
        // ISODate: YYYY-MM-DD.
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            throw Error($"<{what}> is '{UntrustedText.Quote(text)}'; it must be a date YYYY-MM-DD.", line, position);
        }

        return date;
    }

    private static DateTime ParseDateTime(string text, string what, int line, int position)
    {
        // ISODateTime (xs:dateTime): an offset or Z makes it an instant, converted to UTC; without one it is
        // local time of the sender, kept Unspecified rather than guessed.
        int t = text.IndexOf('T', StringComparison.Ordinal);
        if (t > 0)
        {
            bool hasZone = text.EndsWith('Z') || text.IndexOfAny(['+', '-'], t) >= 0;
            if (hasZone && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset instant))
            {
                return instant.UtcDateTime;
            }

            if (!hasZone && DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"], CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
            {
                return local;
            }
        }

        throw Error($"<{what}> is '{UntrustedText.Quote(text)}'; it must be a date-time YYYY-MM-DDThh:mm:ss with an optional fraction and offset.", line, position);
    }

    private Pain001FormatException Error(string problem) => new(problem, Line, Position);

    private static Pain001FormatException Error(string problem, int line, int position) => new(problem, line, position);

    private const string IsoNamespacePrefix = "urn:iso:std:iso:20022:tech:xsd:";

    [GeneratedRegex(@"^urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3}\.\d{3}\.\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoNamespacePattern();
}
