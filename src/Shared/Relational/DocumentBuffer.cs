using System.Buffers;
using System.Text.Json;
using PaymentCore.Notifications;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.Relational;

/// <summary>
/// Writes record and event documents into one reused buffer, so a store's writer does not grow a new buffer per
/// document (a captured record is past 4 KB: 1 → 2 → 4 → 8 KB plus the final copy, each time). The bytes are the
/// same as <see cref="TransactionRecordJson.Serialize"/> writes.
/// </summary>
/// <remarks>Shared source (src/Shared/Relational). Not thread-safe: one per writer; a span is valid until the next call.</remarks>
internal sealed class DocumentBuffer : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(8192);
    private readonly Utf8JsonWriter _writer;

    /// <summary>Initializes a new instance of the <see cref="DocumentBuffer"/> class.</summary>
    public DocumentBuffer()
    {
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = false, SkipValidation = true });
    }

    /// <summary>Writes a record.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The document, valid until the next call.</returns>
    public ReadOnlySpan<byte> Record(TransactionRecord record)
    {
        Reset();
        TransactionRecordJson.Write(_writer, record);
        _writer.Flush();
        return _buffer.WrittenSpan;
    }

    /// <summary>Writes an event.</summary>
    /// <param name="paymentEvent">The event.</param>
    /// <returns>The document, valid until the next call.</returns>
    public ReadOnlySpan<byte> Event(PaymentEvent paymentEvent)
    {
        Reset();
        TransactionRecordJson.WriteEvent(_writer, paymentEvent);
        _writer.Flush();
        return _buffer.WrittenSpan;
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private void Reset()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }
}
