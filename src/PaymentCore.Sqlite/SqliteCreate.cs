using PaymentCore.Notifications;
using PaymentCore.Transactions;

namespace PaymentCore.Sqlite;

/// <summary>A create as it waits for the writer: the record and its first event, with their documents already written by the caller.</summary>
/// <param name="Record">The record.</param>
/// <param name="Document">Its document.</param>
/// <param name="Event">The event.</param>
/// <param name="EventDocument">Its document.</param>
/// <remarks>Immutable value; safe to share between threads.</remarks>
internal readonly record struct SqliteCreate(TransactionRecord Record, byte[] Document, PaymentEvent Event, byte[] EventDocument)
{
    /// <summary>Writes the documents on the calling thread.</summary>
    /// <param name="record">The record.</param>
    /// <param name="paymentEvent">The event.</param>
    /// <returns>The create.</returns>
    public static SqliteCreate Of(TransactionRecord record, PaymentEvent paymentEvent) =>
        new(record, SqliteStatements.Document(record), paymentEvent, SqliteStatements.Document(paymentEvent));
}
