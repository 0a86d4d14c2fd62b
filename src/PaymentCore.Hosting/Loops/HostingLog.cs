using Microsoft.Extensions.Logging;

namespace PaymentCore.Hosting.Loops;

/// <summary>The hosting package's log lines, source-generated with stable event ids (docs/observability.md).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "PaymentCore {Loop} loop started; a pass every {Interval}")]
    public static partial void LoopStarted(ILogger logger, string loop, TimeSpan interval);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "PaymentCore {Loop} loop stopped")]
    public static partial void LoopStopped(ILogger logger, string loop);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "PaymentCore {Loop} pass failed ({ExceptionType}), {Failures} in a row; next pass in {Wait}")]
    public static partial void PassFailed(ILogger logger, Exception exception, string loop, string exceptionType, int failures, TimeSpan wait);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "PaymentCore {Loop} loop is disabled by configuration")]
    public static partial void LoopDisabled(ILogger logger, string loop);
}
