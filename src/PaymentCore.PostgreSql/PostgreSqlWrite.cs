using Npgsql;
using PaymentCore.Notifications;
using PaymentCore.Relational;
using PaymentCore.Storage;
using PaymentCore.Transactions;

namespace PaymentCore.PostgreSql;

/// <summary>
/// One caller's write waiting in the <see cref="PostgreSqlWriter"/>'s queue: one statement, atomic on its own,
/// that can be sent alone or inside a group's transaction, and the task the caller awaits.
/// </summary>
/// <remarks>Completed by one writer; the task may be awaited from any thread.</remarks>
internal abstract class PostgreSqlWrite
{
    /// <summary>Gets the record written: a group sends its writes in id order, so two groups lock rows in one order.</summary>
    public abstract Guid RecordId { get; }

    /// <summary>Builds the statement (a new one each time: a write that failed in a group is sent again alone).</summary>
    /// <returns>The statement.</returns>
    public abstract NpgsqlBatchCommand Command();

    /// <summary>Completes the caller's task once the statement is committed.</summary>
    /// <param name="recordsAffected">The rows the statement affected.</param>
    /// <param name="connection">The connection, for a follow-up read (a create whose key was taken reads the record that holds it).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the caller's task is completed.</returns>
    public abstract ValueTask CompleteAsync(int recordsAffected, NpgsqlConnection connection, CancellationToken cancellationToken);

    /// <summary>Fails the caller's task.</summary>
    /// <param name="error">The error.</param>
    public abstract void Fail(Exception error);
}

/// <summary>A write with a result.</summary>
/// <typeparam name="T">The result.</typeparam>
internal abstract class PostgreSqlWrite<T> : PostgreSqlWrite
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the task the caller awaits.</summary>
    public Task<T> Task => _completion.Task;

    /// <inheritdoc />
    public override void Fail(Exception error)
    {
        Release();
        _completion.TrySetException(error);
    }

    /// <summary>Completes the caller's task with a result.</summary>
    /// <param name="result">The result.</param>
    protected void Succeed(T result)
    {
        Release();
        _completion.TrySetResult(result);
    }

    /// <summary>Returns pooled buffers.</summary>
    protected abstract void Release();
}

/// <summary>Creates a record with its first event.</summary>
internal sealed class PostgreSqlCreate : PostgreSqlWrite<CreateResult>
{
    private readonly TransactionRecord _record;
    private readonly PaymentEvent _event;
    private readonly DocumentCodec _codec;
    private readonly string _payer;
    private RentedDocument _document;
    private RentedDocument _eventDocument;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlCreate"/> class.</summary>
    /// <param name="record">The record.</param>
    /// <param name="paymentEvent">The event.</param>
    /// <param name="codec">The store's codec: the documents are written (and encrypted) here, on the caller's thread.</param>
    public PostgreSqlCreate(TransactionRecord record, PaymentEvent paymentEvent, DocumentCodec codec)
    {
        _record = record;
        _event = paymentEvent;
        _codec = codec;
        _payer = codec.Payer(record.Request.Payer.Token);
        _document = RentedDocument.Of(record, codec);
        _eventDocument = RentedDocument.Of(paymentEvent, codec);
    }

    /// <inheritdoc />
    public override Guid RecordId => _record.Id.Value;

    /// <inheritdoc />
    public override NpgsqlBatchCommand Command()
    {
        var command = new NpgsqlBatchCommand(PostgreSqlRow.CreateSql);
        PostgreSqlRow.Add(command.Parameters, _record, _payer, _document.Memory);
        PostgreSqlRow.AddEvent(command.Parameters, _event, _eventDocument.Memory);
        return command;
    }

    /// <inheritdoc />
    public override async ValueTask CompleteAsync(int recordsAffected, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (recordsAffected == 1)
        {
            Succeed(new CreateResult(true, null));
            return;
        }

        // ON CONFLICT DO NOTHING waited for any in-flight insert of the same key to finish, and the group is
        // committed: this new statement sees the winner.
        Succeed(new CreateResult(false, await PostgreSqlTransactionStore.FindAsync(connection, null, _codec, _record.MerchantId, _record.IdempotencyKey, cancellationToken).ConfigureAwait(false)));
    }

    /// <inheritdoc />
    protected override void Release()
    {
        _document.Return();
        _eventDocument.Return();
    }
}

/// <summary>Updates a record at its expected version, with its event if any.</summary>
internal sealed class PostgreSqlUpdate : PostgreSqlWrite<bool>
{
    private readonly TransactionRecord _record;
    private readonly long _expectedVersion;
    private readonly PaymentEvent? _event;
    private readonly string _payer;
    private RentedDocument _document;
    private RentedDocument _eventDocument;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlUpdate"/> class.</summary>
    /// <param name="record">The record.</param>
    /// <param name="expectedVersion">The stored version it replaces.</param>
    /// <param name="paymentEvent">The event, if any.</param>
    /// <param name="codec">The store's codec: the documents are written (and encrypted) here, on the caller's thread.</param>
    public PostgreSqlUpdate(TransactionRecord record, long expectedVersion, PaymentEvent? paymentEvent, DocumentCodec codec)
    {
        _record = record;
        _expectedVersion = expectedVersion;
        _event = paymentEvent;
        _payer = codec.Payer(record.Request.Payer.Token);
        _document = RentedDocument.Of(record, codec);
        if (paymentEvent is not null)
        {
            _eventDocument = RentedDocument.Of(paymentEvent, codec);
        }
    }

    /// <inheritdoc />
    public override Guid RecordId => _record.Id.Value;

    /// <inheritdoc />
    public override NpgsqlBatchCommand Command()
    {
        var command = new NpgsqlBatchCommand(_event is null ? PostgreSqlRow.UpdateSql : PostgreSqlRow.UpdateWithEventSql);
        PostgreSqlRow.Add(command.Parameters, _record, _payer, _document.Memory);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _expectedVersion });
        if (_event is not null)
        {
            PostgreSqlRow.AddEvent(command.Parameters, _event, _eventDocument.Memory);
        }

        return command;
    }

    /// <inheritdoc />
    public override ValueTask CompleteAsync(int recordsAffected, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // A stale version or unknown record affected nothing: nothing written, and no event either.
        Succeed(recordsAffected == 1);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    protected override void Release()
    {
        _document.Return();
        _eventDocument.Return();
    }
}
