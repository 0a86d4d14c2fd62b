namespace PaymentCore.PostgreSql;

/// <summary>Configures <see cref="PostgreSqlTransactionStore"/>.</summary>
/// <remarks>A mutable options object: configure it once, before the store is made. Not thread-safe.</remarks>
public sealed class PostgreSqlTransactionStoreOptions
{
    /// <summary>Gets or sets the Npgsql connection string, such as <c>Host=db;Database=payments;Username=app;Password=…</c>.</summary>
    /// <value>Required; no default.</value>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets whether the store applies its schema migrations when it opens.</summary>
    /// <value>Defaults to <see langword="true"/>. Turn it off where the application's role may not create tables; the schema version is still checked.</value>
    public bool ApplyMigrations { get; set; } = true;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A property is out of range; the message names it.</exception>
    internal void Validate() => PostgreSqlTransactionStoreOptionsValidator.Instance.ThrowIfInvalid(this);
}
