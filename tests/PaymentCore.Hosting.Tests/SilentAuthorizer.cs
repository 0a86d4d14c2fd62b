using PaymentCore.Authorization;

namespace PaymentCore.Hosting.Tests;

/// <summary>An issuer that never answers: every call and every status query is an unknown outcome, so the payment stays due for recovery.</summary>
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
