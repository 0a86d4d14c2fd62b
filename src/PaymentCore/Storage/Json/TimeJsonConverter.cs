using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaymentCore.Storage.Json;

// {"utcTicks":...,"offsetMinutes":120}: the instant to the tick and the offset it was recorded with, so both come
// back exactly (an ISO 8601 string would do too, but format 1 stored this shape and the stores' columns hold the
// same ticks).
internal sealed class TimeJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        JsonReading.Expect(ref reader, JsonTokenType.StartObject);
        long? ticks = null;
        var offsetMinutes = 0;
        while (JsonReading.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("utcTicks"u8))
            {
                ticks = JsonReading.ReadInt64(ref reader, "utcTicks");
            }
            else if (reader.ValueTextEquals("offsetMinutes"u8))
            {
                reader.Read();
                offsetMinutes = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var minutes) && Math.Abs(minutes) <= 14 * 60
                    ? minutes
                    : throw new JsonException("The field 'offsetMinutes' must be a whole number of minutes from -840 to 840.");
            }
            else
            {
                JsonReading.SkipValue(ref reader);
            }
        }

        var utcTicks = ticks ?? throw JsonReading.Missing("utcTicks");
        if (utcTicks < DateTimeOffset.MinValue.UtcTicks || utcTicks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new JsonException("The field 'utcTicks' is outside the range of DateTimeOffset.");
        }

        try
        {
            return new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            // The instant plus the offset falls outside the representable local range (the year 1 or 9999 edge).
            throw new JsonException("The time with its offset is outside the range of DateTimeOffset.", ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("utcTicks"u8, value.UtcTicks);
        writer.WriteNumber("offsetMinutes"u8, (int)value.Offset.TotalMinutes);
        writer.WriteEndObject();
    }
}
