using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaymentCore.Storage;

namespace PaymentCore.Transactions;

/// <summary>
/// Checks <see cref="TransactionIdOptions"/> when the container starts: a malformed secret, or a durable store
/// without one (unless <see cref="TransactionIdOptions.AllowUnkeyed"/>), fails the start naming the option.
/// </summary>
internal sealed class TransactionIdOptionsValidator(IServiceProvider services) : IValidateOptions<TransactionIdOptions>
{
    public ValidateOptionsResult Validate(string? name, TransactionIdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (_, failure) = TransactionIdDerivation.Resolve(options, services.GetService<ITransactionStore>());
        return failure is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failure);
    }
}
