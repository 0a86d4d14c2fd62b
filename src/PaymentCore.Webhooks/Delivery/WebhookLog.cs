using Microsoft.Extensions.Logging;

namespace PaymentCore.Webhooks.Delivery;

/// <summary>Source-generated log messages of delivery. None carries a secret, a signature or a body.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Webhook {DeliveryId} attempt {Attempts} failed ({Error}); next attempt at {RetryAt:O}")]
    public static partial void RetryScheduled(ILogger logger, string deliveryId, int attempts, string? error, DateTimeOffset? retryAt);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Webhook {DeliveryId} dead-lettered after {Attempts} attempts ({Error})")]
    public static partial void DeadLettered(ILogger logger, string deliveryId, int attempts, string? error);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} of merchant {MerchantId} disabled: {Reason}")]
    public static partial void EndpointDisabled(ILogger logger, string endpointId, string merchantId, string reason);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "A webhook delivery observer failed")]
    public static partial void ObserverFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Debug, Message = "Webhook {DeliveryId} delivered on attempt {Attempts} ({StatusCode})")]
    public static partial void Delivered(ILogger logger, string deliveryId, int attempts, int? statusCode);
}
