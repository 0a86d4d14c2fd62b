using System.Text.Json;

namespace PaymentCore.Storage;

/// <summary>
/// A stored transaction record reads as JSON but breaks an invariant the state machine keeps (captured more than
/// authorized, refunded more than captured, amounts in another currency than the payment, a version below 1). The
/// row was changed outside PaymentCore or is corrupt; it is not returned, so nothing is charged or refunded from it.
/// </summary>
/// <remarks>
/// Derives from <see cref="JsonException"/>, which a store already reports for a document that is not a record.
/// The message names the field and the rule, never the stored values. Immutable once thrown; safe to share between threads.
/// </remarks>
public sealed class StoredRecordException : JsonException
{
    /// <summary>Creates the exception.</summary>
    public StoredRecordException()
        : this("record", "must be a transaction record the state machine could have written")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public StoredRecordException(string message)
        : base(message)
    {
        Field = "record";
        Rule = message;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public StoredRecordException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "record";
        Rule = message;
    }

    /// <summary>Creates the exception for a field that breaks a rule.</summary>
    /// <param name="field">The JSON field, as stored (<c>captured</c>, <c>version</c>...).</param>
    /// <param name="rule">The rule it breaks.</param>
    public StoredRecordException(string field, string rule)
        : base($"The stored transaction record is invalid: {field} {rule}.")
    {
        Field = field;
        Rule = rule;
    }

    /// <summary>Gets the JSON field that breaks the rule.</summary>
    public string Field { get; }

    /// <summary>Gets the rule it breaks.</summary>
    public string Rule { get; }
}
