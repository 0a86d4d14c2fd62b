using System.Text.Json;

namespace PaymentCore.Storage.Json;

// The few reader steps the converters share. Errors are JsonException naming the field, never quoting an unbounded value.
internal static class JsonReading
{
    // Moves to the next property name of the current object; false at its end.
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The document ends inside an object.");
        }

        if (reader.TokenType == JsonTokenType.EndObject)
        {
            return false;
        }

        Expect(ref reader, JsonTokenType.PropertyName);
        return true;
    }

    public static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    public static long ReadInt64(ref Utf8JsonReader reader, string name)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)
            ? value
            : throw new JsonException($"The field '{name}' must be a whole number that fits in 64 bits.");
    }

    public static string ReadString(ref Utf8JsonReader reader, string name)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"The field '{name}' must be a string.");
    }

    public static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {type} but found {reader.TokenType}.");
        }
    }

    public static JsonException Missing(string field) => new($"The required field '{field}' is missing.");

    // Error messages quote at most a few characters of a stored value.
    public static string Clip(string value) => value.Length <= 8 ? value : value[..8] + "…";
}
