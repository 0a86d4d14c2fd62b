using System.Text;
using System.Text.Json;
using PaymentCore.Notifications;
using PaymentCore.Storage;

namespace PaymentCore.Tests.Storage;

public sealed class TransactionRecordJsonTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));

    private static TransactionRecord Received(string key, Money amount, DateTimeOffset at, IReadOnlyDictionary<string, string>? metadata = null) =>
        PaymentStateMachine.Received(
            TransactionId.For("merchant-1", key),
            new PaymentRequest
            {
                IdempotencyKey = key,
                MerchantId = "merchant-1",
                Amount = amount,
                Payer = PaymentInstrument.Card("tok_1", "visa", "424242", "4242"),
                Payee = "acct_1",
                CaptureMode = CaptureMode.Manual,
                Description = "d",
                Metadata = metadata ?? new Dictionary<string, string>(),
            },
            Money.Zero(amount.Currency),
            at);

    [Fact]
    public void Serialize_RecordThroughItsLife_RoundTripsEveryField()
    {
        var amount = Money.FromMinor(12_345, Currency.KWD);
        var record = Received("order-1", amount, T0, new Dictionary<string, string> { ["a"] = "1", ["ü"] = "\"x\"" });
        record = PaymentStateMachine.WithPending(record, new PendingOperation(AuthorizerOperation.Authorize, "order-1", amount, T0, OutcomeUnknown: true), T0.AddSeconds(1));
        record = PaymentStateMachine.Authorize(record, "issuer", "A1", T0.AddSeconds(2));
        record = PaymentStateMachine.Capture(record, Money.FromMinor(10_000, Currency.KWD), T0.AddSeconds(3));
        record = PaymentStateMachine.Refund(record, Money.FromMinor(1, Currency.KWD), "refund-1", T0.AddSeconds(4).ToOffset(TimeSpan.FromHours(-5)));

        var read = TransactionRecordJson.Deserialize(TransactionRecordJson.Serialize(record));

        Assert.Equal(record, read);
        Assert.Equal(record.History.Select(h => h.At.Offset), read.History.Select(h => h.At.Offset));
        Assert.Equal(TimeSpan.FromHours(2), read.CreatedAt.Offset);
    }

    [Fact]
    public void Serialize_AmountsAreJsonIntegersWithTheCurrencyCode()
    {
        var json = Encoding.UTF8.GetString(TransactionRecordJson.Serialize(Received("k", Money.FromMinor(9_007_199_254_740_993, Currency.JPY), T0)));

        Assert.Contains("\"minor\":9007199254740993,\"currency\":\"JPY\"", json);
        Assert.DoesNotContain("E+", json);
    }

    [Fact]
    public void Serialize_1000RandomAmountsCurrenciesAndOffsets_RoundTrip()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        for (var i = 0; i < 1000; i++)
        {
            var currency = Currency.All[random.Next(Currency.All.Count)];
            var amount = Money.FromMinor(random.NextInt64(1, long.MaxValue), currency);
            var at = new DateTimeOffset(random.NextInt64(DateTimeOffset.MinValue.UtcTicks + TimeSpan.TicksPerDay, DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerDay), TimeSpan.Zero)
                .ToOffset(TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1)));
            var record = Received("k" + i, amount, at);
            var paymentEvent = PaymentEvent.For(record);

            var read = TransactionRecordJson.Deserialize(TransactionRecordJson.Serialize(record));
            var readEvent = TransactionRecordJson.DeserializeEvent(TransactionRecordJson.SerializeEvent(paymentEvent));

            Assert.True(record.Equals(read) && read.CreatedAt.Offset == at.Offset, $"seed {seed}, case {i}: {amount} at {at:o}");
            Assert.True(paymentEvent == readEvent && readEvent.OccurredAt.Offset == at.Offset, $"seed {seed}, case {i}: event");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"id\":\"txn_00000000000000000000000000000000\"}")]
    [InlineData("not json")]
    public void Deserialize_NotARecord_ThrowsJsonException(string text) =>
        Assert.ThrowsAny<JsonException>(() => TransactionRecordJson.Deserialize(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Deserialize_UnknownCurrencyOrStatus_ThrowsJsonException()
    {
        var json = Encoding.UTF8.GetString(TransactionRecordJson.Serialize(Received("k", Money.FromMinor(1, Currency.USD), T0)));

        Assert.ThrowsAny<JsonException>(() => TransactionRecordJson.Deserialize(Encoding.UTF8.GetBytes(json.Replace("\"USD\"", "\"ZZZ\"", StringComparison.Ordinal))));
        Assert.ThrowsAny<JsonException>(() => TransactionRecordJson.Deserialize(Encoding.UTF8.GetBytes(json.Replace("\"Received\"", "\"Teleported\"", StringComparison.Ordinal))));
    }

    [Fact]
    public void Deserialize_UnknownProperties_AreSkipped()
    {
        var record = Received("k", Money.FromMinor(1, Currency.USD), T0);
        var json = Encoding.UTF8.GetString(TransactionRecordJson.Serialize(record));

        var read = TransactionRecordJson.Deserialize(Encoding.UTF8.GetBytes(json.Replace("{\"format\":1,", "{\"format\":1,\"future\":{\"a\":[1,2,{\"b\":null}]},", StringComparison.Ordinal)));

        Assert.Equal(record, read);
    }
}
