using Microsoft.Extensions.Logging;
using PaymentCore.Authorization;
using PaymentCore.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Telemetry;

/// <summary>
/// Every log line core writes, source-generated, each with a stable event id (docs/observability.md lists them).
/// Parameters are ids, enum names, counts and type names: never an amount, a key, a token, a card number or any
/// other text a caller sent, and never an exception message from a plug-in (it may quote a request).
/// </summary>
internal static partial class PaymentCoreLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "{Operation} of {TransactionId}: {Outcome} (replayed: {Replayed})")]
    public static partial void OperationCompleted(ILogger logger, PaymentOperation operation, TransactionId transactionId, PaymentOutcome outcome, bool replayed);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "{Operation} threw {ExceptionType}")]
    public static partial void OperationFaulted(ILogger logger, PaymentOperation operation, string exceptionType);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "The void of {TransactionId} was refused by {Authorizer} ({Code}); the payment is back in {Status}")]
    public static partial void VoidRefused(ILogger logger, TransactionId transactionId, string authorizer, string code, TransactionStatus status);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Recording the authorization of {TransactionId} failed ({ExceptionType}); voiding it")]
    public static partial void AuthorizationNotRecorded(ILogger logger, Exception exception, TransactionId transactionId, string exceptionType);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Recording the rollback of {TransactionId} failed ({ExceptionType}); recovery finishes it")]
    public static partial void RollbackNotRecorded(ILogger logger, Exception exception, TransactionId transactionId, string exceptionType);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Transaction ids use a secret generated for this process (in-memory store, no TransactionIdOptions.Secret): they change on restart")]
    public static partial void TransactionIdsGenerated(ILogger logger);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Authorizer {Authorizer} threw {ExceptionType} on {Operation} of {TransactionId}; the outcome is unknown until it is asked")]
    public static partial void AuthorizerThrew(ILogger logger, string authorizer, string exceptionType, AuthorizerOperation operation, TransactionId transactionId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Authorizer {Authorizer} threw {ExceptionType} on a status query of {Operation} for {TransactionId}")]
    public static partial void AuthorizerQueryThrew(ILogger logger, string authorizer, string exceptionType, AuthorizerOperation operation, TransactionId transactionId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Event {EventId} of {TransactionId} was not delivered by {Notifier}; it stays in the outbox")]
    public static partial void EventNotDelivered(ILogger logger, Guid eventId, TransactionId transactionId, string notifier);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Event {EventId} of {TransactionId} was dead-lettered after {Attempts} failed deliveries")]
    public static partial void EventDeadLettered(ILogger logger, Guid eventId, TransactionId transactionId, int attempts);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Outbox dispatch: {Delivered} delivered, {Retried} to retry, {DeadLettered} dead-lettered")]
    public static partial void Dispatched(ILogger logger, int delivered, int retried, int deadLettered);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Warning, Message = "Recovery of {TransactionId} failed ({ExceptionType}); the next pass retries it")]
    public static partial void RecoveryFailed(ILogger logger, Exception exception, TransactionId transactionId, string exceptionType);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Information, Message = "Recovery pass: {Examined} examined, {Resolved} settled, {Unresolved} unresolved, {LostRaces} changed by another writer")]
    public static partial void Recovered(ILogger logger, int examined, int resolved, int unresolved, int lostRaces);
}
