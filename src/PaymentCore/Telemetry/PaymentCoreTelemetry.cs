namespace PaymentCore.Telemetry;

/// <summary>
/// The names under which PaymentCore publishes its metrics and traces, for <c>AddMeter</c> and <c>AddSource</c>
/// (OpenTelemetry) or a <see cref="System.Diagnostics.Metrics.MeterListener"/>. The instruments, their units and
/// tags are listed in docs/observability.md.
/// </summary>
/// <remarks>Thread-safe: constants only.</remarks>
public static class PaymentCoreTelemetry
{
    /// <summary>The name of PaymentCore's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "PaymentCore";

    /// <summary>The name of PaymentCore's <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "PaymentCore";
}
