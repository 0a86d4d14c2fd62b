using System.Globalization;
using PaymentCore.Ach.Records;

namespace PaymentCore.Ach.Reading;

/// <summary>Reads and checks entry detail records (type 6) and their addenda (type 7) of one batch.</summary>
internal sealed class AchEntryParser(AchRecordCursor cursor)
{
    private readonly AchRecordCursor _c = cursor;

    public AchEntry ReadEntry(AchBatchHeader header)
    {
        int line = _c.Line;
        int code = (int)_c.Number(2, 3, "Entry transaction code (2-3)");
        if (!AchTransactionCodes.IsValid(code))
        {
            _c.Error(line, "Entry transaction code (2-3)", _c.F(2, 3), "a credit (22, 32, 42, 52...) or debit (27, 37, 47, 55...) code", "The transaction code is not one an originated entry may have.");
        }
        else if (header.ServiceClassCode == 220 && !AchTransactionCodes.IsCredit(code))
        {
            _c.Error(line, "Entry transaction code (2-3)", _c.F(2, 3), "a credit code", "Service class 220 (credits only) allows no debit entry.");
        }
        else if (header.ServiceClassCode == 225 && !AchTransactionCodes.IsDebit(code))
        {
            _c.Error(line, "Entry transaction code (2-3)", _c.F(2, 3), "a debit code", "Service class 225 (debits only) allows no credit entry.");
        }

        if (header.SecCode == AchSecCode.TEL && AchTransactionCodes.IsCredit(code))
        {
            _c.Error(line, "Entry transaction code (2-3)", _c.F(2, 3), "a debit code", "TEL entries are debits only.");
        }

        string routing = _c.F(4, 12);
        if (!RoutingNumber.IsValid(routing))
        {
            string computed = AchRecordCursor.IsDigits(routing[..8]) ? routing[..8] + RoutingNumber.CheckDigit(routing.AsSpan(0, 8)).ToString(CultureInfo.InvariantCulture) : "9 digits";
            _c.Error(line, "Entry RDFI routing number and check digit (4-12)", routing, computed, "The check digit must make the routing number's 3-7-1 weighted sum a multiple of 10.");
            if (!AchRecordCursor.IsDigits(routing))
            {
                routing = "000000000";
            }
        }

        bool iat = header.SecCode == AchSecCode.IAT;
        long amount = _c.Number(30, 39, "Entry amount (30-39)");
        string account = iat ? _c.Required(40, 74, "Entry foreign receiver's account number (40-74)") : _c.Required(13, 29, "Entry DFI account number (13-29)");
        string trace = _c.F(80, 94);
        if (!AchRecordCursor.IsDigits(trace))
        {
            _c.Error(line, "Entry trace number (80-94)", trace, "15 digits", "The trace number must be 15 digits.");
        }

        char indicator = _c.Record[78];
        if (indicator is not ('0' or '1'))
        {
            _c.Error(line, "Entry addenda record indicator (79)", indicator.ToString(), "0 or 1", "The addenda record indicator is 0 or 1.");
        }

        string identification = iat ? string.Empty : _c.F(40, 54).Trim();
        string name = header.SecCode switch
        {
            AchSecCode.CTX => _c.F(59, 74).Trim(),
            AchSecCode.IAT => string.Empty,
            _ => _c.F(55, 76).Trim(),
        };
        long declaredAddenda = header.SecCode switch
        {
            AchSecCode.CTX => _c.Number(55, 58, "Entry number of addenda records (55-58)"),
            AchSecCode.IAT => _c.Number(13, 16, "Entry number of addenda records (13-16)"),
            _ => -1,
        };

        var addenda = new List<AchAddenda>();
        while (_c.NextIsAddenda)
        {
            _c.Next();
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
        string type = _c.F(2, 3);
        bool iat = header.SecCode == AchSecCode.IAT;
        if (iat ? type is not ("10" or "11" or "12" or "13" or "14" or "15" or "16" or "17" or "18") : type != "05")
        {
            _c.Error(_c.Line, "Addenda type code (2-3)", type, iat ? "10 to 18" : "05", iat ? "IAT entries take addenda of types 10 to 18." : "Entries of an originated file take addenda of type 05 only.");
        }

        // The entry detail sequence number (88-94) is the last 7 digits of the entry's trace number.
        if (AchRecordCursor.IsDigits(trace))
        {
            _c.Expect(88, 94, trace[8..], "Addenda entry detail sequence number (88-94)", "It must be the last 7 digits of its entry's trace number.");
        }

        if (iat)
        {
            return new AchAddenda(type, _c.F(4, 87), 0, _c.Line);
        }

        long sequence = _c.Number(84, 87, "Addenda sequence number (84-87)");
        if (sequence != expectedSequence)
        {
            _c.Error(_c.Line, "Addenda sequence number (84-87)", AchRecordCursor.Num(sequence), AchRecordCursor.Num(expectedSequence), "Addenda of an entry are numbered 1, 2, 3...");
        }

        return new AchAddenda(type, _c.F(4, 83).Trim(), (int)sequence, _c.Line);
    }

    private void CheckAddenda(AchBatchHeader header, int line, char indicator, long declared, List<AchAddenda> addenda)
    {
        if (indicator == '0' && addenda.Count > 0)
        {
            _c.Error(line, "Entry addenda record indicator (79)", "0", "1", $"The entry is followed by {addenda.Count} addenda record(s).");
        }
        else if (indicator == '1' && addenda.Count == 0)
        {
            _c.Error(line, "Entry addenda record indicator (79)", "1", "0", "The entry says an addenda follows, and none does.");
        }

        switch (header.SecCode)
        {
            case AchSecCode.CTX:
                if (declared >= 0 && declared != addenda.Count)
                {
                    _c.Error(line, "Entry number of addenda records (55-58)", AchRecordCursor.Num(declared), AchRecordCursor.Num(addenda.Count), "The count must equal the addenda records that follow the entry.");
                }

                if (addenda.Count > 9999)
                {
                    _c.Error(line, "Entry addenda", AchRecordCursor.Num(addenda.Count), "at most 9999", "A CTX entry has at most 9,999 addenda.");
                }

                break;
            case AchSecCode.IAT:
                if (declared >= 0 && declared != addenda.Count)
                {
                    _c.Error(line, "Entry number of addenda records (13-16)", AchRecordCursor.Num(declared), AchRecordCursor.Num(addenda.Count), "The count must equal the addenda records that follow the entry.");
                }

                string mandatory = string.Concat(addenda.Take(7).Select(a => a.TypeCode));
                if (mandatory != "10111213141516")
                {
                    _c.Error(line, "Entry IAT addenda", mandatory, "10111213141516", "An IAT entry is followed by addenda 10 to 16, in order.");
                }

                break;
            default:
                if (addenda.Count > 1)
                {
                    _c.Error(line, "Entry addenda", AchRecordCursor.Num(addenda.Count), "0 or 1", $"A {header.SecCode} entry has at most one addenda record.");
                }

                break;
        }
    }
}
