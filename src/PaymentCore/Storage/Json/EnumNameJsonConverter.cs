using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaymentCore.Storage.Json;

// An enum by its exact declared name, and nothing else. System.Text.Json's own string-enum converter also reads
// numbers, numeric strings ("99") and flag lists ("Received, Captured" reads as Captured), each of which would
// turn a damaged row into a different, valid-looking state; format 1 refused them, and so does this.
internal sealed class EnumNameJsonConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly TEnum[] Values = Enum.GetValues<TEnum>();
    private static readonly JsonEncodedText[] Names = Array.ConvertAll(Values, v => JsonEncodedText.Encode(v.ToString()));

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            for (var i = 0; i < Names.Length; i++)
            {
                if (reader.ValueTextEquals(Names[i].EncodedUtf8Bytes))
                {
                    return Values[i];
                }
            }
        }

        throw new JsonException($"Expected the name of a {typeof(TEnum).Name} ({string.Join(", ", Names)}).");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        var i = Array.IndexOf(Values, value);
        if (i < 0)
        {
            // Stored as a number it would read back as an error, or worse as another state after an enum change.
            throw new JsonException($"{value} is not a defined {typeof(TEnum).Name}; it cannot be stored.");
        }

        writer.WriteStringValue(Names[i]);
    }
}
