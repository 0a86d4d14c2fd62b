using System.Text.Json.Serialization;
using System.Text.Json;
using PaymentCore.Monetary;

namespace PaymentCore.Storage.Json;

// {"minor":1005,"currency":"USD"}: the amount as a JSON integer of minor units plus the ISO 4217 code, never a
// decimal or a float, so every long round-trips exactly (JSON readers that parse numbers as doubles are not ours).
internal sealed class MoneyJsonConverter : JsonConverter<Money>
{
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        JsonReading.Expect(ref reader, JsonTokenType.StartObject);
        long? minor = null;
        string? code = null;
        while (JsonReading.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("minor"u8))
            {
                minor = JsonReading.ReadInt64(ref reader, "minor");
            }
            else if (reader.ValueTextEquals("currency"u8))
            {
                code = JsonReading.ReadString(ref reader, "currency");
            }
            else
            {
                JsonReading.SkipValue(ref reader);
            }
        }

        var units = minor ?? throw JsonReading.Missing("minor");

        // A default Money (no currency) is written with an empty code; it never reaches a stored record, but the
        // codec must not turn one into an error or a made-up currency.
        if ((code ?? throw JsonReading.Missing("currency")).Length == 0)
        {
            return default;
        }

        return Currency.TryFromCode(code, out var currency)
            ? new Money(units, currency)
            : throw new JsonException($"The currency code '{JsonReading.Clip(code)}' is not an active ISO 4217 currency.");
    }

    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("minor"u8, value.MinorUnits);
        writer.WriteString("currency"u8, value.Currency.Code);
        writer.WriteEndObject();
    }
}
