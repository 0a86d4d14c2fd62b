using Microsoft.Extensions.Options;

namespace PaymentCore.Configuration;

/// <summary>
/// The one place an options class's rules live (issue 10): the container runs it at start (<c>ValidateOnStart</c>),
/// and the constructors that take options directly call <see cref="ThrowIfInvalid"/>, so both say the same thing.
/// </summary>
/// <typeparam name="TOptions">The options class.</typeparam>
internal abstract class OptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Check(options).ToResult();
    }

    /// <summary>Throws for the first invalid option, naming it in the message and in <see cref="ArgumentException.ParamName"/>.</summary>
    /// <exception cref="ArgumentException">An option breaks its rule.</exception>
    public void ThrowIfInvalid(TOptions options, string paramName = "options")
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        Check(options).ThrowIfAny(paramName);
    }

    public OptionFailures Check(TOptions options)
    {
        var failures = new OptionFailures(typeof(TOptions).Name);
        Check(options, failures);
        return failures;
    }

    protected abstract void Check(TOptions options, OptionFailures failures);
}
