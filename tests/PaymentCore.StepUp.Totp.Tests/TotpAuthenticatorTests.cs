using System.Text;
using Microsoft.Extensions.Time.Testing;
using OtpNet;
using PaymentCore.StepUp;
using PaymentCore.StepUp.Totp;

namespace PaymentCore.StepUp.Totp.Tests;

public sealed class TotpAuthenticatorTests
{
    // On a 30-second step boundary (1767268800 = 58908960 × 30), so "one step earlier" is exact.
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("12345678901234567890");

    private readonly FakeTimeProvider _time = new(T0);
    private readonly InMemoryTotpSecretStore _secrets = new();

    public TotpAuthenticatorTests() => _secrets.Enrol("tok_payer_1", Secret);

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    public async Task Verify_Rfc6238Sha1Vectors_Accepted(long unixSeconds, string code)
    {
        // RFC 6238 appendix B, SHA-1, 8 digits: an independent check that Otp.NET is wired the standard way.
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
        var authenticator = new TotpAuthenticator(_secrets, new TotpAuthenticatorOptions { Digits = 8 }, time);
        var challenge = await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok_payer_1"));

        var result = await authenticator.VerifyAsync(challenge, code);

        Assert.True(result.Succeeded, result.Advice);
        Assert.Equal(StepUpChallengeStatus.Succeeded, result.Challenge.Status);
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(-2, false)]
    [InlineData(2, false)]
    public async Task Verify_CodeFromStepsAway_OneStepOfDriftAllowed(int steps, bool accepted)
    {
        var authenticator = new TotpAuthenticator(_secrets, timeProvider: _time);
        _time.Advance(TimeSpan.FromSeconds(15));
        var challenge = await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok_payer_1"));

        var result = await authenticator.VerifyAsync(challenge, CodeAt(T0.AddSeconds(15 + (30 * steps))));

        Assert.Equal(accepted ? StepUpVerdict.Succeeded : StepUpVerdict.WrongCode, result.Verdict);
    }

    [Fact]
    public async Task Verify_SameCodeTwice_SecondRefusedAsReused()
    {
        var authenticator = new TotpAuthenticator(_secrets, timeProvider: _time);
        var code = CodeAt(T0);
        var first = await authenticator.VerifyAsync(await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok_payer_1")), code);
        Assert.True(first.Succeeded);

        // A new challenge (another payment), within the same 30 seconds, with the code seen over the payer's shoulder.
        _time.Advance(TimeSpan.FromSeconds(10));
        var second = await authenticator.VerifyAsync(await authenticator.BeginAsync(new StepUpRequest("pay-2", "tok_payer_1")), code);

        Assert.Equal(StepUpVerdict.CodeReused, second.Verdict);
        Assert.Equal(1, second.Challenge.Attempts);
        Assert.Contains("already used", second.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_OlderCodeAfterNewerAccepted_RefusedAsReused()
    {
        var authenticator = new TotpAuthenticator(_secrets, timeProvider: _time);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await authenticator.VerifyAsync(await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok_payer_1")), CodeAt(T0.AddSeconds(30)))).Succeeded);

        var older = await authenticator.VerifyAsync(await authenticator.BeginAsync(new StepUpRequest("pay-2", "tok_payer_1")), CodeAt(T0));
        Assert.Equal(StepUpVerdict.CodeReused, older.Verdict);

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await authenticator.VerifyAsync(older.Challenge, CodeAt(T0.AddSeconds(60)))).Succeeded);
    }

    [Fact]
    public async Task Verify_FiveWrongCodes_FinalRefusalWithAdvice_ThenRightCodeRefused()
    {
        var authenticator = new TotpAuthenticator(_secrets, timeProvider: _time);
        var challenge = await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok_payer_1"));
        var right = CodeAt(T0);
        var wrong = right == "000000" ? "111111" : "000000";

        for (var i = 1; i <= 4; i++)
        {
            var result = await authenticator.VerifyAsync(challenge, wrong);
            Assert.Equal(StepUpVerdict.WrongCode, result.Verdict);
            Assert.Equal(5 - i, result.AttemptsLeft);
            challenge = result.Challenge;
        }

        var last = await authenticator.VerifyAsync(challenge, "12");
        Assert.Equal(StepUpVerdict.AttemptsExhausted, last.Verdict);
        Assert.Contains("declined", last.Advice, StringComparison.Ordinal);
        Assert.Equal(StepUpVerdict.AttemptsExhausted, (await authenticator.VerifyAsync(last.Challenge, right)).Verdict);
    }

    [Fact]
    public async Task Verify_AfterChallengeLifetime_Expired()
    {
        var authenticator = new TotpAuthenticator(_secrets, new TotpAuthenticatorOptions { ChallengeLifetime = TimeSpan.FromMinutes(2) }, _time);
        var challenge = await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok_payer_1"));
        Assert.Null(challenge.CodeHash);
        Assert.Equal(T0.AddMinutes(2), challenge.ExpiresAt);

        _time.Advance(TimeSpan.FromMinutes(2));
        var result = await authenticator.VerifyAsync(challenge, CodeAt(_time.GetUtcNow()));

        Assert.Equal(StepUpVerdict.Expired, result.Verdict);
        Assert.Equal(StepUpChallengeStatus.Expired, result.Challenge.Status);
    }

    [Fact]
    public async Task Begin_NotEnrolled_Refused()
    {
        var authenticator = new TotpAuthenticator(_secrets, timeProvider: _time);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok_unknown")));
        Assert.Contains("not enrolled", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_And_Secrets_OutOfRange_RefusedNamingProperty()
    {
        Assert.Equal("AllowedDriftSteps", Assert.Throws<ArgumentException>(() => new TotpAuthenticator(_secrets, new TotpAuthenticatorOptions { AllowedDriftSteps = 3 })).ParamName);
        Assert.Equal("Step", Assert.Throws<ArgumentException>(() => new TotpAuthenticator(_secrets, new TotpAuthenticatorOptions { Step = TimeSpan.FromSeconds(30.5) })).ParamName);
        Assert.Equal("Digits", Assert.Throws<ArgumentException>(() => new TotpAuthenticator(_secrets, new TotpAuthenticatorOptions { Digits = 4 })).ParamName);
        Assert.Equal("MaxAttempts", Assert.Throws<ArgumentException>(() => new TotpAuthenticator(_secrets, new TotpAuthenticatorOptions { MaxAttempts = 0 })).ParamName);
        Assert.Equal("secret", Assert.Throws<ArgumentException>(() => _secrets.Enrol("x", new byte[15])).ParamName);
    }

    [Fact]
    public async Task SecretStore_AcceptsEachStepOnce_UnderConcurrency()
    {
        var accepted = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () => await _secrets.TryAcceptTimeStepAsync("tok_payer_1", 42))));

        Assert.Equal(1, accepted.Count(a => a));
        Assert.False(await _secrets.TryAcceptTimeStepAsync("tok_payer_1", 41));
        Assert.True(await _secrets.TryAcceptTimeStepAsync("tok_payer_1", 43));
        Assert.False(await _secrets.TryAcceptTimeStepAsync("tok_unknown", 1));
    }

    private static string CodeAt(DateTimeOffset at) => new OtpNet.Totp(Secret).ComputeTotp(at.UtcDateTime);
}
