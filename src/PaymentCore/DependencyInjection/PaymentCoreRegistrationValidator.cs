using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.Processing;
using PaymentCore.Storage;

namespace PaymentCore.DependencyInjection;

/// <summary>
/// Fails the container's start when no authorizer or no store was chosen, naming the calls that choose them:
/// PaymentCore never falls back to the simulator or to memory on its own.
/// </summary>
internal sealed class PaymentCoreRegistrationValidator(IServiceProvider services) : IValidateOptions<PaymentProcessorOptions>
{
    public ValidateOptionsResult Validate(string? name, PaymentProcessorOptions options)
    {
        var failures = new List<string>(2);
        // Ask the container whether they are registered, without making them: start validation must not open a
        // database or a gateway connection (an outage is not a configuration error), nor make an authorizer whose own
        // options then fail a second time (issue 10).
        var registered = services.GetService<IServiceProviderIsService>();
        if (!(registered?.IsService(typeof(IAuthorizer)) ?? services.GetServices<IAuthorizer>().Any()))
        {
            failures.Add("No authorizer is registered: call AddPaymentCore().AddAuthorizer<TAuthorizer>() (once per authorizer of a failover route), or UseInMemoryDefaults() to try PaymentCore against its simulator.");
        }

        if (!(registered?.IsService(typeof(ITransactionStore)) ?? services.GetService<ITransactionStore>() is not null))
        {
            failures.Add("No transaction store is registered: call AddPaymentCore().UseSqlite(...), .UsePostgreSql(...) or .UseStore<TStore>(), or UseInMemoryDefaults() to keep payments in memory (lost on restart).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
