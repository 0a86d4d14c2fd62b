using System.Text.Json;
using System.Text;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Storage;
using PaymentCore.Transactions;

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

    [Theory]
    [InlineData("\"since\":{\"utcTicks\":639081907270000000,\"offsetMinutes\":120},", "since")]
    [InlineData("\"amount\":{\"minor\":9000,\"currency\":\"KWD\"},", "amount")]
    public void Deserialize_PendingWithoutANonNullableField_ThrowsJsonExceptionNamingIt(string removed, string field)
    {
        var json = File.ReadAllText(StoredDocuments.FixturePath("partially-refunded-refund-pending"));
        Assert.Contains(removed, json, StringComparison.Ordinal);

        var ex = Assert.ThrowsAny<JsonException>(() => TransactionRecordJson.Deserialize(Encoding.UTF8.GetBytes(json.Replace(removed, string.Empty, StringComparison.Ordinal))));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"minor\":1005}", "currency")]
    [InlineData("{\"currency\":\"USD\"}", "minor")]
    [InlineData("{\"minor\":10.5,\"currency\":\"USD\"}", "minor")]
    [InlineData("{\"minor\":1e3,\"currency\":\"USD\"}", "minor")]
    [InlineData("{\"minor\":\"1005\",\"currency\":\"USD\"}", "minor")]
    [InlineData("{\"minor\":9223372036854775808,\"currency\":\"USD\"}", "minor")]
    public void Deserialize_AmountNotWholeMinorUnitsWithACode_ThrowsJsonExceptionNamingTheField(string amount, string field)
    {
        var json = Encoding.UTF8.GetString(TransactionRecordJson.Serialize(Received("k", Money.FromMinor(1005, Currency.USD), T0)));
        var broken = json.Replace("\"authorized\":{\"minor\":0,\"currency\":\"USD\"}", "\"authorized\":" + amount, StringComparison.Ordinal);
        Assert.NotEqual(json, broken);

        var ex = Assert.ThrowsAny<JsonException>(() => TransactionRecordJson.Deserialize(Encoding.UTF8.GetBytes(broken)));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"utcTicks\":0,\"offsetMinutes\":841}")]
    [InlineData("{\"utcTicks\":-1,\"offsetMinutes\":0}")]
    [InlineData("{\"utcTicks\":0,\"offsetMinutes\":-60}")]
    [InlineData("{\"offsetMinutes\":0}")]
    public void Deserialize_TimeOutOfRange_ThrowsJsonException(string time)
    {
        var json = Encoding.UTF8.GetString(TransactionRecordJson.Serialize(Received("k", Money.FromMinor(1005, Currency.USD), T0)));
        var broken = System.Text.RegularExpressions.Regex.Replace(json, "\"createdAt\":\\{[^}]*\\}", "\"createdAt\":" + time);
        Assert.NotEqual(json, broken);

        Assert.ThrowsAny<JsonException>(() => TransactionRecordJson.Deserialize(Encoding.UTF8.GetBytes(broken)));
    }

    [Fact]
    public void Deserialize_NullDocument_ThrowsJsonException() =>
        Assert.ThrowsAny<JsonException>(() => TransactionRecordJson.Deserialize("null"u8));

    [Fact]
    public void Serialize_StartsWithFormat1_AndLeavesComputedPropertiesOut()
    {
        var json = Encoding.UTF8.GetString(TransactionRecordJson.Serialize(Received("k", Money.FromMinor(1005, Currency.USD), T0)));

        Assert.StartsWith("{\"format\":1,\"id\":\"txn_", json, StringComparison.Ordinal);
        foreach (var computed in (string[])["merchantId\":\"merchant-1\",\"idempotencyKey\":\"k\",\"amount\":{\"minor\":1005,\"currency\":\"USD\"},\"refundable", "\"net\"", "\"isTerminal\"", "\"refundable\""])
        {
            Assert.DoesNotContain(computed, json, StringComparison.Ordinal);
        }
    }

    // A property the record types gain is stored with no change to the codec: every property with a setter (init
    // or constructor-bound) of every stored type is in the generated contract, under its camelCase name.
    [Theory]
    [InlineData(typeof(TransactionRecord))]
    [InlineData(typeof(PaymentRequest))]
    [InlineData(typeof(PaymentInstrument))]
    [InlineData(typeof(PendingOperation))]
    [InlineData(typeof(StateChange))]
    [InlineData(typeof(DeclineInfo))]
    [InlineData(typeof(PaymentEvent))]
    // Internal setters count: TransactionRecord's members are `{ get; internal init; }` (issue 10) and must still be stored.
    public void Contract_EverySettableProperty_IsStored(Type type)
    {
        var info = PaymentCore.Storage.Json.RecordJsonContract.Options.GetTypeInfo(type);
        var settable = type.GetProperties().Where(p => p.SetMethod is { IsPublic: true } or { IsAssembly: true }).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order();

        Assert.Equal(settable, info.Properties.Where(p => p.Name != "format").Select(p => p.Name).Order());
    }

    [Theory]
    [InlineData("\"Received\"", "2")]
    [InlineData("\"Received\"", "\"2\"")]
    [InlineData("\"Received\"", "\"99\"")]
    [InlineData("\"Received\"", "\"Received, Captured\"")]
    public void Deserialize_StatusNotAName_ThrowsJsonException(string name, string replacement)
    {
        var json = Encoding.UTF8.GetString(TransactionRecordJson.Serialize(Received("k", Money.FromMinor(1, Currency.USD), T0)));

        Assert.ThrowsAny<JsonException>(() => TransactionRecordJson.Deserialize(Encoding.UTF8.GetBytes(json.Replace("\"status\":" + name, "\"status\":" + replacement, StringComparison.Ordinal))));
    }

    // Every enum reachable from the stored types must be written by name: without its EnumNameJsonConverter line in
    // RecordJsonContext, System.Text.Json would store it as a number.
    [Fact]
    public void Contract_EveryEnumReachable_IsWrittenByName()
    {
        var options = PaymentCore.Storage.Json.RecordJsonContract.Options;
        var seen = new HashSet<Type>();
        var enums = new List<Type>();
        void Walk(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (!seen.Add(type))
            {
                return;
            }

            if (type.IsEnum)
            {
                enums.Add(type);
                return;
            }

            var info = options.GetTypeInfo(type);
            foreach (var property in info.Properties)
            {
                Walk(property.PropertyType);
            }

            if (info.ElementType is { } element)
            {
                Walk(element);
            }

            if (info.KeyType is { } key)
            {
                Walk(key);
            }
        }

        Walk(typeof(TransactionRecord));
        Walk(typeof(PaymentEvent));

        Assert.Equal(5, enums.Count); // status, operation, capture mode, instrument kind, decline advice
        Assert.All(enums, e => Assert.True(
            options.GetTypeInfo(e).Converter.GetType() == typeof(PaymentCore.Storage.Json.EnumNameJsonConverter<>).MakeGenericType(e),
            $"{e.Name} is stored but has no EnumNameJsonConverter<{e.Name}> in RecordJsonContext."));
    }

    [Fact]
    public void Serialize_UndefinedStatus_ThrowsInsteadOfStoringANumber()
    {
        var record = Received("k", Money.FromMinor(1, Currency.USD), T0) with { Status = (TransactionStatus)99 };

        Assert.ThrowsAny<JsonException>(() => TransactionRecordJson.Serialize(record));
    }
}
