using System.Globalization;
using System.Xml.Linq;
using System.Xml;
using PaymentCore.Iso20022.IO;
using PaymentCore.Iso20022.Text;

namespace PaymentCore.Iso20022.Pain002;

/// <summary>
/// The pull parser behind <see cref="Pain002Reader"/>: walks the report with an <see cref="XmlReader"/> and loads one
/// small element at a time (the group header, one status) into an <see cref="XElement"/>, so memory stays flat.
/// One caller at a time.
/// </summary>
internal sealed class Pain002Parser : IDisposable
{
    private readonly LimitedReadStream _stream;
    private readonly XmlReader _reader;

    // Made once per file, so walking the children of a million transactions allocates no delegate per step.
    private readonly Func<Exception> _truncated;
    private readonly IXmlLineInfo _lineInfo;
    private readonly Queue<Pain002ReportedStatus> _ready = new();
    private XNamespace _ns = XNamespace.None;
    private int _reportDepth;
    private int _blockDepth;
    private string? _reportMessageId;
    private string? _originalMessageId;
    private Pain002ReportedStatus? _pendingBlock;
    private string? _blockId;
    private State _state;

    public Pain002Parser(Stream stream, long maxBytes)
    {
        _stream = new LimitedReadStream(stream, maxBytes);
        _reader = XmlReader.Create(_stream, new XmlReaderSettings
        {
            Async = true,

            // As for pain.001: no DTD means no external entities and no entity expansion; nothing is fetched.
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        });
        _lineInfo = (IXmlLineInfo)_reader;
        _truncated = () => Error("The report ends before the document is complete.");
    }

    private enum State
    {
        Start,
        InReport,
        InBlock,
        Done,
    }

    public void Dispose() => _reader.Dispose();

    public async ValueTask<Pain002ReportedStatus?> NextAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _stream.DefaultCancellationToken = cancellationToken;
        try
        {
            while (_ready.Count == 0 && _state != State.Done)
            {
                await StepAsync(cancellationToken).ConfigureAwait(false);
            }

            return _ready.TryDequeue(out var next) ? next : null;
        }
        catch (XmlException ex)
        {
            throw new Pain002FormatException(
                $"The report is not well-formed XML or uses a construct that is not allowed (DTDs and entities are prohibited): {UntrustedText.Quote(ex.Message, 300)}",
                ex.LineNumber > 0 ? ex.LineNumber : _lineInfo.LineNumber,
                ex.LineNumber > 0 ? ex.LinePosition : _lineInfo.LinePosition,
                ex);
        }
        catch (InputTooLargeException ex)
        {
            throw new Pain002FormatException(
                string.Create(CultureInfo.InvariantCulture, $"The report is larger than the limit of {ex.MaxBytes} bytes (Pain002ReaderOptions.MaxInputBytes)."),
                _lineInfo.LineNumber,
                _lineInfo.LinePosition,
                ex);
        }
    }

    private async ValueTask StepAsync(CancellationToken cancellationToken)
    {
        switch (_state)
        {
            case State.Start:
                await StartAsync().ConfigureAwait(false);
                break;
            case State.InReport:
                if (!await NextChildAsync(_reportDepth).ConfigureAwait(false))
                {
                    if (_originalMessageId is null)
                    {
                        throw Error("The report has no <OrgnlGrpInfAndSts>; it must say which message it reports on.");
                    }

                    while (await _reader.ReadAsync().ConfigureAwait(false))
                    {
                    }

                    _state = State.Done;
                    break;
                }

                await ReadReportChildAsync(cancellationToken).ConfigureAwait(false);
                break;
            case State.InBlock:
                if (!await NextChildAsync(_blockDepth).ConfigureAwait(false))
                {
                    FlushBlock();
                    _state = State.InReport;
                    break;
                }

                await ReadBlockChildAsync(cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask StartAsync()
    {
        if (await _reader.MoveToContentAsync().ConfigureAwait(false) != XmlNodeType.Element || _reader.LocalName != "Document")
        {
            throw Error("The file's root element is not <Document>; an ISO 20022 message has one.");
        }

        _ns = _reader.NamespaceURI;
        int documentDepth = await EnterAsync().ConfigureAwait(false);
        if (!await NextChildAsync(documentDepth).ConfigureAwait(false) || _reader.LocalName != "CstmrPmtStsRpt" || _reader.NamespaceURI != _ns.NamespaceName)
        {
            throw Error($"<Document> does not contain <CstmrPmtStsRpt>: this is not a Customer Payment Status Report (pain.002); namespace '{UntrustedText.Quote(_ns.NamespaceName, 80)}'.");
        }

        _reportDepth = await EnterAsync().ConfigureAwait(false);
        _state = _reportDepth < 0 ? State.Done : State.InReport;
        if (_reportDepth < 0)
        {
            throw Error("<CstmrPmtStsRpt> is empty.");
        }
    }

    private async ValueTask ReadReportChildAsync(CancellationToken cancellationToken)
    {
        if (_reader.NamespaceURI != _ns.NamespaceName)
        {
            await _reader.SkipAsync().ConfigureAwait(false);
            return;
        }

        int line = _lineInfo.LineNumber;
        switch (_reader.LocalName)
        {
            case "GrpHdr":
                {
                    var header = await LoadAsync(cancellationToken).ConfigureAwait(false);
                    _reportMessageId = RequireId(Text(header, "MsgId"), "<GrpHdr>/<MsgId>", line);
                    break;
                }

            case "OrgnlGrpInfAndSts":
                {
                    if (_reportMessageId is null)
                    {
                        throw Error("<OrgnlGrpInfAndSts> comes before <GrpHdr>; the group header must come first.");
                    }

                    var group = await LoadAsync(cancellationToken).ConfigureAwait(false);
                    _originalMessageId = RequireId(Text(group, "OrgnlMsgId"), "<OrgnlGrpInfAndSts>/<OrgnlMsgId>", line);
                    _ready.Enqueue(Status(Pain002StatusLevel.Group, group, "GrpSts", line));
                    break;
                }

            case "OrgnlPmtInfAndSts":
                {
                    if (_originalMessageId is null)
                    {
                        throw Error("<OrgnlPmtInfAndSts> comes before <OrgnlGrpInfAndSts>; the original group must be named first.");
                    }

                    _pendingBlock = new Pain002ReportedStatus
                    {
                        Level = Pain002StatusLevel.PaymentInformation,
                        ReportMessageId = _reportMessageId!,
                        OriginalMessageId = _originalMessageId,
                        LineNumber = line,
                    };
                    _blockDepth = await EnterAsync().ConfigureAwait(false);
                    if (_blockDepth < 0)
                    {
                        throw Error("<OrgnlPmtInfAndSts> is empty; it must name <OrgnlPmtInfId>.", line);
                    }

                    _state = State.InBlock;
                    break;
                }

            default:
                await _reader.SkipAsync().ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask ReadBlockChildAsync(CancellationToken cancellationToken)
    {
        if (_reader.NamespaceURI != _ns.NamespaceName)
        {
            await _reader.SkipAsync().ConfigureAwait(false);
            return;
        }

        int line = _lineInfo.LineNumber;
        switch (_reader.LocalName)
        {
            case "OrgnlPmtInfId":
                _pendingBlock = _pendingBlock! with { OriginalPaymentInformationId = RequireId((await _reader.ReadElementContentAsStringAsync().ConfigureAwait(false)).Trim(), "<OrgnlPmtInfId>", line) };
                break;
            case "PmtInfSts":
                {
                    string code = (await _reader.ReadElementContentAsStringAsync().ConfigureAwait(false)).Trim();
                    _pendingBlock = _pendingBlock! with { StatusCode = code, Status = Pain002Reader.TryParseStatus(code, out var s) ? s : null };
                    break;
                }

            case "StsRsnInf":
                {
                    var reason = Reason(await LoadAsync(cancellationToken).ConfigureAwait(false));
                    _pendingBlock = _pendingBlock! with { Reasons = [.. _pendingBlock.Reasons, reason] };
                    break;
                }

            case "TxInfAndSts":
                {
                    FlushBlock();
                    var transaction = await LoadAsync(cancellationToken).ConfigureAwait(false);
                    var status = Status(Pain002StatusLevel.Transaction, transaction, "TxSts", line) with
                    {
                        OriginalPaymentInformationId = _blockId,
                        OriginalInstructionId = Text(transaction, "OrgnlInstrId"),
                        OriginalEndToEndId = RequireId(Text(transaction, "OrgnlEndToEndId"), "<TxInfAndSts>/<OrgnlEndToEndId>", line),
                    };
                    _ready.Enqueue(status);
                    break;
                }

            default:
                await _reader.SkipAsync().ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Hands on the block's own status once its header fields are read (before its first transaction, or at its end).</summary>
    private void FlushBlock()
    {
        if (_pendingBlock is null)
        {
            return;
        }

        if (_pendingBlock.OriginalPaymentInformationId is null)
        {
            throw Error("<OrgnlPmtInfAndSts> has no <OrgnlPmtInfId> before its transactions.", _pendingBlock.LineNumber);
        }

        _blockId = _pendingBlock.OriginalPaymentInformationId;
        _ready.Enqueue(_pendingBlock);
        _pendingBlock = null;
    }

    private Pain002ReportedStatus Status(Pain002StatusLevel level, XElement element, string statusElement, int line)
    {
        string? code = Text(element, statusElement);
        return new Pain002ReportedStatus
        {
            Level = level,
            ReportMessageId = _reportMessageId!,
            OriginalMessageId = _originalMessageId!,
            StatusCode = code,
            Status = Pain002Reader.TryParseStatus(code, out var status) ? status : null,
            Reasons = [.. element.Elements(_ns + "StsRsnInf").Select(Reason)],
            LineNumber = line,
        };
    }

    private Pain002ReasonInformation Reason(XElement info)
    {
        var reason = info.Element(_ns + "Rsn");
        var additional = info.Elements(_ns + "AddtlInf").Select(e => e.Value.Trim()).Where(t => t.Length > 0).ToList();
        return new Pain002ReasonInformation(
            Bounded(reason?.Element(_ns + "Cd")?.Value.Trim(), 4),
            Bounded(reason?.Element(_ns + "Prtry")?.Value.Trim(), 35),
            additional.Count == 0 ? null : Bounded(string.Join(" ", additional), 1000));
    }

    // A bank's text is untrusted: keep what the schema allows (code 4, proprietary 35, AddtlInf 105 x 10), escaped.
    private static string? Bounded(string? text, int max) => string.IsNullOrEmpty(text) ? null : UntrustedText.Quote(text, max);

    private string? Text(XElement parent, string name)
    {
        string? text = parent.Element(_ns + name)?.Value.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private string RequireId(string? value, string field, int line)
    {
        if (value is null)
        {
            throw Error($"{field} is missing; the report cannot be matched without it.", line);
        }

        if (IsoText.CheckIdentifier(value, field) is { } problem)
        {
            throw Error(problem, line);
        }

        return value;
    }

    // Reads only the current element (one header, one status): the report itself is never held.
    private async ValueTask<XElement> LoadAsync(CancellationToken cancellationToken) =>
        (XElement)await XNode.ReadFromAsync(_reader, cancellationToken).ConfigureAwait(false);

    private ValueTask<int> EnterAsync() => XmlChildren.EnterAsync(_reader);

    private ValueTask<bool> NextChildAsync(int parentDepth) => XmlChildren.NextAsync(_reader, parentDepth, _truncated);

    private Pain002FormatException Error(string problem, int line = 0) =>
        new(problem, line > 0 ? line : _lineInfo.LineNumber, line > 0 ? 1 : _lineInfo.LinePosition);
}
