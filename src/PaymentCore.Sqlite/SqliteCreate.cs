using PaymentCore.Notifications;
using PaymentCore.Relational;
using PaymentCore.Transactions;

namespace PaymentCore.Sqlite;

/// <summary>A create as it waits for the writer: the record and its first event, with their documents (and payer column) already written, and encrypted, by the caller.</summary>
/// <param name="Record">The record.</param>
/// <param name="Payer">Its payer column: the blind index of the token when encrypting.</param>
/// <param name="Document">Its document.</param>
/// <param name="Event">The event.</param>
/// <param name="EventDocument">Its document.</param>
/// <remarks>Immutable value; safe to share between threads.</remarks>
internal readonly record struct SqliteCreate(TransactionRecord Record, string Payer, RentedDocument Document, PaymentEvent Event, RentedDocument EventDocument)
{
    /// <summary>Writes the documents on the calling thread.</summary>
    /// <param name="record">The record.</param>
    /// <param name="paymentEvent">The event.</param>
    /// <param name="codec">The store's codec.</param>
    /// <returns>The create.</returns>
    public static SqliteCreate Of(TransactionRecord record, PaymentEvent paymentEvent, DocumentCodec codec) =>
        new(record, codec.Payer(record.Request.Payer.Token), RentedDocument.Of(record, codec), paymentEvent, RentedDocument.Of(paymentEvent, codec));

    /// <summary>Returns the documents' pooled arrays once the write has run: call it exactly once, from the write.</summary>
    public void Return()
    {
        // Copies of the documents: each returns the one array it shares with the original, once.
        var document = Document;
        var eventDocument = EventDocument;
        document.Return();
        eventDocument.Return();
    }
}
