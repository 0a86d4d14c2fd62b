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
        if (!services.GetServices<IAuthorizer>().Any())
        {
            failures.Add("No authorizer is registered: call AddPaymentCore().AddAuthorizer<TAuthorizer>() (once per authorizer of a failover route), or UseInMemoryDefaults() to try PaymentCore against its simulator.");
        }

        if (services.GetService<ITransactionStore>() is null)
        {
            failures.Add("No transaction store is registered: call AddPaymentCore().UseSqlite(...), .UsePostgreSql(...) or .UseStore<TStore>(), or UseInMemoryDefaults() to keep payments in memory (lost on restart).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
