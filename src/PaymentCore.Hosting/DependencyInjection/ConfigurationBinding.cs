using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Binds options from a section of the container's <see cref="IConfiguration"/> when it has one (every Generic Host
/// and ASP.NET Core app does); without one, the code's own settings and the defaults stand.
/// </summary>
internal sealed class ConfigurationBinding<TOptions>(string section, IServiceProvider services) : IConfigureOptions<TOptions>
    where TOptions : class
{
    public void Configure(TOptions options)
    {
        if (services.GetService(typeof(IConfiguration)) is IConfiguration configuration)
        {
            configuration.GetSection(section).Bind(options);
        }
    }
}
