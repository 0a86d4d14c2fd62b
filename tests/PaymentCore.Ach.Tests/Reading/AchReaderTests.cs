using System.Text;
using PaymentCore.Ach.Reading;
using PaymentCore.Ach.Records;

namespace PaymentCore.Ach.Tests.Reading;

public sealed class AchReaderTests
{
    [Fact]
    public async Task ReadAsync_PayrollFile_ReadsHeaderBatchesEntriesAndAddenda()
    {
        var file = await AchFiles.ReadAsync("payroll-ppd-ccd.ach");

        Assert.Equal("091000019", file.Header.ImmediateDestination);
        Assert.Equal("1234567890", file.Header.ImmediateOrigin);
        Assert.Equal(new DateOnly(2026, 11, 23), file.Header.CreationDate);
        Assert.Equal(new TimeOnly(8, 15), file.Header.CreationTime);
        Assert.Equal('A', file.Header.FileIdModifier);
        Assert.Equal([AchSecCode.PPD, AchSecCode.CCD], file.Batches.Select(b => b.Header.SecCode));
        Assert.Equal([220, 200], file.Batches.Select(b => b.Header.ServiceClassCode));
        var jane = file.Batches[0].Entries[0];
        Assert.Equal((22, "021000021", "123456789", 250000L, "JANE DOE", "076401250000001"), (jane.TransactionCode, jane.RdfiRoutingNumber, jane.AccountNumber, jane.AmountCents, jane.ReceiverName, jane.TraceNumber));
        var john = file.Batches[0].Entries[1];
        Assert.Equal("NOVEMBER SALARY INCL OVERTIME", Assert.Single(john.Addenda).Information);
        Assert.Equal("NOVEMBER SALARY INCL OVERTIME", john.RemittanceInformation);
        Assert.Equal(5, file.EntryCount);
        Assert.Equal(50000, file.TotalDebitCents);
        Assert.Equal(1885692, file.TotalCreditCents);
        Assert.False(file.Batches[1].Entries[1].IsCredit);
    }

    [Fact]
    public async Task ReadAsync_TrimmedTrailingBlanksCrlfAndNoFinalNewline_ReadsTheSame()
    {
        var strict = await AchFiles.ReadAsync("payroll-ppd-ccd.ach");

        var trimmed = await AchFiles.ReadAsync("payroll-trimmed-no-final-newline.ach");

        Assert.Equal(strict.Header, trimmed.Header);
        Assert.Equal(strict.Batches.SelectMany(b => b.Entries).Select(e => (e.TraceNumber, e.AmountCents, e.ReceiverName)), trimmed.Batches.SelectMany(b => b.Entries).Select(e => (e.TraceNumber, e.AmountCents, e.ReceiverName)));
    }

    [Fact]
    public async Task ReadAsync_EverySecCode_ReadsCtxAddendaWebTelAndIat()
    {
        var file = await AchFiles.ReadAsync("every-sec-code.ach");

        Assert.Equal([AchSecCode.CTX, AchSecCode.WEB, AchSecCode.TEL, AchSecCode.IAT], file.Batches.Select(b => b.Header.SecCode));
        var ctx = file.Batches[0].Entries[0];
        Assert.Equal(2, ctx.Addenda.Count);
        Assert.Equal("GLOBEX CORP", ctx.ReceiverName);
        var iat = file.Batches[3];
        Assert.Equal(("USD", "EUR", "DE"), (iat.Header.OriginatingCurrency, iat.Header.DestinationCurrency, iat.Header.DestinationCountry));
        var entry = Assert.Single(iat.Entries);
        Assert.Equal("DE89370400440532013000", entry.AccountNumber);
        Assert.Equal("HANS MUELLER", entry.ReceiverName);
        Assert.Equal(7, entry.Addenda.Count);
    }

    // One file per control error: each names its line, field, and the declared and computed values.
    [Theory]
    [InlineData("error-batch-count.ach", 7, "Batch control entry/addenda count (5-10)", "5", "4")]
    [InlineData("error-batch-hash.ach", 7, "Batch control entry hash (11-20)", "1", "5800962")]
    [InlineData("error-batch-credit-total.ach", 7, "Batch control total credit (33-44)", "651126", "651125")]
    [InlineData("error-file-batch-count.ach", 12, "File control batch count (2-7)", "3", "2")]
    [InlineData("error-file-entry-count.ach", 12, "File control entry/addenda count (14-21)", "9", "6")]
    [InlineData("error-file-hash.ach", 12, "File control entry hash (22-31)", "2", "10501923")]
    [InlineData("error-file-debit-total.ach", 12, "File control total debit (32-43)", "50001", "50000")]
    [InlineData("error-block-count.ach", 12, "File control block count (8-13)", "9", "2")]
    [InlineData("error-check-digit.ach", 3, "Entry RDFI routing number and check digit (4-12)", "021000029", "021000021")]
    [InlineData("error-origin-not-numeric.ach", 1, "File header immediate origin (14-23)", "ACME12345X", "digits")]
    [InlineData("error-no-padding.ach", 12, "File padding", "12", "20")]
    [InlineData("error-service-class.ach", 3, "Entry transaction code (2-3)", "22", "a debit code")]
    [InlineData("error-batch-number-order.ach", 8, "Batch header batch number (88-94)", "1", "> 1")]
    [InlineData("error-record-length.ach", 3, "Record length", "95", "94")]
    [InlineData("error-record-type.ach", 3, "Record type (1)", "4", "1, 5, 6, 7, 8 or 9")]
    public async Task ReadAsync_ControlError_NamesLineFieldDeclaredAndComputed(string name, int line, string field, string declared, string computed)
    {
        var ex = await AchFiles.ErrorOfAsync(name);

        var error = ex.Errors.First(e => e.Field == field);
        Assert.Equal((line, declared, computed), (error.LineNumber, error.Declared, error.Computed));
        Assert.Contains($"Line {line}, {field}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LenientBlockCount_AcceptsAWrongBlockCountAndNoPadding()
    {
        var options = new AchReaderOptions { LenientBlockCount = true };

        var unpadded = await AchFiles.ReadAsync("error-no-padding.ach", options);
        var wrongCount = await AchFiles.ReadAsync("error-block-count.ach", options);

        Assert.Equal(5, unpadded.EntryCount);
        Assert.Equal(9, wrongCount.BlockCount);
    }

    [Fact]
    public async Task ReadAsync_LenientBlockCount_StillChecksTotals()
    {
        var ex = await AchFiles.ErrorOfAsync("error-file-hash.ach", new AchReaderOptions { LenientBlockCount = true });

        Assert.Contains(ex.Errors, e => e.Field == "File control entry hash (22-31)");
    }

    [Fact]
    public async Task ReadAsync_AllowAlphanumericImmediateOrigin_AcceptsLetters()
    {
        var file = await AchFiles.ReadAsync("error-origin-not-numeric.ach", new AchReaderOptions { AllowAlphanumericImmediateOrigin = true });

        Assert.Equal("ACME12345X", file.Header.ImmediateOrigin);
    }

    [Fact]
    public async Task ReadAsync_EmptyFile_Refused()
    {
        var ex = await Assert.ThrowsAsync<AchFormatException>(() => AchReader.ReadAsync(new MemoryStream()));

        Assert.Contains("empty", Assert.Single(ex.Errors).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MissingFileControl_Refused()
    {
        var lines = (await File.ReadAllLinesAsync(AchFiles.PathOf("payroll-ppd-ccd.ach"))).TakeWhile(l => l[0] != '9');

        var ex = await Assert.ThrowsAsync<AchFormatException>(() => AchReader.ReadAsync(new MemoryStream(Encoding.ASCII.GetBytes(string.Join("\n", lines)))));

        Assert.Contains(ex.Errors, e => e.Problem.Contains("without a file control record", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_LargerThanTheLimit_Refused()
    {
        await using var stream = File.OpenRead(AchFiles.PathOf("payroll-ppd-ccd.ach"));

        var ex = await Assert.ThrowsAsync<AchFormatException>(() => AchReader.ReadAsync(stream, new AchReaderOptions { MaxInputBytes = 500 }));

        Assert.Contains("larger than the limit of 500 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("021000021", true)]
    [InlineData("026009593", true)]
    [InlineData("011000015", true)]
    [InlineData("021000022", false)]
    [InlineData("02100002", false)]
    [InlineData("02100002X", false)]
    public void IsValid_AbaCheckDigitWeights371(string routing, bool valid) => Assert.Equal(valid, RoutingNumber.IsValid(routing));
}
