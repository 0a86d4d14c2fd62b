using BenchmarkDotNet.Attributes;
using PaymentCore.Authorization;
using PaymentCore.Resilience;
using Polly.Retry;
using Polly;

namespace PaymentCore.Benchmarks;

/// <summary>
/// The no-fault path of a retry: the first attempt answers. PaymentCore's <see cref="RetryPolicy"/> beside
/// Polly.Core's retry pipeline configured alike (3 attempts, exponential backoff, jitter, retry on transient
/// failure), each with a static callback and its state. Goal: no slower than Polly, zero bytes allocated.
/// </summary>
[MemoryDiagnoser]
public class RetryBenchmarks
{
    private static readonly AuthorizerResult Approved = AuthorizerResult.Approved("A000001");

    private readonly RetryPolicy _policy = RetryPolicy.Exponential(3, TimeSpan.FromMilliseconds(200), 2, TimeSpan.FromSeconds(5), RetryJitter.Full);

    private readonly ResiliencePipeline<AuthorizerResult> _polly = new ResiliencePipelineBuilder<AuthorizerResult>()
        .AddRetry(new RetryStrategyOptions<AuthorizerResult>
        {
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(5),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Result.Outcome == AuthorizerOutcome.TransientFailure),
        })
        .Build();

    [Benchmark(Baseline = true)]
    public ValueTask<AuthorizerResult> NoRetry() => Attempt(Approved, CancellationToken.None);

    [Benchmark]
    public ValueTask<AuthorizerResult> PaymentCoreRetry_Success() =>
        _policy.ExecuteAsync(static (state, ct) => Attempt(state, ct), Approved, TimeProvider.System);

    [Benchmark]
    public ValueTask<AuthorizerResult> PollyRetry_Success() =>
        _polly.ExecuteAsync(static (state, ct) => Attempt(state, ct), Approved, CancellationToken.None);

    private static ValueTask<AuthorizerResult> Attempt(AuthorizerResult state, CancellationToken cancellationToken) => new(state);
}
