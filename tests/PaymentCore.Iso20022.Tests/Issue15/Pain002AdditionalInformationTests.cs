using System.Xml.Linq;
using PaymentCore.Iso20022.Pain002;

namespace PaymentCore.Iso20022.Tests.Issue15;

/// <summary>Issue 15: AddtlInf was cut mid-word at 105 characters; it is split at word boundaries into repeated elements.</summary>
public sealed class Pain002AdditionalInformationTests
{
    private static readonly XNamespace Ns = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03";

    [Fact]
    public async Task WriteAsync_LongReason_SplitAtWordBoundariesWithNothingLost()
    {
        string reason = string.Join(" ", Enumerable.Range(1, 40).Select(i => $"word{i:D2}"));

        var pieces = await WriteReasonAsync(reason);

        Assert.True(pieces.Count > 1);
        Assert.All(pieces, p => Assert.InRange(p.Length, 1, 105));
        Assert.All(pieces, p => Assert.Matches(@"^word\d\d( word\d\d)*$", p));
        Assert.Equal(reason, string.Join(" ", pieces));
    }

    [Fact]
    public async Task WriteAsync_WordLongerThan105_IsCutThere()
    {
        string reason = new string('a', 150) + " tail";

        var pieces = await WriteReasonAsync(reason);

        Assert.Equal([new string('a', 105), new string('a', 45) + " tail"], pieces);
    }

    [Fact]
    public async Task WriteAsync_ControlCharacterInReason_WrittenAsQuestionMarkSoTheReportIsWellFormed()
    {
        var pieces = await WriteReasonAsync("bad\u0001name");

        Assert.Equal(["bad?name"], pieces);
    }

    private static async Task<List<string>> WriteReasonAsync(string reason)
    {
        using var buffer = new MemoryStream();
        await Pain002Writer.WriteAsync(buffer, new Pain002Report
        {
            MessageId = "STS-1",
            CreationDateTime = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero),
            OriginalMessageId = "MSG-1",
            Transactions = new[] { new Pain002TransactionStatus("PMT-1", null, "E-1", Pain002Status.Rejected, new Pain002StatusReason("NARR", reason)) }.ToAsyncEnumerable(),
        });
        buffer.Position = 0;
        return [.. XDocument.Load(buffer).Descendants(Ns + "AddtlInf").Select(e => e.Value)];
    }
}
