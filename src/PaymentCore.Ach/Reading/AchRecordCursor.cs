using System.Globalization;

namespace PaymentCore.Ach.Reading;

/// <summary>
/// The record being read, its line, and the errors found so far: field access by NACHA positions (1-based,
/// inclusive) and the checks every record reader shares. One use, one thread.
/// </summary>
internal sealed class AchRecordCursor(IReadOnlyList<string> lines)
{
    private readonly List<AchValidationError> _errors = [];
    private int _index;

    public int Line { get; private set; }

    public string Record { get; private set; } = string.Empty;

    /// <summary>Gets whether the next line is an addenda record (type 7).</summary>
    public bool NextIsAddenda => _index < lines.Count && lines[_index].Length > 0 && lines[_index][0] == '7';

    public void ThrowIfErrors()
    {
        if (_errors.Count > 0)
        {
            throw new AchFormatException([.. _errors.OrderBy(e => e.LineNumber)]);
        }
    }

    public bool Next()
    {
        if (_index >= lines.Count)
        {
            return false;
        }

        Line = _index + 1;
        string raw = lines[_index++];
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
        Record = raw.Length < AchReader.RecordLength ? raw.PadRight(AchReader.RecordLength) : raw;
        if (Record[0] is not ('1' or '5' or '6' or '7' or '8' or '9'))
        {
            Fail("Record type (1)", Record[..1], "1, 5, 6, 7, 8 or 9", "Unknown record type.");
        }

        return true;
    }

    public static bool IsPadding(string record) => record.AsSpan().IndexOfAnyExcept('9') < 0;

    public static bool IsDigits(string text) => text.Length > 0 && !text.AsSpan().ContainsAnyExceptInRange('0', '9');

    public static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    public string F(int from, int to) => Record.Substring(from - 1, to - from + 1);

    public long Number(int from, int to, string field)
    {
        string text = F(from, to);
        if (!IsDigits(text))
        {
            Error(Line, field, text, "digits", "The field must be digits, zero-filled on the left.");
            return 0;
        }

        return long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    public string Required(int from, int to, string field)
    {
        string text = F(from, to).Trim();
        if (text.Length == 0)
        {
            Error(Line, field, string.Empty, "not blank", "The field is mandatory.");
        }

        return text;
    }

    public DateOnly? Date(int from, int to, string field)
    {
        string text = F(from, to);
        if (DateOnly.TryParseExact(text, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error(Line, field, text, "YYMMDD", "The field must be a date YYMMDD.");
        return null;
    }

    public void Expect(int from, int to, string expected, string field, string? rule = null)
    {
        string text = F(from, to);
        if (!string.Equals(text, expected, StringComparison.Ordinal))
        {
            Error(Line, field, text, expected, rule ?? $"The field must be {expected}.");
        }
    }

    public void Check(long declared, long computed, string field, string rule)
    {
        if (declared != computed)
        {
            Error(Line, field, Num(declared), Num(computed), rule);
        }
    }

    public void Error(int line, string field, string? declared, string? computed, string problem) =>
        _errors.Add(new AchValidationError(line, field, declared is null ? null : Quote(declared), computed, problem));

    /// <summary>Records a structural error (a record out of order) and stops: nothing after it can be read in place.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void Fail(string field, string? declared, string? computed, string problem)
    {
        Error(Line, field, declared, computed, problem);
        throw new AchFormatException([.. _errors.OrderBy(e => e.LineNumber)]);
    }

    private static string Quote(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
