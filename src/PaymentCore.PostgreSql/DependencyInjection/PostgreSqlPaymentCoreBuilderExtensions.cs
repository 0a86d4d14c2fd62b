using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
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
        var options = builder.Services.AddValidatedOptions<PostgreSqlTransactionStoreOptions, PostgreSqlTransactionStoreOptionsValidator>()
            .Configure(o => o.ConnectionString = connectionString);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return Register(builder);
    }

    /// <summary>
    /// Keeps payments in PostgreSQL configured from <paramref name="section"/>, usually
    /// <c>configuration.GetSection(PaymentCoreSections.PostgreSql)</c> (keys: <c>ConnectionString</c>,
    /// <c>ApplyMigrations</c>; see docs/configuration.md). The options are validated when the container starts, and a
    /// failure names the option. Otherwise as <see cref="UsePostgreSql(PaymentCoreBuilder, string, Action{PostgreSqlTransactionStoreOptions}?)"/>.
    /// </summary>
    /// <param name="builder">The PaymentCore builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static PaymentCoreBuilder UsePostgreSql(this PaymentCoreBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.AddValidatedOptions<PostgreSqlTransactionStoreOptions, PostgreSqlTransactionStoreOptionsValidator>().Bind(section);
        return Register(builder);
    }

    private static PaymentCoreBuilder Register(PaymentCoreBuilder builder)
    {
        // Encryption at rest by default: the key ring of AddPaymentCoreDataProtection, when registered, before validation.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<PostgreSqlTransactionStoreOptions>, PostgreSqlKeyRingDefault>());
        builder.Services.TryAddSingleton(static sp => new PostgreSqlTransactionStore(sp.GetRequiredService<IOptions<PostgreSqlTransactionStoreOptions>>().Value));
        builder.Services.Replace(ServiceDescriptor.Singleton<IBatchTransactionStore>(sp => sp.GetRequiredService<PostgreSqlTransactionStore>()));
        return builder.UseStore(sp => sp.GetRequiredService<PostgreSqlTransactionStore>());
    }

    private sealed class PostgreSqlKeyRingDefault(IServiceProvider services) : IPostConfigureOptions<PostgreSqlTransactionStoreOptions>
    {
        public void PostConfigure(string? name, PostgreSqlTransactionStoreOptions options) =>
            options.Encryption ??= services.GetService<PaymentCore.DataProtection.KeyRing>();
    }
}
