using System.Net;
using Microsoft.Extensions.Http.Resilience;
using PaymentCore.Webhooks.Addressing;
using Polly;
using Polly.Timeout;

namespace PaymentCore.Webhooks.Delivery;

/// <summary>
/// The HTTP side of one attempt: a primary handler that connects only to addresses the SSRF policy allows and never
/// follows redirects, and a resilience pipeline of short-term retries around a per-attempt timeout.
/// </summary>
internal static class WebhookHttpPipeline
{
    public static SocketsHttpHandler CreatePrimaryHandler(WebhookOptions options)
    {
        var connector = new GuardedConnector(new WebhookAddressPolicy(options.AllowLoopback, options.AllowPrivateNetworks));
        return new SocketsHttpHandler
        {
            // A redirect is a failure (update the URL), and following one would leave the checked address.
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = connector.ConnectAsync,
        };
    }

    public static void ConfigureAttempt(ResiliencePipelineBuilder<HttpResponseMessage> builder, WebhookOptions options)
    {
        var maxRetryAfter = options.MaxShortTermRetryAfter;
        if (options.ShortTermRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.ShortTermRetries,
                Delay = options.ShortTermDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShortTermRetryable(args.Outcome, maxRetryAfter)),
            });
        }

        // Inside the retry, so each attempt gets the whole timeout; it runs on the container's TimeProvider.
        builder.AddTimeout(options.RequestTimeout);
    }

    /// <summary>The short-term retry predicate: transient failures, but not a refused address and not a long Retry-After.</summary>
    public static bool ShortTermRetryable(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter)
    {
        if (outcome.Exception is { } ex)
        {
            return WebhookSender.RefusalOf(ex) is null && ex is HttpRequestException or TimeoutRejectedException;
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status != 429 && status != 408 && status < 500)
        {
            return false;
        }

        // A long Retry-After is the long-term schedule's to honour; waiting for it here would hold the lease. A date
        // form is left to the long-term schedule too: this predicate has no clock to measure it with.
        var retryAfter = response.Headers.RetryAfter;
        return retryAfter is null || (retryAfter.Delta is { } delta && delta <= maxRetryAfter);
    }
}
