using System.Globalization;

namespace PaymentCore.Ach;

/// <summary>Parses and validates the lines of one NACHA file; collects every error it can read past. One use, one thread.</summary>
internal sealed class AchParser(AchReaderOptions options)
{
    private readonly List<AchValidationError> _errors = [];
    private int _line;
    private string _record = string.Empty;

    public AchFile Parse(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            throw new AchFormatException([new AchValidationError(1, "File", null, null, "The file is empty; it must start with a file header record (type 1).")]);
        }

        int index = 0;
        Next(lines, ref index);
        var header = ReadFileHeader();
        var batches = new List<AchBatch>();
        long lastBatchNumber = 0;
        while (true)
        {
            if (!Next(lines, ref index))
            {
                Fail("File", null, "9", "The file ends without a file control record (type 9).");
            }

            if (_record[0] == '5')
            {
                var batch = ReadBatch(lines, ref index);
                if (batch.Header.BatchNumber <= lastBatchNumber)
                {
                    Error(batch.Header.LineNumber, "Batch header batch number (88-94)", Num(batch.Header.BatchNumber), "> " + Num(lastBatchNumber), "Batch numbers must ascend through the file.");
                }

                lastBatchNumber = batch.Header.BatchNumber;
                batches.Add(batch);
                continue;
            }

            if (_record[0] == '9' && !IsPadding(_record))
            {
                break;
            }

            Fail("Record type (1)", _record[..1], "5 or 9", "A batch header (5) or the file control (9) must come here.");
        }

        var file = ReadFileControl(header, batches);
        int controlLine = _line;
        int records = controlLine; // header, batches and control: every line up to here
        int padding = 0;
        while (Next(lines, ref index))
        {
            if (!IsPadding(_record))
            {
                Error(_line, "Record type (1)", _record[..1], "9999999999 (padding)", "Only padding records of 94 nines may follow the file control record.");
                break;
            }

            padding++;
        }

        long blocks = (records + 9) / 10;
        if (!options.LenientBlockCount)
        {
            if (file.BlockCount != blocks)
            {
                Error(controlLine, "File control block count (8-13)", Num(file.BlockCount), Num(blocks), "The block count is the number of 10-record blocks (AchReaderOptions.LenientBlockCount relaxes this).");
            }

            if ((records + padding) % 10 != 0)
            {
                Error(controlLine, "File padding", Num(records + padding), Num(blocks * 10), "A NACHA file is padded with records of nines to a multiple of 10 records (AchReaderOptions.LenientBlockCount relaxes this).");
            }
        }

        if (_errors.Count > 0)
        {
            throw new AchFormatException([.. _errors.OrderBy(e => e.LineNumber)]);
        }

        return file;
    }

    private bool Next(IReadOnlyList<string> lines, ref int index)
    {
        if (index >= lines.Count)
        {
            return false;
        }

        _line = index + 1;
        string raw = lines[index++];
        if (raw.Length > AchReader.RecordLength)
        {
            Fail("Record length", Num(raw.Length), Num(AchReader.RecordLength), "Every NACHA record is 94 characters long.");
        }

        if (raw.Length == 0)
        {
            Fail("Record length", "0", Num(AchReader.RecordLength), "An empty line inside the file; every NACHA record is 94 characters long.");
        }

        foreach (char c in raw)
        {
            if (c is < ' ' or > '~')
            {
                Fail("Record characters", string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}"), "printable ASCII", "NACHA records hold printable ASCII only.");
            }
        }

        // Trailing blanks are often trimmed by editors and transfer tools; they are given back here.
        _record = raw.Length < AchReader.RecordLength ? raw.PadRight(AchReader.RecordLength) : raw;
        if (_record[0] is not ('1' or '5' or '6' or '7' or '8' or '9'))
        {
            Fail("Record type (1)", _record[..1], "1, 5, 6, 7, 8 or 9", "Unknown record type.");
        }

        return true;
    }

    private AchFileHeader ReadFileHeader()
    {
        if (_record[0] != '1')
        {
            Fail("Record type (1)", _record[..1], "1", "The file must start with a file header record (type 1).");
        }

        Expect(2, 3, "01", "File header priority code (2-3)");
        string destination = F(4, 13).Trim();
        if (!RoutingNumber.IsValid(destination))
        {
            Error(_line, "File header immediate destination (4-13)", destination, destination.Length == 9 && IsDigits(destination) ? destination[..8] + RoutingNumber.CheckDigit(destination.AsSpan(0, 8)).ToString(CultureInfo.InvariantCulture) : "a 9-digit routing number", "The immediate destination must be a routing number with a valid check digit.");
        }

        string origin = F(14, 23).Trim();
        if (origin.Length == 0 || (!options.AllowAlphanumericImmediateOrigin && !IsDigits(origin)))
        {
            Error(_line, "File header immediate origin (14-23)", origin, "digits", "The immediate origin must be numeric (AchReaderOptions.AllowAlphanumericImmediateOrigin relaxes this).");
        }

        var date = Date(24, 29, "File header creation date (24-29)") ?? default;
        TimeOnly? time = null;
        string timeText = F(30, 33);
        if (timeText.Trim().Length > 0)
        {
            if (TimeOnly.TryParseExact(timeText, "HHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            {
                time = t;
            }
            else
            {
                Error(_line, "File header creation time (30-33)", timeText, "HHMM", "The creation time must be HHMM or blank.");
            }
        }

        char modifier = _record[33];
        if (!char.IsAsciiLetterUpper(modifier) && !char.IsAsciiDigit(modifier))
        {
            Error(_line, "File header file ID modifier (34)", modifier.ToString(), "A-Z or 0-9", "The file ID modifier must be an upper-case letter or a digit.");
        }

        Expect(35, 37, "094", "File header record size (35-37)");
        Expect(38, 39, "10", "File header blocking factor (38-39)");
        Expect(40, 40, "1", "File header format code (40)");
        return new AchFileHeader(destination, origin, date, time, modifier, F(41, 63).Trim(), F(64, 86).Trim(), F(87, 94).Trim());
    }

    private AchBatch ReadBatch(IReadOnlyList<string> lines, ref int index)
    {
        var header = ReadBatchHeader();
        var entries = new List<AchEntry>();
        long hash = 0, debit = 0, credit = 0, count = 0;
        while (true)
        {
            if (!Next(lines, ref index))
            {
                Fail("Batch", null, "8", $"Batch {Num(header.BatchNumber)} ends without a batch control record (type 8).");
            }

            if (_record[0] == '6')
            {
                var entry = ReadEntry(header, lines, ref index);
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

            if (_record[0] == '8')
            {
                break;
            }

            Fail("Record type (1)", _record[..1], "6 or 8", $"An entry (6) or the control (8) of batch {Num(header.BatchNumber)} must come here.");
        }

        if (entries.Count == 0)
        {
            Error(header.LineNumber, "Batch", "0 entries", "at least 1", "A batch must hold at least one entry.");
        }

        // The entry hash is the sum of the 8-digit RDFI routing numbers, keeping the low 10 digits.
        long entryHash = hash % 10_000_000_000;
        Expect(2, 4, header.ServiceClassCode.ToString(CultureInfo.InvariantCulture), "Batch control service class code (2-4)", "It must equal the batch header's.");
        long declaredCount = Number(5, 10, "Batch control entry/addenda count (5-10)");
        Check(declaredCount, count, "Batch control entry/addenda count (5-10)", "The entry/addenda count must equal the entry and addenda records of the batch.");
        Check(Number(11, 20, "Batch control entry hash (11-20)"), entryHash, "Batch control entry hash (11-20)", "The entry hash must be the sum of the entries' 8-digit RDFI routing numbers (low 10 digits).");
        long declaredDebit = Number(21, 32, "Batch control total debit (21-32)");
        Check(declaredDebit, debit, "Batch control total debit (21-32)", "The total debit must be the sum of the batch's debit entries, in cents.");
        long declaredCredit = Number(33, 44, "Batch control total credit (33-44)");
        Check(declaredCredit, credit, "Batch control total credit (33-44)", "The total credit must be the sum of the batch's credit entries, in cents.");
        if (!string.Equals(F(45, 54).Trim(), header.CompanyIdentification, StringComparison.Ordinal))
        {
            Error(_line, "Batch control company identification (45-54)", F(45, 54).Trim(), header.CompanyIdentification, "It must equal the batch header's.");
        }

        Expect(80, 87, header.OriginatingDfi, "Batch control originating DFI (80-87)", "It must equal the batch header's.");
        Expect(88, 94, header.BatchNumber.ToString("D7", CultureInfo.InvariantCulture), "Batch control batch number (88-94)", "It must equal the batch header's.");
        return new AchBatch(header, entries, declaredCount, entryHash, declaredDebit, declaredCredit);
    }

    private AchBatchHeader ReadBatchHeader()
    {
        int serviceClass = (int)Number(2, 4, "Batch header service class code (2-4)");
        if (serviceClass is not (200 or 220 or 225))
        {
            Error(_line, "Batch header service class code (2-4)", F(2, 4), "200, 220 or 225", "The service class code must be 200 (mixed), 220 (credits) or 225 (debits).");
        }

        string sec = F(51, 53);
        if (!Enum.TryParse(sec, ignoreCase: false, out AchSecCode secCode) || !Enum.IsDefined(secCode) || sec.Any(char.IsDigit))
        {
            Fail("Batch header standard entry class code (51-53)", sec, "PPD, CCD, CTX, WEB, TEL or IAT", "This reader supports PPD, CCD, CTX, WEB, TEL and IAT batches.");
        }

        bool iat = secCode == AchSecCode.IAT;
        string companyName = iat ? F(5, 20).Trim() : Required(5, 20, "Batch header company name (5-20)");
        string companyId = Required(41, 50, iat ? "Batch header originator identification (41-50)" : "Batch header company identification (41-50)");
        string description = Required(54, 63, "Batch header company entry description (54-63)");
        DateOnly? effective = F(70, 75).Trim().Length == 0 ? null : Date(70, 75, "Batch header effective entry date (70-75)");
        string odfi = F(80, 87);
        if (!IsDigits(odfi))
        {
            Error(_line, "Batch header originating DFI identification (80-87)", odfi, "8 digits", "The ODFI identification is the first 8 digits of its routing number.");
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
            BatchNumber = Number(88, 94, "Batch header batch number (88-94)"),
            DestinationCountry = iat ? F(39, 40).Trim() : null,
            OriginatingCurrency = iat ? F(64, 66).Trim() : null,
            DestinationCurrency = iat ? F(67, 69).Trim() : null,
            LineNumber = _line,
        };
    }

    private AchEntry ReadEntry(AchBatchHeader header, IReadOnlyList<string> lines, ref int index)
    {
        int line = _line;
        int code = (int)Number(2, 3, "Entry transaction code (2-3)");
        if (!AchTransactionCodes.IsValid(code))
        {
            Error(line, "Entry transaction code (2-3)", F(2, 3), "a credit (22, 32, 42, 52...) or debit (27, 37, 47, 55...) code", "The transaction code is not one an originated entry may have.");
        }
        else if (header.ServiceClassCode == 220 && !AchTransactionCodes.IsCredit(code))
        {
            Error(line, "Entry transaction code (2-3)", F(2, 3), "a credit code", "Service class 220 (credits only) allows no debit entry.");
        }
        else if (header.ServiceClassCode == 225 && !AchTransactionCodes.IsDebit(code))
        {
            Error(line, "Entry transaction code (2-3)", F(2, 3), "a debit code", "Service class 225 (debits only) allows no credit entry.");
        }

        if (header.SecCode == AchSecCode.TEL && AchTransactionCodes.IsCredit(code))
        {
            Error(line, "Entry transaction code (2-3)", F(2, 3), "a debit code", "TEL entries are debits only.");
        }

        string routing = F(4, 12);
        if (!RoutingNumber.IsValid(routing))
        {
            string computed = IsDigits(routing[..8]) ? routing[..8] + RoutingNumber.CheckDigit(routing.AsSpan(0, 8)).ToString(CultureInfo.InvariantCulture) : "9 digits";
            Error(line, "Entry RDFI routing number and check digit (4-12)", routing, computed, "The check digit must make the routing number's 3-7-1 weighted sum a multiple of 10.");
            if (!IsDigits(routing))
            {
                routing = "000000000";
            }
        }

        bool iat = header.SecCode == AchSecCode.IAT;
        long amount = Number(30, 39, "Entry amount (30-39)");
        string account = iat ? Required(40, 74, "Entry foreign receiver's account number (40-74)") : Required(13, 29, "Entry DFI account number (13-29)");
        string trace = F(80, 94);
        if (!IsDigits(trace))
        {
            Error(line, "Entry trace number (80-94)", trace, "15 digits", "The trace number must be 15 digits.");
        }

        char indicator = _record[78];
        if (indicator is not ('0' or '1'))
        {
            Error(line, "Entry addenda record indicator (79)", indicator.ToString(), "0 or 1", "The addenda record indicator is 0 or 1.");
        }

        string identification = iat ? string.Empty : F(40, 54).Trim();
        string name = header.SecCode switch
        {
            AchSecCode.CTX => F(59, 74).Trim(),
            AchSecCode.IAT => string.Empty,
            _ => F(55, 76).Trim(),
        };
        long declaredAddenda = header.SecCode switch
        {
            AchSecCode.CTX => Number(55, 58, "Entry number of addenda records (55-58)"),
            AchSecCode.IAT => Number(13, 16, "Entry number of addenda records (13-16)"),
            _ => -1,
        };

        var addenda = new List<AchAddenda>();
        while (index < lines.Count && lines[index].Length > 0 && lines[index][0] == '7')
        {
            Next(lines, ref index);
            addenda.Add(ReadAddenda(header, trace, addenda.Count + 1));
        }

        CheckAddenda(header, line, indicator, declaredAddenda, addenda);
        if (iat && addenda.FirstOrDefault(a => a.TypeCode == "10") is { } first)
        {
            // IAT addenda 10, positions 47-81: the receiving company or individual name.
            name = first.Information.Length >= 78 ? first.Information.Substring(43, 35).Trim() : string.Empty;
        }

        return new AchEntry
        {
            TransactionCode = code,
            RdfiRoutingNumber = routing,
            AccountNumber = account,
            AmountCents = amount,
            IdentificationNumber = identification,
            ReceiverName = name,
            TraceNumber = trace,
            Addenda = addenda,
            LineNumber = line,
        };
    }

    private AchAddenda ReadAddenda(AchBatchHeader header, string trace, int expectedSequence)
    {
        string type = F(2, 3);
        bool iat = header.SecCode == AchSecCode.IAT;
        if (iat ? type is not ("10" or "11" or "12" or "13" or "14" or "15" or "16" or "17" or "18") : type != "05")
        {
            Error(_line, "Addenda type code (2-3)", type, iat ? "10 to 18" : "05", iat ? "IAT entries take addenda of types 10 to 18." : "Entries of an originated file take addenda of type 05 only.");
        }

        // The entry detail sequence number (88-94) is the last 7 digits of the entry's trace number.
        if (IsDigits(trace))
        {
            Expect(88, 94, trace[8..], "Addenda entry detail sequence number (88-94)", "It must be the last 7 digits of its entry's trace number.");
        }

        if (iat)
        {
            return new AchAddenda(type, F(4, 87), 0, _line);
        }

        long sequence = Number(84, 87, "Addenda sequence number (84-87)");
        if (sequence != expectedSequence)
        {
            Error(_line, "Addenda sequence number (84-87)", Num(sequence), Num(expectedSequence), "Addenda of an entry are numbered 1, 2, 3...");
        }

        return new AchAddenda(type, F(4, 83).Trim(), (int)sequence, _line);
    }

    private void CheckAddenda(AchBatchHeader header, int line, char indicator, long declared, List<AchAddenda> addenda)
    {
        if (indicator == '0' && addenda.Count > 0)
        {
            Error(line, "Entry addenda record indicator (79)", "0", "1", $"The entry is followed by {addenda.Count} addenda record(s).");
        }
        else if (indicator == '1' && addenda.Count == 0)
        {
            Error(line, "Entry addenda record indicator (79)", "1", "0", "The entry says an addenda follows, and none does.");
        }

        switch (header.SecCode)
        {
            case AchSecCode.CTX:
                if (declared >= 0 && declared != addenda.Count)
                {
                    Error(line, "Entry number of addenda records (55-58)", Num(declared), Num(addenda.Count), "The count must equal the addenda records that follow the entry.");
                }

                if (addenda.Count > 9999)
                {
                    Error(line, "Entry addenda", Num(addenda.Count), "at most 9999", "A CTX entry has at most 9,999 addenda.");
                }

                break;
            case AchSecCode.IAT:
                if (declared >= 0 && declared != addenda.Count)
                {
                    Error(line, "Entry number of addenda records (13-16)", Num(declared), Num(addenda.Count), "The count must equal the addenda records that follow the entry.");
                }

                string mandatory = string.Concat(addenda.Take(7).Select(a => a.TypeCode));
                if (mandatory != "10111213141516")
                {
                    Error(line, "Entry IAT addenda", mandatory, "10111213141516", "An IAT entry is followed by addenda 10 to 16, in order.");
                }

                break;
            default:
                if (addenda.Count > 1)
                {
                    Error(line, "Entry addenda", Num(addenda.Count), "0 or 1", $"A {header.SecCode} entry has at most one addenda record.");
                }

                break;
        }
    }

    private AchFile ReadFileControl(AchFileHeader header, List<AchBatch> batches)
    {
        Check(Number(2, 7, "File control batch count (2-7)"), batches.Count, "File control batch count (2-7)", "The batch count must equal the batches in the file.");
        long blocks = Number(8, 13, "File control block count (8-13)");
        long count = batches.Sum(b => (long)b.Entries.Count + b.Entries.Sum(e => (long)e.Addenda.Count));
        long declaredCount = Number(14, 21, "File control entry/addenda count (14-21)");
        Check(declaredCount, count, "File control entry/addenda count (14-21)", "The entry/addenda count must equal the entry and addenda records of every batch.");
        long hash = batches.Sum(b => b.Entries.Sum(e => long.Parse(e.RdfiRoutingNumber.AsSpan(0, 8), NumberStyles.None, CultureInfo.InvariantCulture))) % 10_000_000_000;
        long declaredHash = Number(22, 31, "File control entry hash (22-31)");
        Check(declaredHash, hash, "File control entry hash (22-31)", "The entry hash must be the sum of every entry's 8-digit RDFI routing number (low 10 digits).");
        long debit = batches.Sum(b => b.Entries.Where(e => !e.IsCredit).Sum(e => e.AmountCents));
        long credit = batches.Sum(b => b.Entries.Where(e => e.IsCredit).Sum(e => e.AmountCents));
        long declaredDebit = Number(32, 43, "File control total debit (32-43)");
        Check(declaredDebit, debit, "File control total debit (32-43)", "The total debit must be the sum of every debit entry, in cents.");
        long declaredCredit = Number(44, 55, "File control total credit (44-55)");
        Check(declaredCredit, credit, "File control total credit (44-55)", "The total credit must be the sum of every credit entry, in cents.");
        return new AchFile(header, batches, blocks, declaredCount, declaredHash, declaredDebit, declaredCredit);
    }

    private static bool IsPadding(string record) => record.AsSpan().IndexOfAnyExcept('9') < 0;

    private static bool IsDigits(string text) => text.Length > 0 && !text.AsSpan().ContainsAnyExceptInRange('0', '9');

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private string F(int from, int to) => _record.Substring(from - 1, to - from + 1);

    private long Number(int from, int to, string field)
    {
        string text = F(from, to);
        if (!IsDigits(text))
        {
            Error(_line, field, text, "digits", "The field must be digits, zero-filled on the left.");
            return 0;
        }

        return long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private string Required(int from, int to, string field)
    {
        string text = F(from, to).Trim();
        if (text.Length == 0)
        {
            Error(_line, field, string.Empty, "not blank", "The field is mandatory.");
        }

        return text;
    }

    private DateOnly? Date(int from, int to, string field)
    {
        string text = F(from, to);
        if (DateOnly.TryParseExact(text, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error(_line, field, text, "YYMMDD", "The field must be a date YYMMDD.");
        return null;
    }

    private void Expect(int from, int to, string expected, string field, string? rule = null)
    {
        string text = F(from, to);
        if (!string.Equals(text, expected, StringComparison.Ordinal))
        {
            Error(_line, field, text, expected, rule ?? $"The field must be {expected}.");
        }
    }

    private void Check(long declared, long computed, string field, string rule)
    {
        if (declared != computed)
        {
            Error(_line, field, Num(declared), Num(computed), rule);
        }
    }

    private void Error(int line, string field, string? declared, string? computed, string problem) =>
        _errors.Add(new AchValidationError(line, field, declared is null ? null : Quote(declared), computed, problem));

    /// <summary>Records a structural error (a record out of order) and stops: nothing after it can be read in place.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(string field, string? declared, string? computed, string problem)
    {
        Error(_line, field, declared, computed, problem);
        throw new AchFormatException([.. _errors.OrderBy(e => e.LineNumber)]);
    }

    private static string Quote(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
