using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PaymentCore.DataProtection;
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
        var options = builder.Services.AddValidatedOptions<SqliteTransactionStoreOptions, SqliteTransactionStoreOptionsValidator>()
            .Configure(o => o.ConnectionString = connectionString);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return Register(builder);
    }

    /// <summary>
    /// Keeps payments in a SQLite file configured from <paramref name="section"/>, usually
    /// <c>configuration.GetSection(PaymentCoreSections.Sqlite)</c> (keys: <c>ConnectionString</c>, <c>Synchronous</c>,
    /// <c>BusyTimeout</c>, <c>AllowPlaintext</c>; see docs/configuration.md). The options are validated when the
    /// container starts, and a failure names the option. Otherwise as <see cref="UseSqlite(PaymentCoreBuilder, string, Action{SqliteTransactionStoreOptions}?)"/>.
    /// </summary>
    /// <param name="builder">The PaymentCore builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static PaymentCoreBuilder UseSqlite(this PaymentCoreBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.AddValidatedOptions<SqliteTransactionStoreOptions, SqliteTransactionStoreOptionsValidator>().Bind(section);
        return Register(builder);
    }

    private static PaymentCoreBuilder Register(PaymentCoreBuilder builder)
    {
        // Encryption at rest by default: the key ring of AddPaymentCoreDataProtection, when registered, before validation.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<SqliteTransactionStoreOptions>, SqliteKeyRingDefault>());
        builder.Services.TryAddSingleton(static sp => new SqliteTransactionStore(sp.GetRequiredService<IOptions<SqliteTransactionStoreOptions>>().Value));
        builder.Services.Replace(ServiceDescriptor.Singleton<IBatchTransactionStore>(sp => sp.GetRequiredService<SqliteTransactionStore>()));
        return builder.UseStore(sp => sp.GetRequiredService<SqliteTransactionStore>());
    }

    private sealed class SqliteKeyRingDefault(IServiceProvider services) : IPostConfigureOptions<SqliteTransactionStoreOptions>
    {
        public void PostConfigure(string? name, SqliteTransactionStoreOptions options) =>
            options.Encryption ??= services.GetService<KeyRing>();
    }
}
