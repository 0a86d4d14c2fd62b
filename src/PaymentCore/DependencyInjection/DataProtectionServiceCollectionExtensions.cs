using Microsoft.Extensions.DependencyInjection.Extensions;
using PaymentCore.DataProtection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers PaymentCore's data protection: key provider, key ring, field encryption, blind index and card vault.</summary>
public static class DataProtectionServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IKeyProvider"/> (default <see cref="ConfiguredKeyProvider"/>: options, then the
    /// <c>PAYMENTCORE_DATA_KEYS</c> environment variable), <see cref="KeyRing"/>, <see cref="FieldEncryptor"/>,
    /// <see cref="BlindIndex"/> and <see cref="InMemoryCardVault"/> as <see cref="ICardVault"/> and
    /// <see cref="ICardDetokenizer"/>. Your own registrations win (a KMS-backed <see cref="IKeyProvider"/>, a durable
    /// vault). Calling this twice registers nothing twice.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the keys.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddPaymentCoreDataProtection(this IServiceCollection services, Action<DataProtectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddValidatedOptions<DataProtectionOptions, DataProtectionOptionsValidator>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<IKeyProvider, ConfiguredKeyProvider>();
        services.TryAddSingleton(static sp => KeyRing.Create(sp.GetRequiredService<IKeyProvider>()));
        services.TryAddSingleton(static sp => new FieldEncryptor(sp.GetRequiredService<KeyRing>()));
        services.TryAddSingleton(static sp => new BlindIndex(sp.GetRequiredService<KeyRing>()));
        services.TryAddSingleton(static sp => new InMemoryCardVault(sp.GetRequiredService<KeyRing>()));
        services.TryAddSingleton<ICardVault>(static sp => sp.GetRequiredService<InMemoryCardVault>());
        services.TryAddSingleton<ICardDetokenizer>(static sp => sp.GetRequiredService<InMemoryCardVault>());
        return services;
    }
}
