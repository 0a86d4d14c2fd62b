using System.Text.Json.Serialization;
using System.Text.Json;
using PaymentCore.Transactions;

namespace PaymentCore.Storage.Json;

// "txn_" followed by 32 hexadecimal digits, the id's text form.
internal sealed class TransactionIdJsonConverter : JsonConverter<TransactionId>
{
    // "txn_" + 32 digits.
    private const int Length = 36;

    public override TransactionId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        JsonReading.Expect(ref reader, JsonTokenType.String);
        return TransactionId.TryParse(reader.GetString(), out var id)
            ? id
            : throw new JsonException("A transaction id must be txn_ followed by 32 hexadecimal digits.");
    }

    public override void Write(Utf8JsonWriter writer, TransactionId value, JsonSerializerOptions options)
    {
        Span<char> text = stackalloc char[Length];
        "txn_".CopyTo(text);
        value.Value.TryFormat(text[4..], out _, "N");
        writer.WriteStringValue(text);
    }
}
