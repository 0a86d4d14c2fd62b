using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using PaymentCore.Webhooks.Addressing;
using PaymentCore.Webhooks.Delivery;
using Polly;

namespace PaymentCore.Webhooks.Tests.Delivery;

public sealed class WebhookSenderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static HttpResponseMessage Response(int status, RetryConditionHeaderValue? retryAfter = null)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status);
        response.Headers.RetryAfter = retryAfter;
        return response;
    }

    [Fact]
    public void RetryAfterOf_Seconds_TheDelta()
    {
        using var response = Response(503, new RetryConditionHeaderValue(TimeSpan.FromSeconds(90)));

        Assert.Equal(TimeSpan.FromSeconds(90), WebhookSender.RetryAfterOf(response, Now));
    }

    [Fact]
    public void RetryAfterOf_Date_TheTimeUntilIt()
    {
        using var response = Response(503, new RetryConditionHeaderValue(Now.AddMinutes(3)));

        Assert.Equal(TimeSpan.FromMinutes(3), WebhookSender.RetryAfterOf(response, Now));
    }

    [Fact]
    public void RetryAfterOf_DateInThePastOrNone_ZeroOrNull()
    {
        using var past = Response(503, new RetryConditionHeaderValue(Now.AddMinutes(-3)));
        using var none = Response(503);

        Assert.Equal(TimeSpan.Zero, WebhookSender.RetryAfterOf(past, Now));
        Assert.Null(WebhookSender.RetryAfterOf(none, Now));
    }

    [Theory]
    [InlineData(500, null, true)]
    [InlineData(503, 5, true)]
    [InlineData(503, 11, false)] // longer than MaxShortTermRetryAfter: the long-term schedule waits for it
    [InlineData(429, null, true)]
    [InlineData(429, 120, false)]
    [InlineData(408, null, true)]
    [InlineData(410, null, false)]
    [InlineData(400, null, false)]
    [InlineData(302, null, false)]
    [InlineData(200, null, false)]
    public void ShortTermRetryable_Status(int status, int? retryAfterSeconds, bool expected)
    {
        using var response = Response(status, retryAfterSeconds is { } s ? new RetryConditionHeaderValue(TimeSpan.FromSeconds(s)) : null);

        Assert.Equal(expected, WebhookHttpPipeline.ShortTermRetryable(Outcome.FromResult(response), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void ShortTermRetryable_RetryAfterDate_LeftToTheLongTermSchedule()
    {
        using var response = Response(503, new RetryConditionHeaderValue(Now.AddSeconds(1)));

        Assert.False(WebhookHttpPipeline.ShortTermRetryable(Outcome.FromResult(response), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void ShortTermRetryable_Exceptions_TransientYesRefusedNo()
    {
        var refused = new HttpRequestException("refused", new WebhookAddressRefusedException("10.0.0.1", WebhookAddressCategory.Private));

        Assert.True(WebhookHttpPipeline.ShortTermRetryable(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset")), TimeSpan.Zero));
        Assert.True(WebhookHttpPipeline.ShortTermRetryable(Outcome.FromException<HttpResponseMessage>(new Polly.Timeout.TimeoutRejectedException()), TimeSpan.Zero));
        Assert.False(WebhookHttpPipeline.ShortTermRetryable(Outcome.FromException<HttpResponseMessage>(refused), TimeSpan.Zero));
        Assert.False(WebhookHttpPipeline.ShortTermRetryable(Outcome.FromException<HttpResponseMessage>(new InvalidOperationException()), TimeSpan.Zero));
    }

    [Fact]
    public void RefusedException_NamesHostAndCategoryButNoPath()
    {
        var ex = new WebhookAddressRefusedException("metadata.internal", WebhookAddressCategory.LinkLocal);

        Assert.Equal("metadata.internal", ex.Host);
        Assert.Contains("LinkLocal", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AllowPrivateNetworks", ex.Message, StringComparison.Ordinal);
    }
}
