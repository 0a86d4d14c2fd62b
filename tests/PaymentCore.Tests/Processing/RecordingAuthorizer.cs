using System.Collections.Concurrent;
using PaymentCore.Authorization;

namespace PaymentCore.Tests.Processing;

/// <summary>Passes every operation to an inner authorizer and keeps each request it was sent, in order.</summary>
internal sealed class RecordingAuthorizer(IAuthorizer inner) : IAuthorizer
{
    private readonly ConcurrentQueue<AuthorizerRequest> _requests = new();

    public string Name => inner.Name;

    public IReadOnlyList<AuthorizerRequest> Requests => [.. _requests];

    public ValueTask<AuthorizerResult> AuthorizeAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Record(request, inner.AuthorizeAsync(request, cancellationToken));

    public ValueTask<AuthorizerResult> CaptureAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Record(request, inner.CaptureAsync(request, cancellationToken));

    public ValueTask<AuthorizerResult> VoidAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Record(request, inner.VoidAsync(request, cancellationToken));

    public ValueTask<AuthorizerResult> RefundAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Record(request, inner.RefundAsync(request, cancellationToken));

    public ValueTask<AuthorizerResult> QueryAsync(AuthorizerRequest request, CancellationToken cancellationToken = default) => Record(request, inner.QueryAsync(request, cancellationToken));

    private ValueTask<AuthorizerResult> Record(AuthorizerRequest request, ValueTask<AuthorizerResult> answer)
    {
        _requests.Enqueue(request);
        return answer;
    }
}
