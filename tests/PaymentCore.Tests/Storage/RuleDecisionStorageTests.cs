using System.Collections.Immutable;
using System.Text;
using PaymentCore.Monetary;
using PaymentCore.Rules;
using PaymentCore.Storage;
using PaymentCore.Testing.Storage;

namespace PaymentCore.Tests.Storage;

// Rule decisions (issue 13) are stored in the record's document; documents written before they existed still read.
public sealed class RuleDecisionStorageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(StoredDocumentFixtureTests.RecordNames), MemberType = typeof(StoredDocumentFixtureTests))]
    public void Deserialize_Format1FixtureWithoutDecisions_ReadsWithNoDecisions(string name)
    {
        var bytes = File.ReadAllBytes(StoredDocuments.FixturePath(name));
        Assert.DoesNotContain("ruleDecisions", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        var read = TransactionRecordJson.Deserialize(bytes);

        Assert.False(read.RuleDecisions.IsDefault);
        Assert.Empty(read.RuleDecisions);
    }

    [Fact]
    public void SerializeDeserialize_RecordWithDecisions_ReadsBackEqualByNameAndFigure()
    {
        var record = TestRecords.Received("k", T0) with
        {
            RuleDecisions =
            [
                new RuleDecision("velocity", RuleVerdict.Approve, "4 payments, 350.00 EUR in 24 h; limit 5 / 500.00 EUR", [new RuleFigure("count", "4"), new RuleFigure("sum", "350.00 EUR")]),
                new RuleDecision("amount_limit", RuleVerdict.Decline, "amount 900.00 EUR; limits none to 500.00 EUR", ImmutableArray<RuleFigure>.Empty),
            ],
        };

        var json = TransactionRecordJson.Serialize(record);
        var read = TransactionRecordJson.Deserialize(json);

        Assert.Equal(record, read);
        Assert.Contains("\"verdict\":\"Decline\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal("velocity: 4 payments, 350.00 EUR in 24 h; limit 5 / 500.00 EUR: approve", read.RuleDecisions[0].ToString());
    }

    [Fact]
    public void Equals_DecisionsDiffer_RecordsDiffer()
    {
        var record = TestRecords.Received("k", T0);
        var explained = record with { RuleDecisions = [new RuleDecision("fee", RuleVerdict.Approve, "fee 0.30 USD", default)] };

        Assert.NotEqual(record, explained);
        Assert.Empty(explained.RuleDecisions[0].Figures);
        Assert.Equal(Money.Zero(Currency.USD), explained.Fee);
    }
}
