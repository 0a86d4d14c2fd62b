namespace PaymentCore.Sqlite;

/// <summary>
/// One caller's write waiting in the <see cref="SqliteWriter"/>'s queue: what to run inside the group's transaction,
/// and the task the caller awaits, completed only after the transaction holding it is committed (durable).
/// </summary>
/// <remarks>Run by one writer thread at a time; the task may be awaited from any thread.</remarks>
internal abstract class SqliteWrite
{
    /// <summary>Runs the write inside the open transaction, keeping its result (or error) until the commit.</summary>
    /// <param name="statements">The writer's statements.</param>
    public abstract void Run(SqliteStatements statements);

    /// <summary>Records that the write failed; the caller sees <paramref name="error"/> after the group commits.</summary>
    /// <param name="error">The error.</param>
    public abstract void Fail(Exception error);

    /// <summary>Completes the caller's task: its result, or the error it failed with alone.</summary>
    public abstract void Complete();

    /// <summary>Fails the caller's task: the group's transaction did not commit, so nothing of this write is stored.</summary>
    /// <param name="error">Why.</param>
    public abstract void Abort(Exception error);
}

/// <summary>A write with a result of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The result.</typeparam>
/// <param name="work">The write.</param>
internal sealed class SqliteWrite<T>(Func<SqliteStatements, T> work) : SqliteWrite
{
    // Continuations run on the pool, not on the writer thread that commits for the whole group.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _error;

    /// <summary>Gets the task the caller awaits.</summary>
    public Task<T> Task => _completion.Task;

    /// <inheritdoc />
    public override void Run(SqliteStatements statements) => _result = work(statements);

    /// <inheritdoc />
    public override void Fail(Exception error) => _error = error;

    /// <inheritdoc />
    public override void Complete()
    {
        if (_error is not null)
        {
            _completion.TrySetException(_error);
        }
        else
        {
            _completion.TrySetResult(_result!);
        }
    }

    /// <inheritdoc />
    public override void Abort(Exception error) => _completion.TrySetException(_error ?? error);
}
