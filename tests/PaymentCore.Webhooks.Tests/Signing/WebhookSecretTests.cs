using PaymentCore.Webhooks.Signing;

namespace PaymentCore.Webhooks.Tests.Signing;

public sealed class WebhookSecretTests
{
    [Theory]
    [InlineData(24)]
    [InlineData(32)]
    [InlineData(64)]
    public void Generate_ValidSize_RoundTripsThroughReveal(int bytes)
    {
        var secret = WebhookSecret.Generate(bytes);

        var revealed = secret.Reveal();

        Assert.StartsWith("whsec_", revealed, StringComparison.Ordinal);
        Assert.Equal(bytes, Convert.FromBase64String(revealed["whsec_".Length..]).Length);
        Assert.Equal(revealed, WebhookSecret.Parse(revealed).Reveal());
    }

    [Fact]
    public void Generate_TwoSecrets_Differ()
    {
        Assert.NotEqual(WebhookSecret.Generate().Reveal(), WebhookSecret.Generate().Reveal());
    }

    [Theory]
    [InlineData(23)]
    [InlineData(65)]
    [InlineData(0)]
    public void Generate_SizeOutsideSpecification_Refused(int bytes)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => WebhookSecret.Generate(bytes));

        Assert.Equal("byteCount", ex.ParamName);
    }

    [Theory]
    [InlineData("whsec_QUJDREVGR0g=")] // 8 bytes
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_AAAA")] // 3 bytes
    public void Parse_Invalid_RefusedWithoutQuotingTheValue(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => WebhookSecret.Parse(text));

        Assert.Equal("secret", ex.ParamName);
        Assert.DoesNotContain(text["whsec_".Length..], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NeverShowsTheKey()
    {
        var secret = WebhookSecret.Parse(WebhookSignerTests.SpecSecret);

        Assert.Equal("whsec_(24 bytes, redacted)", secret.ToString());
        Assert.DoesNotContain("MfKQ9r8G", $"{secret}", StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_CopiesTheKey()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var secret = WebhookSecret.FromBytes(key);
        var before = secret.Reveal();

        key[0] = 99;

        Assert.Equal(before, secret.Reveal());
    }
}
