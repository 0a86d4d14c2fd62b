namespace PaymentCore.Configuration;

/// <summary>
/// The configuration sections PaymentCore's options bind from, under the root <c>PaymentCore</c> (see
/// docs/configuration.md for every key). Pass the configuration root to <c>PaymentCoreBuilder.BindConfiguration</c>,
/// or a section to a store's overload, such as <c>UseSqlite(configuration.GetSection(PaymentCoreSections.Sqlite))</c>.
/// </summary>
/// <remarks>Constants; thread-safe.</remarks>
public static class PaymentCoreSections
{
    /// <summary>The root section: <c>PaymentCore</c>.</summary>
    public const string Root = "PaymentCore";

    /// <summary>The processor's options (<c>PaymentProcessorOptions</c>, with the retry of each operation under <c>Authorize</c>, <c>Capture</c>, <c>Void</c>, <c>Refund</c>): <c>PaymentCore:Processor</c>.</summary>
    public const string Processor = Root + ":Processor";

    /// <summary>The outbox dispatcher's options (<c>OutboxOptions</c>, with its retry under <c>Notify</c>): <c>PaymentCore:Outbox</c>.</summary>
    public const string Outbox = Root + ":Outbox";

    /// <summary>The batch processor's options (<c>BatchOptions</c>): <c>PaymentCore:Batch</c>.</summary>
    public const string Batch = Root + ":Batch";

    /// <summary>The simulator's options (<c>InMemoryAuthorizerOptions</c>): <c>PaymentCore:InMemoryAuthorizer</c>.</summary>
    public const string InMemoryAuthorizer = Root + ":InMemoryAuthorizer";

    /// <summary>The data-protection keys (<c>DataProtectionOptions</c>): <c>PaymentCore:DataProtection</c>.</summary>
    public const string DataProtection = Root + ":DataProtection";

    /// <summary>The transaction-id secret (<c>TransactionIdOptions</c>): <c>PaymentCore:TransactionIds</c>.</summary>
    public const string TransactionIds = Root + ":TransactionIds";

    /// <summary>The SQLite store (<c>SqliteTransactionStoreOptions</c>): <c>PaymentCore:Sqlite</c>.</summary>
    public const string Sqlite = Root + ":Sqlite";

    /// <summary>The PostgreSQL store (<c>PostgreSqlTransactionStoreOptions</c>): <c>PaymentCore:PostgreSql</c>.</summary>
    public const string PostgreSql = Root + ":PostgreSql";

    /// <summary>Webhook delivery (<c>WebhookOptions</c>): <c>PaymentCore:Webhooks</c>.</summary>
    public const string Webhooks = Root + ":Webhooks";
}
