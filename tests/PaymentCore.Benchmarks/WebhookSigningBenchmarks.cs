using System.Globalization;
using BenchmarkDotNet.Attributes;
using PaymentCore.Webhooks.Signing;

namespace PaymentCore.Benchmarks;

/// <summary>
/// Signing and verifying a 1 KiB webhook body, against a bare HMAC-SHA256 of the same content as the baseline: what
/// the Standard Webhooks framing (id, timestamp, base64, constant-time compare, rotation) costs over the hash itself.
/// </summary>
[MemoryDiagnoser]
public class WebhookSigningBenchmarks
{
    private const string Id = "evt_6c0e2a8f4b3d4e1f9a7b5c3d2e1f0a9b";
    private readonly byte[] _body = new byte[1024];
    private readonly byte[] _content;
    private readonly byte[] _key;
    private readonly WebhookSecret _secret;
    private readonly WebhookSecret _old = WebhookSecret.FromBytes(new byte[32]);
    private readonly WebhookVerifier _verifier;
    private readonly WebhookVerifier _rotatingVerifier;
    private readonly long _timestamp = 1_767_225_600;
    private readonly string _timestampText;
    private readonly string _signature;
    private readonly string _wrongSignature;

    public WebhookSigningBenchmarks()
    {
        new Random(42).NextBytes(_body);
        _key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
        _secret = WebhookSecret.FromBytes(_key);
        _content = [.. System.Text.Encoding.UTF8.GetBytes($"{Id}.{_timestamp}."), .. _body];
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(_timestamp));
        _verifier = new WebhookVerifier(_secret, clock);
        _rotatingVerifier = new WebhookVerifier([_old, _secret], clock);
        _timestampText = _timestamp.ToString(CultureInfo.InvariantCulture);
        _signature = WebhookSigner.Sign(_secret, Id, _timestamp, _body);
        _wrongSignature = WebhookSigner.Sign(WebhookSecret.Generate(), Id, _timestamp, _body);
    }

    [Benchmark(Baseline = true)]
    public byte[] BareHmacSha256() => System.Security.Cryptography.HMACSHA256.HashData(_key, _content);

    [Benchmark]
    public string Sign() => WebhookSigner.Sign(_secret, Id, _timestamp, _body);

    [Benchmark]
    public bool Verify() => _verifier.Verify(Id, _timestampText, _signature, _body).IsValid;

    [Benchmark]
    public bool VerifyWithTwoSecrets() => _rotatingVerifier.Verify(Id, _timestampText, _signature, _body).IsValid;

    [Benchmark]
    public bool VerifyWrongSignature() => _verifier.Verify(Id, _timestampText, _wrongSignature, _body).IsValid;

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
