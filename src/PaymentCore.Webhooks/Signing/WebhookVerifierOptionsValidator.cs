using PaymentCore.Configuration;

namespace PaymentCore.Webhooks.Signing;

/// <summary>The rules of <see cref="WebhookVerifierOptions"/>, checked by <see cref="WebhookVerifier"/>'s constructors (a receiver usually makes the verifier itself).</summary>
internal sealed class WebhookVerifierOptionsValidator : OptionsValidator<WebhookVerifierOptions>
{
    public static WebhookVerifierOptionsValidator Instance { get; } = new();

    protected override void Check(WebhookVerifierOptions options, OptionFailures failures)
    {
        if (options.Tolerance <= TimeSpan.Zero || options.Tolerance > TimeSpan.FromDays(1))
        {
            failures.Add(nameof(WebhookVerifierOptions.Tolerance), $"must be more than 0 and at most 1 day; it is {options.Tolerance}.");
        }
    }
}
