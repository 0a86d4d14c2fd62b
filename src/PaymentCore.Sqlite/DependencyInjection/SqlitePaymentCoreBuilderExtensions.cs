using Microsoft.Extensions.DependencyInjection.Extensions;
using PaymentCore.Sqlite;
using PaymentCore.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Plugs the SQLite store into PaymentCore.</summary>
public static class SqlitePaymentCoreBuilderExtensions
{
    /// <summary>
    /// Keeps payments in a SQLite file: <c>services.AddPaymentCore().UseSqlite("Data Source=payments.db")</c>.
    /// The store is a singleton, opened (and the schema migrated) when first resolved; it is also registered as
    /// <see cref="SqliteTransactionStore"/> and <see cref="IBatchTransactionStore"/>.
    /// </summary>
    /// <param name="builder">The PaymentCore builder.</param>
    /// <param name="connectionString">The connection string, such as <c>Data Source=payments.db</c>.</param>
    /// <param name="configure">Configures durability, the busy timeout and encryption; optional. Without a key (here or from <c>AddPaymentCoreDataProtection</c>) the store refuses to open unless <see cref="SqliteTransactionStoreOptions.AllowPlaintext"/> is set.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    public static PaymentCoreBuilder UseSqlite(this PaymentCoreBuilder builder, string connectionString, Action<SqliteTransactionStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new SqliteTransactionStoreOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        builder.Services.TryAddSingleton(sp =>
        {
            // Encryption at rest by default: the key ring of AddPaymentCoreDataProtection, when registered.
            options.Encryption ??= sp.GetService<PaymentCore.DataProtection.KeyRing>();
            return new SqliteTransactionStore(options);
        });
        builder.Services.Replace(ServiceDescriptor.Singleton<IBatchTransactionStore>(sp => sp.GetRequiredService<SqliteTransactionStore>()));
        return builder.UseStore(sp => sp.GetRequiredService<SqliteTransactionStore>());
    }
}
