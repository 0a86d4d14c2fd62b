using Microsoft.Extensions.DependencyInjection.Extensions;
using PaymentCore.PostgreSql;
using PaymentCore.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Plugs the PostgreSQL store into PaymentCore.</summary>
public static class PostgreSqlPaymentCoreBuilderExtensions
{
    /// <summary>
    /// Keeps payments in PostgreSQL, shared by every instance that points at the same database:
    /// <c>services.AddPaymentCore().UsePostgreSql("Host=db;Database=payments;Username=app")</c>. The store is a
    /// singleton that owns its connection pool, opened (and the schema migrated) when first resolved; it is also
    /// registered as <see cref="PostgreSqlTransactionStore"/> and <see cref="IBatchTransactionStore"/>.
    /// </summary>
    /// <param name="builder">The PaymentCore builder.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="configure">Configures migrations and encryption; optional. Without a key (here or from <c>AddPaymentCoreDataProtection</c>) the store refuses to open unless <see cref="PostgreSqlTransactionStoreOptions.AllowPlaintext"/> is set.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    public static PaymentCoreBuilder UsePostgreSql(this PaymentCoreBuilder builder, string connectionString, Action<PostgreSqlTransactionStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new PostgreSqlTransactionStoreOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        builder.Services.TryAddSingleton(sp =>
        {
            // Encryption at rest by default: the key ring of AddPaymentCoreDataProtection, when registered.
            options.Encryption ??= sp.GetService<PaymentCore.DataProtection.KeyRing>();
            return new PostgreSqlTransactionStore(options);
        });
        builder.Services.Replace(ServiceDescriptor.Singleton<IBatchTransactionStore>(sp => sp.GetRequiredService<PostgreSqlTransactionStore>()));
        return builder.UseStore(sp => sp.GetRequiredService<PostgreSqlTransactionStore>());
    }
}
