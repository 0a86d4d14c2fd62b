using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers an options class with its validator, checked when the container starts (issue 10).</summary>
internal static class ValidatedOptionsExtensions
{
    /// <summary>
    /// <c>AddOptions&lt;TOptions&gt;()</c> with <typeparamref name="TValidator"/> and <c>ValidateOnStart</c>, each once however
    /// often it is called (<c>ValidateOnStart</c> adds a registration every call).
    /// </summary>
    internal static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        var builder = services.AddOptions<TOptions>();
        if (!services.Any(static d => d.ServiceType == typeof(IValidateOptions<TOptions>) && d.ImplementationType == typeof(TValidator)))
        {
            services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
            builder.ValidateOnStart();
        }

        return builder;
    }
}
