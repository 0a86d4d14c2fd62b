using System.Text;
using PaymentCore.Webhooks.Signing;

namespace PaymentCore.Webhooks.Tests.Signing;

public sealed class WebhookSignerTests
{
    // The Standard Webhooks libraries' own test vector (libraries/python/tests/test_webhooks.py, test_sign_function),
    // confirmed independently here with: printf '%s' 'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}' |
    //   openssl dgst -sha256 -mac HMAC -macopt hexkey:31f290f6bf06298aab4f08d43c3f082cf648a362da2da4b0 -binary | base64
    internal const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    internal const string SpecMessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    internal const long SpecTimestamp = 1614265330;
    internal const string SpecBody = "{\"test\": 2432232314}";
    internal const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void Sign_SpecificationVector_MatchesTheReferenceLibraries()
    {
        var signature = WebhookSigner.Sign(WebhookSecret.Parse(SpecSecret), SpecMessageId, SpecTimestamp, Encoding.UTF8.GetBytes(SpecBody));

        Assert.Equal(SpecSignature, signature);
    }

    [Fact]
    public void Sign_SecretWithoutPrefix_SignsTheSame()
    {
        var signature = WebhookSigner.Sign(WebhookSecret.Parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), SpecMessageId, SpecTimestamp, Encoding.UTF8.GetBytes(SpecBody));

        Assert.Equal(SpecSignature, signature);
    }

    [Fact]
    public void Sign_KeyOfBytes0To31_MatchesOpenSsl()
    {
        // printf '%s' 'evt_1.1700000000.{}' | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102…1f -binary | base64
        var secret = WebhookSecret.FromBytes([.. Enumerable.Range(0, 32).Select(i => (byte)i)]);

        Assert.Equal("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", secret.Reveal());
        Assert.Equal("v1,bXtchBV0Hi1flm60IFUb87JKA3d/Yvv8UoEjbNotegk=", WebhookSigner.Sign(secret, "evt_1", 1700000000, "{}"u8));
    }

    [Fact]
    public void SignatureHeader_TwoSecrets_OneSignaturePerSecretSpaceSeparated()
    {
        var newer = WebhookSecret.FromBytes([.. Enumerable.Range(0, 32).Select(i => (byte)i)]);
        var older = WebhookSecret.Parse(SpecSecret);

        var header = WebhookSigner.SignatureHeader([newer, older], SpecMessageId, SpecTimestamp, Encoding.UTF8.GetBytes(SpecBody));

        var parts = header.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.Equal(WebhookSigner.Sign(newer, SpecMessageId, SpecTimestamp, Encoding.UTF8.GetBytes(SpecBody)), parts[0]);
        Assert.Equal(SpecSignature, parts[1]);
    }

    [Fact]
    public void StripeSignatureHeader_MatchesOpenSslHexOfTimestampDotBody()
    {
        // printf '%s' '1614265330.{"test": 2432232314}' | openssl dgst -sha256 -hmac 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
        var header = WebhookSigner.StripeSignatureHeader([WebhookSecret.Parse(SpecSecret)], SpecTimestamp, Encoding.UTF8.GetBytes(SpecBody));

        Assert.Equal("t=1614265330,v1=2e37df5d4a028c51a7f3133d64ae1e300d2c2c900f1b1d49d4369ad2530f8964", header);
    }

    [Fact]
    public void StripeSignatureHeader_TwoSecrets_TwoV1Entries()
    {
        var header = WebhookSigner.StripeSignatureHeader([WebhookSecret.Generate(), WebhookSecret.Parse(SpecSecret)], SpecTimestamp, Encoding.UTF8.GetBytes(SpecBody));

        Assert.StartsWith("t=1614265330,v1=", header, StringComparison.Ordinal);
        Assert.EndsWith(",v1=2e37df5d4a028c51a7f3133d64ae1e300d2c2c900f1b1d49d4369ad2530f8964", header, StringComparison.Ordinal);
        Assert.Equal(3, header.Split(',').Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("evt.1")]
    public void Sign_IdEmptyOrWithDot_Refused(string id)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => WebhookSigner.Sign(WebhookSecret.Generate(), id, 1, "{}"u8));

        Assert.Equal("messageId", ex.ParamName);
    }

    [Fact]
    public void SignatureHeader_NoSecret_Refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => WebhookSigner.SignatureHeader([], "evt_1", 1, "{}"u8));

        Assert.Equal("secrets", ex.ParamName);
    }

    [Fact]
    public void Sign_OneByteOfBodyChanged_SignatureChanges()
    {
        var secret = WebhookSecret.Parse(SpecSecret);

        Assert.NotEqual(
            WebhookSigner.Sign(secret, SpecMessageId, SpecTimestamp, Encoding.UTF8.GetBytes(SpecBody)),
            WebhookSigner.Sign(secret, SpecMessageId, SpecTimestamp, Encoding.UTF8.GetBytes(SpecBody.Replace(' ', '\t'))));
    }
}
