using System.Text.Json;
using PaymentCore.Notifications;
using PaymentCore.Storage.Json;
using PaymentCore.Transactions;

namespace PaymentCore.Storage;

/// <summary>
/// The JSON document form of <see cref="TransactionRecord"/> and <see cref="PaymentEvent"/> that durable stores
/// keep next to their queryable columns. Every field round-trips exactly: amounts as minor units (a JSON integer)
/// plus the ISO 4217 code, never a decimal or a float; timestamps as UTC ticks plus the offset in minutes, so
/// both the instant and the offset come back; enums by name, so reordering an enum never reinterprets old rows.
/// </summary>
/// <remarks>
/// <para>Format version 1, written by a System.Text.Json source-generated contract: a property the record types
/// gain is stored with no change to the codec. Unknown properties are skipped when reading, so a later version may
/// add fields that an older reader ignores; a missing non-nullable field is an error.</para>
/// <para>Thread-safe: the methods keep no state.</para>
/// </remarks>
internal static class TransactionRecordJson
{
    /// <summary>Writes a record as UTF-8 JSON.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public static byte[] Serialize(TransactionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return JsonSerializer.SerializeToUtf8Bytes(record, RecordJsonContract.Record);
    }

    /// <summary>Writes a record as one JSON object to <paramref name="writer"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="record">The record.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void Write(Utf8JsonWriter writer, TransactionRecord record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        JsonSerializer.Serialize(writer, record, RecordJsonContract.Record);
    }

    /// <summary>Reads a record written by <see cref="Serialize(TransactionRecord)"/>.</summary>
    /// <param name="utf8Json">The document.</param>
    /// <returns>The record, equal field by field to the one written.</returns>
    /// <exception cref="JsonException">The document is not a record (malformed, a required field missing, an unknown currency or enum name).</exception>
    /// <exception cref="StoredRecordException">The document is a record the state machine could not have written; the exception names the field.</exception>
    public static TransactionRecord Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        TransactionRecord record;
        try
        {
            record = JsonSerializer.Deserialize(utf8Json, RecordJsonContract.Record)
                ?? throw new JsonException("The document is null, not a transaction record.");
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            throw new JsonException($"The document is not a transaction record: {ex.Message}", ex);
        }

        // A row edited by hand or corrupted must not come back as a payment that can be captured or refunded beyond
        // what was held (issue 10): the same invariants the state machine keeps, checked on every read.
        Check(record);
        return record;
    }

    private static void Check(TransactionRecord record)
    {
        if (record.Version < 1)
        {
            throw new StoredRecordException("version", "must be at least 1");
        }

        var currency = record.Request.Amount.Currency;
        CheckAmount("authorized", record.Authorized, currency);
        CheckAmount("captured", record.Captured, currency);
        CheckAmount("refunded", record.Refunded, currency);
        CheckAmount("fee", record.Fee, currency);
        if (record.Captured > record.Authorized)
        {
            throw new StoredRecordException("captured", "must not exceed authorized");
        }

        if (record.Refunded > record.Captured)
        {
            throw new StoredRecordException("refunded", "must not exceed captured");
        }
    }

    private static void CheckAmount(string field, Monetary.Money amount, Monetary.Currency currency)
    {
        if (amount.Currency != currency)
        {
            throw new StoredRecordException(field, "must be in the currency of request.amount");
        }

        if (amount.IsNegative)
        {
            throw new StoredRecordException(field, "must not be negative");
        }
    }

    /// <summary>Writes an event as UTF-8 JSON.</summary>
    /// <param name="paymentEvent">The event.</param>
    /// <returns>The document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paymentEvent"/> is <see langword="null"/>.</exception>
    public static byte[] SerializeEvent(PaymentEvent paymentEvent)
    {
        ArgumentNullException.ThrowIfNull(paymentEvent);
        return JsonSerializer.SerializeToUtf8Bytes(paymentEvent, RecordJsonContract.Event);
    }

    /// <summary>Writes an event as one JSON object to <paramref name="writer"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="paymentEvent">The event.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WriteEvent(Utf8JsonWriter writer, PaymentEvent paymentEvent)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(paymentEvent);
        JsonSerializer.Serialize(writer, paymentEvent, RecordJsonContract.Event);
    }

    /// <summary>Reads an event written by <see cref="SerializeEvent(PaymentEvent)"/>.</summary>
    /// <param name="utf8Json">The document.</param>
    /// <returns>The event, equal to the one written.</returns>
    /// <exception cref="JsonException">The document is not an event.</exception>
    public static PaymentEvent DeserializeEvent(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, RecordJsonContract.Event)
                ?? throw new JsonException("The document is null, not a payment event.");
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            throw new JsonException($"The document is not a payment event: {ex.Message}", ex);
        }
    }
}
