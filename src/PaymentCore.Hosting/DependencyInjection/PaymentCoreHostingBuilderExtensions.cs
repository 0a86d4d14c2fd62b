using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PaymentCore.Hosting.Loops;
using PaymentCore.Outbox;
using PaymentCore.Processing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs PaymentCore's background work in a Generic Host or ASP.NET Core app.</summary>
public static class PaymentCoreHostingBuilderExtensions
{
    /// <summary>
    /// Registers two hosted services: the outbox loop (<see cref="OutboxDispatcher.DispatchAsync"/> every
    /// <see cref="OutboxLoopOptions.Interval"/>) and the recovery loop (<see cref="PaymentProcessor.RecoverAsync"/>
    /// every <see cref="RecoveryLoopOptions.Interval"/>). Their settings are bound from the configuration sections
    /// <c>PaymentCore:Hosting:Outbox</c> (also <see cref="OutboxOptions"/>: batch size, lease, attempts) and
    /// <c>PaymentCore:Hosting:Recovery</c>, then from code (<c>services.Configure&lt;OutboxLoopOptions&gt;(…)</c>),
    /// and validated when the host starts. Both stop with the host, back off after a failing pass without stopping
    /// it, and are safe in several instances on one store. Calling this twice registers nothing twice.
    /// </summary>
    /// <param name="builder">The PaymentCore builder.</param>
    /// <returns>The builder.</returns>
    public static PaymentCoreBuilder AddHostedServices(this PaymentCoreBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(static d => d.ServiceType == typeof(HostedServicesMarker)))
        {
            return builder; // ValidateOnStart and the hosted services add themselves again on every call
        }

        services.AddSingleton<HostedServicesMarker>();

        // Configuration first, so code registered after it (Configure<T>) wins; validation once, at start.
        services.AddSingleton<IConfigureOptions<OutboxLoopOptions>>(static sp => new ConfigurationBinding<OutboxLoopOptions>(OutboxLoopOptions.SectionName, sp));
        services.AddSingleton<IConfigureOptions<OutboxOptions>>(static sp => new ConfigurationBinding<OutboxOptions>(OutboxLoopOptions.SectionName, sp));
        services.AddSingleton<IConfigureOptions<RecoveryLoopOptions>>(static sp => new ConfigurationBinding<RecoveryLoopOptions>(RecoveryLoopOptions.SectionName, sp));
        services.AddOptions<OutboxLoopOptions>().ValidateOnStart();
        services.AddOptions<RecoveryLoopOptions>().ValidateOnStart();
        services.AddOptions<OutboxOptions>().ValidateOnStart();
        services.AddOptions<PaymentProcessorOptions>()
            .Configure<IOptions<RecoveryLoopOptions>>(static (processor, loop) =>
            {
                if (loop.Value.BatchSize is { } size)
                {
                    processor.RecoveryBatchSize = size;
                }
            });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboxLoopOptions>, LoopOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RecoveryLoopOptions>, LoopOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IHostedService>(static sp => ActivatorUtilities.CreateInstance<OutboxDispatcherService>(sp));
        services.AddSingleton<IHostedService>(static sp => ActivatorUtilities.CreateInstance<RecoveryService>(sp));
        return builder;
    }

    /// <summary>Says the hosted services are registered.</summary>
    private sealed class HostedServicesMarker;
}
