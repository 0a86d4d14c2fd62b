using PaymentCore.Webhooks.Signing;

namespace MyShop.Payments;

public static class ReadmeReceiver
{
    public static string Check(string secretText, string? id, string? timestamp, string? signature, byte[] rawBody)
    {
        var verifier = new WebhookVerifier(WebhookSecret.Parse(secretText));
        var result = verifier.Verify(id, timestamp, signature, rawBody); // the raw bytes, before any JSON parsing
        return result.IsValid ? "ok " + result.MessageId : result.Code; // e.g. no_matching_signature
    }
}
