using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;

namespace PaymentCore.Tests.Telemetry;

/// <summary>A meter factory of its own per test (so parallel tests never see each other's measurements) and requests.</summary>
internal sealed class TelemetryHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _provider;

    public TelemetryHarness()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        _provider = services.BuildServiceProvider();
        MeterFactory = _provider.GetRequiredService<IMeterFactory>();
    }

    public IMeterFactory MeterFactory { get; }

    public static PaymentRequest Request(string key, PaymentInstrument? payer = null, Currency? currency = null, CaptureMode mode = CaptureMode.Automatic) => new()
    {
        IdempotencyKey = key,
        MerchantId = "coffee-shop",
        Amount = Money.FromMajor(10.05m, currency ?? Currency.USD),
        Payer = payer ?? TestInstruments.Approves,
        Payee = "acct_coffee_shop",
        CaptureMode = mode,
    };

    public void Dispose() => _provider.Dispose();

    /// <summary>An authorizer whose every call takes <paramref name="step"/> on the fake clock: durations are exact.</summary>
    internal sealed class SlowAuthorizer(FakeTimeProvider time, TimeSpan step) : IAuthorizer
    {
        private readonly InMemoryAuthorizer _inner = new();

        public string Name => "slow-issuer";

        public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Take(_inner.AuthorizeAsync(request, cancellationToken));

        public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Take(_inner.CaptureAsync(request, cancellationToken));

        public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Take(_inner.VoidAsync(request, cancellationToken));

        public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Take(_inner.RefundAsync(request, cancellationToken));

        public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => _inner.QueryAsync(request, cancellationToken);

        private ValueTask<AuthorizerResult> Take(ValueTask<AuthorizerResult> result)
        {
            time.Advance(step);
            return result;
        }
    }

    /// <summary>An issuer that never answers: calls and queries are unknown outcomes.</summary>
    internal sealed class SilentAuthorizer : IAuthorizer
    {
        public string Name => "silent";

        public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Unknown();

        public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Unknown();

        public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Unknown();

        public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Unknown();

        public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Unknown();

        private static ValueTask<AuthorizerResult> Unknown() => ValueTask.FromResult(AuthorizerResult.Unknown("no_answer"));
    }
}
