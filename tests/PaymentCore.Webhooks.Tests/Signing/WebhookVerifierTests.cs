using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Webhooks.Signing;

namespace PaymentCore.Webhooks.Tests.Signing;

public sealed class WebhookVerifierTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(WebhookSignerTests.SpecBody);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(WebhookSignerTests.SpecTimestamp));
    private readonly WebhookSecret _secret = WebhookSecret.Parse(WebhookSignerTests.SpecSecret);

    private static string Ts(long seconds) => seconds.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Verify_SpecificationVector_Valid()
    {
        var verifier = new WebhookVerifier(_secret, _time);

        var result = verifier.Verify(WebhookSignerTests.SpecMessageId, Ts(WebhookSignerTests.SpecTimestamp), WebhookSignerTests.SpecSignature, Body);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(WebhookSignerTests.SpecMessageId, result.MessageId);
        Assert.Equal(WebhookSignerTests.SpecTimestamp, result.Timestamp);
        Assert.Equal(string.Empty, result.Code);
    }

    [Theory]
    [InlineData(null, "1614265330", "v1,x", "webhook-id")]
    [InlineData("msg_1", "", "v1,x", "webhook-timestamp")]
    [InlineData("msg_1", "1614265330", null, "webhook-signature")]
    public void Verify_HeaderMissing_MissingHeaderNamingIt(string? id, string? timestamp, string? signature, string header)
    {
        var result = new WebhookVerifier(_secret, _time).Verify(id, timestamp, signature, Body);

        Assert.Equal(WebhookVerificationError.MissingHeader, result.Error);
        Assert.Equal("missing_header", result.Code);
        Assert.Contains(header, result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_TimestampJustOutsideToleranceEitherWay_Refused(int offsetSeconds)
    {
        var verifier = new WebhookVerifier(_secret, _time);
        var ts = WebhookSignerTests.SpecTimestamp + offsetSeconds;
        var signature = WebhookSigner.Sign(_secret, "msg_1", ts, Body);

        var result = verifier.Verify("msg_1", Ts(ts), signature, Body);

        Assert.Equal("timestamp_out_of_tolerance", result.Code);
        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void Verify_TimestampAtToleranceEitherWay_Valid(int offsetSeconds)
    {
        var verifier = new WebhookVerifier(_secret, _time);
        var ts = WebhookSignerTests.SpecTimestamp + offsetSeconds;

        var result = verifier.Verify("msg_1", Ts(ts), WebhookSigner.Sign(_secret, "msg_1", ts, Body), Body);

        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    public void Verify_ClockMovesOnPastTolerance_SameRequestRefused()
    {
        var verifier = new WebhookVerifier(_secret, _time, new WebhookVerifierOptions { Tolerance = TimeSpan.FromSeconds(60) });
        var ts = WebhookSignerTests.SpecTimestamp;
        var signature = WebhookSigner.Sign(_secret, "msg_1", ts, Body);
        Assert.True(verifier.Verify("msg_1", Ts(ts), signature, Body).IsValid);

        _time.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(WebhookVerificationError.TimestampOutOfTolerance, verifier.Verify("msg_1", Ts(ts), signature, Body).Error);
    }

    [Theory]
    [InlineData("16142653.30")]
    [InlineData("-1614265330")]
    [InlineData("abc")]
    [InlineData("99999999999999999999999")]
    public void Verify_TimestampNotUnixSeconds_InvalidHeader(string timestamp)
    {
        var result = new WebhookVerifier(_secret, _time).Verify("msg_1", timestamp, WebhookSignerTests.SpecSignature, Body);

        Assert.Equal("invalid_header", result.Code);
    }

    [Fact]
    public void Verify_WrongSecret_NoMatchingSignatureAndNoSecretInTheMessage()
    {
        var other = WebhookSecret.Generate();
        var verifier = new WebhookVerifier(other, _time);

        var result = verifier.Verify(WebhookSignerTests.SpecMessageId, Ts(WebhookSignerTests.SpecTimestamp), WebhookSignerTests.SpecSignature, Body);

        Assert.Equal("no_matching_signature", result.Code);
        Assert.DoesNotContain(other.Reveal()["whsec_".Length..], result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("g0hM9SsE", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_BodyChangedByOneByte_NoMatchingSignature()
    {
        var tampered = Encoding.UTF8.GetBytes(WebhookSignerTests.SpecBody.Replace("2432232314", "2432232315", StringComparison.Ordinal));

        var result = new WebhookVerifier(_secret, _time).Verify(WebhookSignerTests.SpecMessageId, Ts(WebhookSignerTests.SpecTimestamp), WebhookSignerTests.SpecSignature, tampered);

        Assert.Equal(WebhookVerificationError.NoMatchingSignature, result.Error);
    }

    [Fact]
    public void Verify_IdChanged_NoMatchingSignature()
    {
        var result = new WebhookVerifier(_secret, _time).Verify("msg_other", Ts(WebhookSignerTests.SpecTimestamp), WebhookSignerTests.SpecSignature, Body);

        Assert.Equal(WebhookVerificationError.NoMatchingSignature, result.Error);
    }

    [Fact]
    public void Verify_AnyOfSeveralSignaturesMatches_Valid()
    {
        var header = "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg== v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1,notbase64 "
            + WebhookSignerTests.SpecSignature;

        var result = new WebhookVerifier(_secret, _time).Verify(WebhookSignerTests.SpecMessageId, Ts(WebhookSignerTests.SpecTimestamp), header, Body);

        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    public void Verify_RotationReceiverHoldsOldAndNewSecret_AcceptsSignaturesOfEither()
    {
        var newer = WebhookSecret.Generate();
        var verifier = new WebhookVerifier([newer, _secret], _time);
        var ts = WebhookSignerTests.SpecTimestamp;

        Assert.True(verifier.Verify("msg_1", Ts(ts), WebhookSigner.Sign(newer, "msg_1", ts, Body), Body).IsValid);
        Assert.True(verifier.Verify("msg_1", Ts(ts), WebhookSigner.Sign(_secret, "msg_1", ts, Body), Body).IsValid);
        Assert.False(verifier.Verify("msg_1", Ts(ts), WebhookSigner.Sign(WebhookSecret.Generate(), "msg_1", ts, Body), Body).IsValid);
    }

    [Fact]
    public void Verify_SignatureWithoutVersion_NoMatchingSignature()
    {
        var bare = WebhookSignerTests.SpecSignature["v1,".Length..];

        var result = new WebhookVerifier(_secret, _time).Verify(WebhookSignerTests.SpecMessageId, Ts(WebhookSignerTests.SpecTimestamp), bare, Body);

        Assert.Equal(WebhookVerificationError.NoMatchingSignature, result.Error);
    }

    [Fact]
    public void VerifyOrThrow_Refused_ThrowsTypedExceptionWithCode()
    {
        var ex = Assert.Throws<WebhookVerificationException>(() => new WebhookVerifier(_secret, _time).VerifyOrThrow(null, "1", "v1,x", Body));

        Assert.Equal("missing_header", ex.Code);
        Assert.Equal(WebhookVerificationError.MissingHeader, ex.Error);
        Assert.StartsWith("missing_header: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(86401)]
    public void Constructor_ToleranceOutOfRange_RefusedNamingTheOption(int seconds)
    {
        var ex = Assert.Throws<ArgumentException>(() => new WebhookVerifier(_secret, _time, new WebhookVerifierOptions { Tolerance = TimeSpan.FromSeconds(seconds) }));

        Assert.Contains("Tolerance", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoSecret_Refused()
    {
        Assert.Throws<ArgumentException>(() => new WebhookVerifier(Array.Empty<WebhookSecret>(), _time));
    }

    [Fact]
    public void CodeOf_EveryError_HasADistinctCode()
    {
        var codes = Enum.GetValues<WebhookVerificationError>().Select(WebhookVerificationResult.CodeOf).ToArray();

        Assert.Equal(["", "missing_header", "invalid_header", "timestamp_out_of_tolerance", "no_matching_signature"], codes);
    }
}
