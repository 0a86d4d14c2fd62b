namespace PaymentCore.Webhooks.Signing;

/// <summary>Thrown by <see cref="WebhookVerifier.VerifyOrThrow"/> when a webhook is refused; carries the typed error and its code.</summary>
public sealed class WebhookVerificationException : Exception
{
    /// <summary>Creates the exception from a refused verification.</summary>
    /// <param name="result">The refused result.</param>
    public WebhookVerificationException(WebhookVerificationResult result)
        : base($"{result.Code}: {result.Message}")
    {
        Error = result.Error;
    }

    /// <summary>Gets the typed error.</summary>
    public WebhookVerificationError Error { get; }

    /// <summary>Gets the stable code, such as <c>timestamp_out_of_tolerance</c>.</summary>
    public string Code => WebhookVerificationResult.CodeOf(Error);
}
