namespace PaymentCore.Sqlite;

/// <summary>How hard SQLite pushes a commit to the disk (<c>PRAGMA synchronous</c>) in WAL mode.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// Every commit is flushed (fsync) before it returns: an acknowledged payment survives a process crash, an
    /// operating-system crash and a power loss. The default, because acknowledging a payment and then losing it
    /// is the one failure a payment store must not have.
    /// </summary>
    Full = 0,

    /// <summary>
    /// The write-ahead log is flushed only at checkpoints. Survives a process crash (the OS still holds the
    /// writes) and the database never corrupts, but an OS crash or power loss can roll back the last commits:
    /// payments the caller was told were recorded, and charged at the authorizer, can vanish. Faster; use it only
    /// where the authorizer's own records let you reconcile such losses.
    /// </summary>
    Normal = 1,

    /// <summary>As <see cref="Full"/>, and the directory is synced too when the log is reset; slower still.</summary>
    Extra = 2,
}
