using System.Buffers;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Storage.Format1;

// The hand-written codec of format 1, as it stood before System.Text.Json source generation replaced it (issue 10),
// kept verbatim as a test oracle only: documents the new codec writes must still be read by this reader (a
// rolled-back deployment reads what the new one wrote), and the codec benchmark compares against it.
internal static class Format1Codec
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };

    /// <summary>Writes a record as UTF-8 JSON.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public static byte[] Serialize(TransactionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, record);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a record as one JSON object to <paramref name="writer"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="record">The record.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void Write(Utf8JsonWriter writer, TransactionRecord record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        writer.WriteStartObject();
        writer.WriteNumber("format", 1);
        writer.WriteString("id", record.Id.ToString());
        writer.WritePropertyName("request");
        WriteRequest(writer, record.Request);
        writer.WriteString("status", record.Status.ToString());
        WriteMoney(writer, "authorized", record.Authorized);
        WriteMoney(writer, "captured", record.Captured);
        WriteMoney(writer, "refunded", record.Refunded);
        WriteMoney(writer, "fee", record.Fee);
        WriteOptional(writer, "authorizationCode", record.AuthorizationCode);
        WriteOptional(writer, "authorizer", record.Authorizer);
        if (record.Decline is { } decline)
        {
            writer.WriteStartObject("decline");
            writer.WriteString("code", decline.Code);
            writer.WriteString("declinedBy", decline.DeclinedBy);
            writer.WriteString("message", decline.Message);
            writer.WriteEndObject();
        }

        WriteOptional(writer, "failureReason", record.FailureReason);
        if (record.Pending is { } pending)
        {
            writer.WriteStartObject("pending");
            writer.WriteString("operation", pending.Operation.ToString());
            writer.WriteString("operationKey", pending.OperationKey);
            WriteMoney(writer, "amount", pending.Amount);
            WriteTime(writer, "since", pending.Since);
            writer.WriteBoolean("outcomeUnknown", pending.OutcomeUnknown);
            writer.WriteEndObject();
        }

        WriteTime(writer, "createdAt", record.CreatedAt);
        WriteTime(writer, "updatedAt", record.UpdatedAt);
        writer.WriteNumber("version", record.Version);
        writer.WriteStartArray("history");
        foreach (var change in record.History)
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", change.Version);
            writer.WriteString("from", change.From.ToString());
            writer.WriteString("to", change.To.ToString());
            WriteMoney(writer, "amount", change.Amount);
            WriteTime(writer, "at", change.At);
            WriteOptional(writer, "operationKey", change.OperationKey);
            WriteOptional(writer, "reason", change.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads a record written by <see cref="Serialize(TransactionRecord)"/>.</summary>
    /// <param name="utf8Json">The document.</param>
    /// <returns>The record, equal field by field to the one written.</returns>
    /// <exception cref="JsonException">The document is not a record (malformed, a required field missing, an unknown currency or enum name).</exception>
    public static TransactionRecord Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        reader.Read();
        try
        {
            return ReadRecord(ref reader);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or UnknownCurrencyException)
        {
            throw new JsonException($"The document is not a transaction record: {ex.Message}", ex);
        }
    }

    /// <summary>Writes an event as UTF-8 JSON.</summary>
    /// <param name="paymentEvent">The event.</param>
    /// <returns>The document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paymentEvent"/> is <see langword="null"/>.</exception>
    public static byte[] SerializeEvent(PaymentEvent paymentEvent)
    {
        ArgumentNullException.ThrowIfNull(paymentEvent);
        var buffer = new ArrayBufferWriter<byte>(384);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteEvent(writer, paymentEvent);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes an event as one JSON object to <paramref name="writer"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="paymentEvent">The event.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WriteEvent(Utf8JsonWriter writer, PaymentEvent paymentEvent)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(paymentEvent);
        writer.WriteStartObject();
        writer.WriteNumber("format", 1);
        writer.WriteString("eventId", paymentEvent.EventId);
        writer.WriteString("transactionId", paymentEvent.TransactionId.ToString());
        writer.WriteNumber("version", paymentEvent.Version);
        writer.WriteString("merchantId", paymentEvent.MerchantId);
        writer.WriteString("payerToken", paymentEvent.PayerToken);
        writer.WriteString("from", paymentEvent.From.ToString());
        writer.WriteString("to", paymentEvent.To.ToString());
        WriteMoney(writer, "amount", paymentEvent.Amount);
        WriteTime(writer, "occurredAt", paymentEvent.OccurredAt);
        WriteOptional(writer, "reason", paymentEvent.Reason);
        writer.WriteEndObject();
    }

    /// <summary>Reads an event written by <see cref="SerializeEvent(PaymentEvent)"/>.</summary>
    /// <param name="utf8Json">The document.</param>
    /// <returns>The event, equal to the one written.</returns>
    /// <exception cref="JsonException">The document is not an event.</exception>
    public static PaymentEvent DeserializeEvent(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        reader.Read();
        try
        {
            return ReadEvent(ref reader);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or UnknownCurrencyException)
        {
            throw new JsonException($"The document is not a payment event: {ex.Message}", ex);
        }
    }

    private static void WriteRequest(Utf8JsonWriter writer, PaymentRequest request)
    {
        writer.WriteStartObject();
        writer.WriteString("idempotencyKey", request.IdempotencyKey);
        writer.WriteString("merchantId", request.MerchantId);
        WriteMoney(writer, "amount", request.Amount);
        writer.WriteStartObject("payer");
        writer.WriteString("kind", request.Payer.Kind.ToString());
        writer.WriteString("token", request.Payer.Token);
        WriteOptional(writer, "brand", request.Payer.Brand);
        WriteOptional(writer, "first6", request.Payer.First6);
        WriteOptional(writer, "last4", request.Payer.Last4);
        writer.WriteEndObject();
        writer.WriteString("payee", request.Payee);
        writer.WriteString("captureMode", request.CaptureMode.ToString());
        WriteOptional(writer, "description", request.Description);
        writer.WriteStartObject("metadata");
        foreach (var (key, value) in request.Metadata)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteMoney(Utf8JsonWriter writer, string name, Money money)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("minor", money.MinorUnits);
        writer.WriteString("currency", money.Currency.Code);
        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset time)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("utcTicks", time.UtcTicks);
        writer.WriteNumber("offsetMinutes", (int)time.Offset.TotalMinutes);
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static TransactionRecord ReadRecord(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        TransactionId? id = null;
        PaymentRequest? request = null;
        TransactionStatus? status = null;
        Money? authorized = null, captured = null, refunded = null, fee = null;
        string? authorizationCode = null, authorizer = null, failureReason = null;
        DeclineInfo? decline = null;
        PendingOperation? pending = null;
        DateTimeOffset? createdAt = null, updatedAt = null;
        long? version = null;
        ImmutableArray<StateChange>? history = null;
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "id": id = TransactionId.Parse(ReadString(ref reader)); break;
                case "request": request = ReadRequest(ref reader); break;
                case "status": status = ReadEnum<TransactionStatus>(ref reader); break;
                case "authorized": authorized = ReadMoney(ref reader); break;
                case "captured": captured = ReadMoney(ref reader); break;
                case "refunded": refunded = ReadMoney(ref reader); break;
                case "fee": fee = ReadMoney(ref reader); break;
                case "authorizationCode": authorizationCode = ReadNullableString(ref reader); break;
                case "authorizer": authorizer = ReadNullableString(ref reader); break;
                case "failureReason": failureReason = ReadNullableString(ref reader); break;
                case "decline": decline = ReadDecline(ref reader); break;
                case "pending": pending = ReadPending(ref reader); break;
                case "createdAt": createdAt = ReadTime(ref reader); break;
                case "updatedAt": updatedAt = ReadTime(ref reader); break;
                case "version": version = ReadInt64(ref reader); break;
                case "history": history = ReadHistory(ref reader); break;
                default: reader.Read(); reader.Skip(); break;
            }
        }

        return new TransactionRecord
        {
            Id = id ?? throw Missing("id"),
            Request = request ?? throw Missing("request"),
            Status = status ?? throw Missing("status"),
            Authorized = authorized ?? throw Missing("authorized"),
            Captured = captured ?? throw Missing("captured"),
            Refunded = refunded ?? throw Missing("refunded"),
            Fee = fee ?? throw Missing("fee"),
            AuthorizationCode = authorizationCode,
            Authorizer = authorizer,
            Decline = decline,
            FailureReason = failureReason,
            Pending = pending,
            CreatedAt = createdAt ?? throw Missing("createdAt"),
            UpdatedAt = updatedAt ?? throw Missing("updatedAt"),
            Version = version ?? throw Missing("version"),
            History = history ?? throw Missing("history"),
        };
    }

    private static PaymentRequest ReadRequest(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject);
        string? key = null, merchant = null, payee = null, description = null;
        Money? amount = null;
        PaymentInstrument? payer = null;
        var captureMode = CaptureMode.Automatic;
        IReadOnlyDictionary<string, string> metadata = FrozenDictionary<string, string>.Empty;
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "idempotencyKey": key = ReadString(ref reader); break;
                case "merchantId": merchant = ReadString(ref reader); break;
                case "amount": amount = ReadMoney(ref reader); break;
                case "payer": payer = ReadInstrument(ref reader); break;
                case "payee": payee = ReadString(ref reader); break;
                case "captureMode": captureMode = ReadEnum<CaptureMode>(ref reader); break;
                case "description": description = ReadNullableString(ref reader); break;
                case "metadata": metadata = ReadMetadata(ref reader); break;
                default: reader.Read(); reader.Skip(); break;
            }
        }

        return new PaymentRequest
        {
            IdempotencyKey = key ?? throw Missing("request.idempotencyKey"),
            MerchantId = merchant ?? throw Missing("request.merchantId"),
            Amount = amount ?? throw Missing("request.amount"),
            Payer = payer ?? throw Missing("request.payer"),
            Payee = payee ?? throw Missing("request.payee"),
            CaptureMode = captureMode,
            Description = description,
            Metadata = metadata,
        };
    }

    private static PaymentInstrument ReadInstrument(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject);
        InstrumentKind? kind = null;
        string? token = null, brand = null, first6 = null, last4 = null;
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "kind": kind = ReadEnum<InstrumentKind>(ref reader); break;
                case "token": token = ReadString(ref reader); break;
                case "brand": brand = ReadNullableString(ref reader); break;
                case "first6": first6 = ReadNullableString(ref reader); break;
                case "last4": last4 = ReadNullableString(ref reader); break;
                default: reader.Read(); reader.Skip(); break;
            }
        }

        return new PaymentInstrument(kind ?? throw Missing("payer.kind"), token ?? throw Missing("payer.token"), brand, first6, last4);
    }

    private static FrozenDictionary<string, string> ReadMetadata(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        while (NextProperty(ref reader, out var name))
        {
            entries[name] = ReadString(ref reader);
        }

        return entries.Count == 0 ? FrozenDictionary<string, string>.Empty : entries.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static DeclineInfo ReadDecline(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject);
        string? code = null, by = null, message = null;
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "code": code = ReadString(ref reader); break;
                case "declinedBy": by = ReadString(ref reader); break;
                case "message": message = ReadString(ref reader); break;
                default: reader.Read(); reader.Skip(); break;
            }
        }

        return new DeclineInfo(code ?? throw Missing("decline.code"), by ?? throw Missing("decline.declinedBy"), message ?? throw Missing("decline.message"));
    }

    private static PendingOperation ReadPending(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject);
        AuthorizerOperation? operation = null;
        string? key = null;
        Money? amount = null;
        DateTimeOffset? since = null;
        var unknown = false;
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "operation": operation = ReadEnum<AuthorizerOperation>(ref reader); break;
                case "operationKey": key = ReadString(ref reader); break;
                case "amount": amount = ReadMoney(ref reader); break;
                case "since": since = ReadTime(ref reader); break;
                case "outcomeUnknown": reader.Read(); unknown = reader.GetBoolean(); break;
                default: reader.Read(); reader.Skip(); break;
            }
        }

        return new PendingOperation(
            operation ?? throw Missing("pending.operation"),
            key ?? throw Missing("pending.operationKey"),
            amount ?? throw Missing("pending.amount"),
            since ?? throw Missing("pending.since"),
            unknown);
    }

    private static ImmutableArray<StateChange> ReadHistory(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartArray);
        var builder = ImmutableArray.CreateBuilder<StateChange>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject);
            long? version = null;
            TransactionStatus? from = null, to = null;
            Money? amount = null;
            DateTimeOffset? at = null;
            string? key = null, reason = null;
            while (NextProperty(ref reader, out var name))
            {
                switch (name)
                {
                    case "version": version = ReadInt64(ref reader); break;
                    case "from": from = ReadEnum<TransactionStatus>(ref reader); break;
                    case "to": to = ReadEnum<TransactionStatus>(ref reader); break;
                    case "amount": amount = ReadMoney(ref reader); break;
                    case "at": at = ReadTime(ref reader); break;
                    case "operationKey": key = ReadNullableString(ref reader); break;
                    case "reason": reason = ReadNullableString(ref reader); break;
                    default: reader.Read(); reader.Skip(); break;
                }
            }

            builder.Add(new StateChange(
                version ?? throw Missing("history.version"),
                from ?? throw Missing("history.from"),
                to ?? throw Missing("history.to"),
                amount ?? throw Missing("history.amount"),
                at ?? throw Missing("history.at"),
                key,
                reason));
        }

        return builder.ToImmutable();
    }

    private static PaymentEvent ReadEvent(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        Guid? eventId = null;
        TransactionId? transactionId = null;
        long? version = null;
        string? merchant = null, payer = null, reason = null;
        TransactionStatus? from = null, to = null;
        Money? amount = null;
        DateTimeOffset? occurredAt = null;
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "eventId": reader.Read(); eventId = reader.GetGuid(); break;
                case "transactionId": transactionId = TransactionId.Parse(ReadString(ref reader)); break;
                case "version": version = ReadInt64(ref reader); break;
                case "merchantId": merchant = ReadString(ref reader); break;
                case "payerToken": payer = ReadString(ref reader); break;
                case "from": from = ReadEnum<TransactionStatus>(ref reader); break;
                case "to": to = ReadEnum<TransactionStatus>(ref reader); break;
                case "amount": amount = ReadMoney(ref reader); break;
                case "occurredAt": occurredAt = ReadTime(ref reader); break;
                case "reason": reason = ReadNullableString(ref reader); break;
                default: reader.Read(); reader.Skip(); break;
            }
        }

        return new PaymentEvent(
            eventId ?? throw Missing("eventId"),
            transactionId ?? throw Missing("transactionId"),
            version ?? throw Missing("version"),
            merchant ?? throw Missing("merchantId"),
            payer ?? throw Missing("payerToken"),
            from ?? throw Missing("from"),
            to ?? throw Missing("to"),
            amount ?? throw Missing("amount"),
            occurredAt ?? throw Missing("occurredAt"),
            reason);
    }

    private static Money ReadMoney(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject);
        long? minor = null;
        string? code = null;
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "minor": minor = ReadInt64(ref reader); break;
                case "currency": code = ReadString(ref reader); break;
                default: reader.Read(); reader.Skip(); break;
            }
        }

        // A default Money (no currency) is written with an empty code; it never reaches a stored record, but the
        // codec must not turn one into an error or a made-up currency.
        var currency = string.IsNullOrEmpty(code ?? throw Missing("currency")) ? default : Currency.FromCode(code);
        return new Money(minor ?? throw Missing("minor"), currency);
    }

    private static DateTimeOffset ReadTime(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject);
        long? ticks = null;
        var offsetMinutes = 0;
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "utcTicks": ticks = ReadInt64(ref reader); break;
                case "offsetMinutes": reader.Read(); offsetMinutes = reader.GetInt32(); break;
                default: reader.Read(); reader.Skip(); break;
            }
        }

        var offset = TimeSpan.FromMinutes(offsetMinutes);
        return new DateTimeOffset(ticks ?? throw Missing("utcTicks"), TimeSpan.Zero).ToOffset(offset);
    }

    private static bool NextProperty(ref Utf8JsonReader reader, out string name)
    {
        if (!reader.Read())
        {
            throw new JsonException("The document ends inside an object.");
        }

        if (reader.TokenType == JsonTokenType.EndObject)
        {
            name = string.Empty;
            return false;
        }

        Expect(ref reader, JsonTokenType.PropertyName);
        name = reader.GetString()!;
        return true;
    }

    private static string ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.String);
        return reader.GetString()!;
    }

    private static string? ReadNullableString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
    }

    private static long ReadInt64(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.Number);
        return reader.GetInt64();
    }

    private static T ReadEnum<T>(ref Utf8JsonReader reader)
        where T : struct, Enum
    {
        var text = ReadString(ref reader);
        return Enum.TryParse<T>(text, ignoreCase: false, out var value) && Enum.IsDefined(value)
            ? value
            : throw new JsonException($"'{text}' is not a {typeof(T).Name}.");
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {type} but found {reader.TokenType} at byte {reader.TokenStartIndex}.");
        }
    }

    private static JsonException Missing(string field) => new($"The required field '{field}' is missing.");
}
