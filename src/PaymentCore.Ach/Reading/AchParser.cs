using System.Globalization;
using PaymentCore.Ach.Records;

namespace PaymentCore.Ach.Reading;

/// <summary>
/// Reads the structure of one NACHA file (file header, batches, file control, padding) and checks its control records
/// against what the records add up to; entries and addenda are read by <see cref="AchEntryParser"/>. One use, one thread.
/// </summary>
internal sealed class AchParser(AchReaderOptions options)
{
    private AchRecordCursor _c = null!;
    private AchEntryParser _entries = null!;

    public AchFile Parse(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            throw new AchFormatException([new AchValidationError(1, "File", null, null, "The file is empty; it must start with a file header record (type 1).")]);
        }

        _c = new AchRecordCursor(lines);
        _entries = new AchEntryParser(_c);
        _c.Next();
        var header = ReadFileHeader();
        var batches = new List<AchBatch>();
        long lastBatchNumber = 0;
        while (true)
        {
            if (!_c.Next())
            {
                _c.Fail("File", null, "9", "The file ends without a file control record (type 9).");
            }

            if (_c.Record[0] == '5')
            {
                var batch = ReadBatch();
                if (batch.Header.BatchNumber <= lastBatchNumber)
                {
                    _c.Error(batch.Header.LineNumber, "Batch header batch number (88-94)", AchRecordCursor.Num(batch.Header.BatchNumber), "> " + AchRecordCursor.Num(lastBatchNumber), "Batch numbers must ascend through the file.");
                }

                lastBatchNumber = batch.Header.BatchNumber;
                batches.Add(batch);
                continue;
            }

            if (_c.Record[0] == '9' && !AchRecordCursor.IsPadding(_c.Record))
            {
                break;
            }

            _c.Fail("Record type (1)", _c.Record[..1], "5 or 9", "A batch header (5) or the file control (9) must come here.");
        }

        var file = ReadFileControl(header, batches);
        int controlLine = _c.Line;
        int records = controlLine; // header, batches and control: every line up to here
        int padding = 0;
        while (_c.Next())
        {
            if (!AchRecordCursor.IsPadding(_c.Record))
            {
                _c.Error(_c.Line, "Record type (1)", _c.Record[..1], "9999999999 (padding)", "Only padding records of 94 nines may follow the file control record.");
                break;
            }

            padding++;
        }

        long blocks = (records + 9) / 10;
        if (!options.LenientBlockCount)
        {
            if (file.BlockCount != blocks)
            {
                _c.Error(controlLine, "File control block count (8-13)", AchRecordCursor.Num(file.BlockCount), AchRecordCursor.Num(blocks), "The block count is the number of 10-record blocks (AchReaderOptions.LenientBlockCount relaxes this).");
            }

            if ((records + padding) % 10 != 0)
            {
                _c.Error(controlLine, "File padding", AchRecordCursor.Num(records + padding), AchRecordCursor.Num(blocks * 10), "A NACHA file is padded with records of nines to a multiple of 10 records (AchReaderOptions.LenientBlockCount relaxes this).");
            }
        }

        _c.ThrowIfErrors();

        return file;
    }

    private AchFileHeader ReadFileHeader()
    {
        if (_c.Record[0] != '1')
        {
            _c.Fail("Record type (1)", _c.Record[..1], "1", "The file must start with a file header record (type 1).");
        }

        _c.Expect(2, 3, "01", "File header priority code (2-3)");
        string destination = _c.F(4, 13).Trim();
        if (!RoutingNumber.IsValid(destination))
        {
            _c.Error(_c.Line, "File header immediate destination (4-13)", destination, destination.Length == 9 && AchRecordCursor.IsDigits(destination) ? destination[..8] + RoutingNumber.CheckDigit(destination.AsSpan(0, 8)).ToString(CultureInfo.InvariantCulture) : "a 9-digit routing number", "The immediate destination must be a routing number with a valid check digit.");
        }

        string origin = _c.F(14, 23).Trim();
        if (origin.Length == 0 || (!options.AllowAlphanumericImmediateOrigin && !AchRecordCursor.IsDigits(origin)))
        {
            _c.Error(_c.Line, "File header immediate origin (14-23)", origin, "digits", "The immediate origin must be numeric (AchReaderOptions.AllowAlphanumericImmediateOrigin relaxes this).");
        }

        var date = _c.Date(24, 29, "File header creation date (24-29)") ?? default;
        TimeOnly? time = null;
        string timeText = _c.F(30, 33);
        if (timeText.Trim().Length > 0)
        {
            if (TimeOnly.TryParseExact(timeText, "HHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            {
                time = t;
            }
            else
            {
                _c.Error(_c.Line, "File header creation time (30-33)", timeText, "HHMM", "The creation time must be HHMM or blank.");
            }
        }

        char modifier = _c.Record[33];
        if (!char.IsAsciiLetterUpper(modifier) && !char.IsAsciiDigit(modifier))
        {
            _c.Error(_c.Line, "File header file ID modifier (34)", modifier.ToString(), "A-Z or 0-9", "The file ID modifier must be an upper-case letter or a digit.");
        }

        _c.Expect(35, 37, "094", "File header record size (35-37)");
        _c.Expect(38, 39, "10", "File header blocking factor (38-39)");
        _c.Expect(40, 40, "1", "File header format code (40)");
        return new AchFileHeader(destination, origin, date, time, modifier, _c.F(41, 63).Trim(), _c.F(64, 86).Trim(), _c.F(87, 94).Trim());
    }

    private AchBatch ReadBatch()
    {
        var header = ReadBatchHeader();
        var entries = new List<AchEntry>();
        long hash = 0, debit = 0, credit = 0, count = 0;
        while (true)
        {
            if (!_c.Next())
            {
                _c.Fail("Batch", null, "8", $"Batch {AchRecordCursor.Num(header.BatchNumber)} ends without a batch control record (type 8).");
            }

            if (_c.Record[0] == '6')
            {
                var entry = _entries.ReadEntry(header);
                entries.Add(entry);
                count += 1 + entry.Addenda.Count;
                hash += long.Parse(entry.RdfiRoutingNumber.AsSpan(0, 8), NumberStyles.None, CultureInfo.InvariantCulture);
                if (entry.IsCredit)
                {
                    credit = checked(credit + entry.AmountCents);
                }
                else
                {
                    debit = checked(debit + entry.AmountCents);
                }

                continue;
            }

            if (_c.Record[0] == '8')
            {
                break;
            }

            _c.Fail("Record type (1)", _c.Record[..1], "6 or 8", $"An entry (6) or the control (8) of batch {AchRecordCursor.Num(header.BatchNumber)} must come here.");
        }

        if (entries.Count == 0)
        {
            _c.Error(header.LineNumber, "Batch", "0 entries", "at least 1", "A batch must hold at least one entry.");
        }

        // The entry hash is the sum of the 8-digit RDFI routing numbers, keeping the low 10 digits.
        long entryHash = hash % 10_000_000_000;
        _c.Expect(2, 4, header.ServiceClassCode.ToString(CultureInfo.InvariantCulture), "Batch control service class code (2-4)", "It must equal the batch header's.");
        long declaredCount = _c.Number(5, 10, "Batch control entry/addenda count (5-10)");
        _c.Check(declaredCount, count, "Batch control entry/addenda count (5-10)", "The entry/addenda count must equal the entry and addenda records of the batch.");
        _c.Check(_c.Number(11, 20, "Batch control entry hash (11-20)"), entryHash, "Batch control entry hash (11-20)", "The entry hash must be the sum of the entries' 8-digit RDFI routing numbers (low 10 digits).");
        long declaredDebit = _c.Number(21, 32, "Batch control total debit (21-32)");
        _c.Check(declaredDebit, debit, "Batch control total debit (21-32)", "The total debit must be the sum of the batch's debit entries, in cents.");
        long declaredCredit = _c.Number(33, 44, "Batch control total credit (33-44)");
        _c.Check(declaredCredit, credit, "Batch control total credit (33-44)", "The total credit must be the sum of the batch's credit entries, in cents.");
        if (!string.Equals(_c.F(45, 54).Trim(), header.CompanyIdentification, StringComparison.Ordinal))
        {
            _c.Error(_c.Line, "Batch control company identification (45-54)", _c.F(45, 54).Trim(), header.CompanyIdentification, "It must equal the batch header's.");
        }

        _c.Expect(80, 87, header.OriginatingDfi, "Batch control originating DFI (80-87)", "It must equal the batch header's.");
        _c.Expect(88, 94, header.BatchNumber.ToString("D7", CultureInfo.InvariantCulture), "Batch control batch number (88-94)", "It must equal the batch header's.");
        return new AchBatch(header, entries, declaredCount, entryHash, declaredDebit, declaredCredit);
    }

    private AchBatchHeader ReadBatchHeader()
    {
        int serviceClass = (int)_c.Number(2, 4, "Batch header service class code (2-4)");
        if (serviceClass is not (200 or 220 or 225))
        {
            _c.Error(_c.Line, "Batch header service class code (2-4)", _c.F(2, 4), "200, 220 or 225", "The service class code must be 200 (mixed), 220 (credits) or 225 (debits).");
        }

        string sec = _c.F(51, 53);
        if (!Enum.TryParse(sec, ignoreCase: false, out AchSecCode secCode) || !Enum.IsDefined(secCode) || sec.Any(char.IsDigit))
        {
            _c.Fail("Batch header standard entry class code (51-53)", sec, "PPD, CCD, CTX, WEB, TEL or IAT", "This reader supports PPD, CCD, CTX, WEB, TEL and IAT batches.");
        }

        bool iat = secCode == AchSecCode.IAT;
        string companyName = iat ? _c.F(5, 20).Trim() : _c.Required(5, 20, "Batch header company name (5-20)");
        string companyId = _c.Required(41, 50, iat ? "Batch header originator identification (41-50)" : "Batch header company identification (41-50)");
        string description = _c.Required(54, 63, "Batch header company entry description (54-63)");
        DateOnly? effective = _c.F(70, 75).Trim().Length == 0 ? null : _c.Date(70, 75, "Batch header effective entry date (70-75)");
        string odfi = _c.F(80, 87);
        if (!AchRecordCursor.IsDigits(odfi))
        {
            _c.Error(_c.Line, "Batch header originating DFI identification (80-87)", odfi, "8 digits", "The ODFI identification is the first 8 digits of its routing number.");
        }

        return new AchBatchHeader
        {
            ServiceClassCode = serviceClass,
            CompanyName = companyName,
            CompanyIdentification = companyId,
            SecCode = secCode,
            EntryDescription = description,
            EffectiveEntryDate = effective,
            OriginatingDfi = odfi,
            BatchNumber = _c.Number(88, 94, "Batch header batch number (88-94)"),
            DestinationCountry = iat ? _c.F(39, 40).Trim() : null,
            OriginatingCurrency = iat ? _c.F(64, 66).Trim() : null,
            DestinationCurrency = iat ? _c.F(67, 69).Trim() : null,
            LineNumber = _c.Line,
        };
    }

    private AchFile ReadFileControl(AchFileHeader header, List<AchBatch> batches)
    {
        _c.Check(_c.Number(2, 7, "File control batch count (2-7)"), batches.Count, "File control batch count (2-7)", "The batch count must equal the batches in the file.");
        long blocks = _c.Number(8, 13, "File control block count (8-13)");
        long count = batches.Sum(b => (long)b.Entries.Count + b.Entries.Sum(e => (long)e.Addenda.Count));
        long declaredCount = _c.Number(14, 21, "File control entry/addenda count (14-21)");
        _c.Check(declaredCount, count, "File control entry/addenda count (14-21)", "The entry/addenda count must equal the entry and addenda records of every batch.");
        long hash = batches.Sum(b => b.Entries.Sum(e => long.Parse(e.RdfiRoutingNumber.AsSpan(0, 8), NumberStyles.None, CultureInfo.InvariantCulture))) % 10_000_000_000;
        long declaredHash = _c.Number(22, 31, "File control entry hash (22-31)");
        _c.Check(declaredHash, hash, "File control entry hash (22-31)", "The entry hash must be the sum of every entry's 8-digit RDFI routing number (low 10 digits).");
        long debit = batches.Sum(b => b.Entries.Where(e => !e.IsCredit).Sum(e => e.AmountCents));
        long credit = batches.Sum(b => b.Entries.Where(e => e.IsCredit).Sum(e => e.AmountCents));
        long declaredDebit = _c.Number(32, 43, "File control total debit (32-43)");
        _c.Check(declaredDebit, debit, "File control total debit (32-43)", "The total debit must be the sum of every debit entry, in cents.");
        long declaredCredit = _c.Number(44, 55, "File control total credit (44-55)");
        _c.Check(declaredCredit, credit, "File control total credit (44-55)", "The total credit must be the sum of every credit entry, in cents.");
        return new AchFile(header, batches, blocks, declaredCount, declaredHash, declaredDebit, declaredCredit);
    }
}
