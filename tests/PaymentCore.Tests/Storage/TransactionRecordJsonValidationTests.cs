using System.Text.Json;
using System.Text.Json.Nodes;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Storage;

// Issue 10: a stored document that breaks the state machine's invariants is refused on read, naming the field.
public sealed class TransactionRecordJsonValidationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static TransactionRecord Captured()
    {
        var amount = Money.FromMinor(10_00, Currency.USD);
        var record = PaymentStateMachine.Received(
            TransactionId.For("merchant-1", "order-1"),
            new PaymentRequest
            {
                IdempotencyKey = "order-1",
                MerchantId = "merchant-1",
                Amount = amount,
                Payer = PaymentInstrument.Card("tok_1", "visa", "424242", "4242"),
                Payee = "acct_1",
                CaptureMode = CaptureMode.Manual,
            },
            Money.Zero(Currency.USD),
            T0);
        record = PaymentStateMachine.Authorize(record, "issuer", "A1", T0.AddSeconds(1));
        record = PaymentStateMachine.Capture(record, Money.FromMinor(6_00, Currency.USD), T0.AddSeconds(2));
        return PaymentStateMachine.Refund(record, Money.FromMinor(1_00, Currency.USD), "refund-1", T0.AddSeconds(3));
    }

    private static byte[] Edit(Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(TransactionRecordJson.Serialize(Captured()))!.AsObject();
        edit(node);
        return JsonSerializer.SerializeToUtf8Bytes(node);
    }

    private static void SetMinor(JsonObject record, string field, long minor) => record[field]!["minor"] = minor;

    [Fact]
    public void Deserialize_UneditedDocument_Reads() =>
        Assert.Equal(Captured(), TransactionRecordJson.Deserialize(Edit(static _ => { })));

    [Theory]
    [InlineData("captured", 10_01, "must not exceed authorized")] // authorized is 10.00
    [InlineData("refunded", 6_01, "must not exceed captured")] // captured is 6.00
    [InlineData("authorized", -1, "must not be negative")]
    [InlineData("fee", -5, "must not be negative")]
    public void Deserialize_AmountBreakingAnInvariant_ThrowsNamingTheField(string field, long minor, string rule)
    {
        var document = Edit(r => SetMinor(r, field, minor));

        var ex = Assert.Throws<StoredRecordException>(() => TransactionRecordJson.Deserialize(document));

        Assert.Equal(field, ex.Field);
        Assert.Equal(rule, ex.Rule);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(minor.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal); // no stored value echoed
    }

    [Theory]
    [InlineData("authorized")]
    [InlineData("captured")]
    [InlineData("refunded")]
    [InlineData("fee")]
    public void Deserialize_AmountInAnotherCurrency_ThrowsNamingTheField(string field)
    {
        var document = Edit(r => r[field]!["currency"] = "EUR");

        var ex = Assert.Throws<StoredRecordException>(() => TransactionRecordJson.Deserialize(document));

        Assert.Equal(field, ex.Field);
        Assert.Equal("must be in the currency of request.amount", ex.Rule);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Deserialize_VersionBelowOne_ThrowsNamingVersion(long version)
    {
        var document = Edit(r => r["version"] = version);

        var ex = Assert.Throws<StoredRecordException>(() => TransactionRecordJson.Deserialize(document));

        Assert.Equal("version", ex.Field);
        Assert.Equal("must be at least 1", ex.Rule);
    }

    [Fact]
    public void Deserialize_InvalidRecord_IsStillAJsonException() =>
        Assert.IsAssignableFrom<JsonException>(Assert.Throws<StoredRecordException>(() => TransactionRecordJson.Deserialize(Edit(r => r["version"] = 0))));
}
