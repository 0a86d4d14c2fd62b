using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.StepUp;

namespace PaymentCore.Tests.StepUp;

public sealed class OneTimeCodeAuthenticatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)(255 - i))];

    private readonly FakeTimeProvider _time = new(T0);
    private readonly InMemoryOneTimeCodeNotifier _notifier = new();

    [Fact]
    public async Task Begin_SendsSixDigitCode_StoresOnlyItsKeyedHash()
    {
        var authenticator = Create();
        var challenge = await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok_payer_1"));

        var message = Assert.Single(_notifier.Sent);
        Assert.Matches("^[0-9]{6}$", message.Code);
        Assert.Equal("pay-1", message.ChallengeId);
        Assert.Equal("tok_payer_1", message.Subject);
        Assert.Equal(T0.AddMinutes(5), message.ExpiresAt);
        Assert.DoesNotContain(message.Code, message.ToString(), StringComparison.Ordinal);

        Assert.Equal(OneTimeCodeAuthenticator.MethodName, challenge.Method);
        Assert.Equal(StepUpChallengeStatus.Pending, challenge.Status);
        Assert.Equal(T0, challenge.IssuedAt);
        Assert.Equal(T0.AddMinutes(5), challenge.ExpiresAt);
        Assert.Equal(0, challenge.Attempts);
        Assert.Equal(5, challenge.MaxAttempts);
        Assert.Equal(1, challenge.Sends);
        Assert.Equal(T0, challenge.LastSentAt);
        Assert.Equal(32, Convert.FromBase64String(challenge.CodeHash!).Length);

        // What a processor persists: the whole state, serialised, holds no trace of the code.
        var persisted = JsonSerializer.Serialize(challenge);
        Assert.DoesNotContain(message.Code, persisted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RightCode_Succeeds_ThenChallengeIsSpent()
    {
        var authenticator = Create();
        var challenge = await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok"));
        var code = _notifier.LastCodeFor("pay-1");

        var result = await authenticator.VerifyAsync(challenge, " " + code + " ");
        Assert.True(result.Succeeded);
        Assert.Null(result.Advice);
        Assert.Equal(StepUpChallengeStatus.Succeeded, result.Challenge.Status);

        // The same code again (a replay) does not succeed a second time.
        var replay = await authenticator.VerifyAsync(result.Challenge, code);
        Assert.Equal(StepUpVerdict.AlreadyCompleted, replay.Verdict);
        Assert.False(replay.Succeeded);
    }

    [Fact]
    public async Task Verify_WrongCodes_CountDown_ThenFinalRefusalWithAdvice()
    {
        var authenticator = Create();
        var challenge = await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok"));
        var code = _notifier.LastCodeFor("pay-1");
        var wrong = Wrong(code);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var result = await authenticator.VerifyAsync(challenge, wrong);
            Assert.Equal(StepUpVerdict.WrongCode, result.Verdict);
            Assert.Equal(5 - attempt, result.AttemptsLeft);
            Assert.False(result.IsFinal);
            Assert.Contains($"{5 - attempt} tries left", result.Advice, StringComparison.Ordinal);
            challenge = result.Challenge;
        }

        var last = await authenticator.VerifyAsync(challenge, "not a code");
        Assert.Equal(StepUpVerdict.AttemptsExhausted, last.Verdict);
        Assert.True(last.IsFinal);
        Assert.Equal(StepUpChallengeStatus.Exhausted, last.Challenge.Status);
        Assert.Contains("declined", last.Advice, StringComparison.Ordinal);
        Assert.Contains("Start the payment again", last.Advice, StringComparison.Ordinal);

        // The right code after the last attempt is refused too.
        var late = await authenticator.VerifyAsync(last.Challenge, code);
        Assert.Equal(StepUpVerdict.AttemptsExhausted, late.Verdict);
        Assert.Equal(5, late.Challenge.Attempts);
    }

    [Fact]
    public async Task Verify_FourthWrongCode_SaysLastTry()
    {
        var authenticator = Create();
        var challenge = await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok"));
        var wrong = Wrong(_notifier.LastCodeFor("pay-1"));
        StepUpResult result = null!;
        for (var i = 0; i < 4; i++)
        {
            result = await authenticator.VerifyAsync(challenge, wrong);
            challenge = result.Challenge;
        }

        Assert.Contains("last try", result.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AtExpiry_Expired_JustBeforeSucceeds()
    {
        var authenticator = Create();
        var challenge = await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok"));
        var code = _notifier.LastCodeFor("pay-1");

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.True((await authenticator.VerifyAsync(challenge, code)).Succeeded);

        _time.Advance(TimeSpan.FromTicks(1));
        var expired = await authenticator.VerifyAsync(challenge, code);
        Assert.Equal(StepUpVerdict.Expired, expired.Verdict);
        Assert.Equal(StepUpChallengeStatus.Expired, expired.Challenge.Status);
        Assert.True(expired.IsFinal);
        Assert.Contains("ran out", expired.Advice, StringComparison.Ordinal);
        Assert.Equal(0, expired.Challenge.Attempts);
    }

    [Fact]
    public async Task Verify_LifetimeOption_Honoured()
    {
        var authenticator = Create(o => o.CodeLifetime = TimeSpan.FromMinutes(1));
        var challenge = await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok"));

        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(StepUpVerdict.Expired, (await authenticator.VerifyAsync(challenge, _notifier.LastCodeFor("pay-1"))).Verdict);
    }

    [Fact]
    public async Task Resend_TooSoon_RefusedWithWait_ThenSendsNewCodeOldOneDead()
    {
        var authenticator = Create();
        var challenge = await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok"));
        var firstCode = _notifier.LastCodeFor("pay-1");

        _time.Advance(TimeSpan.FromSeconds(10));
        var early = await authenticator.ResendAsync(challenge);
        Assert.False(early.Sent);
        Assert.Equal(TimeSpan.FromSeconds(20), early.RetryAfter);
        Assert.Contains("wait 20 seconds", early.Advice, StringComparison.Ordinal);
        Assert.Single(_notifier.Sent);
        Assert.Equal(challenge, early.Challenge);

        _time.Advance(TimeSpan.FromSeconds(20));
        var resent = await authenticator.ResendAsync(challenge);
        Assert.True(resent.Sent);
        Assert.Equal(2, resent.Challenge.Sends);
        Assert.Equal(T0.AddSeconds(30), resent.Challenge.LastSentAt);
        Assert.Equal(T0.AddSeconds(30).AddMinutes(5), resent.Challenge.ExpiresAt);
        var secondCode = _notifier.LastCodeFor("pay-1");
        Assert.Equal(2, _notifier.Sent.Count);

        if (secondCode != firstCode)
        {
            Assert.Equal(StepUpVerdict.WrongCode, (await authenticator.VerifyAsync(resent.Challenge, firstCode)).Verdict);
        }

        Assert.True((await authenticator.VerifyAsync(resent.Challenge, secondCode)).Succeeded);
    }

    [Fact]
    public async Task Resend_KeepsAttempts_AndStopsAtMaxSends()
    {
        var authenticator = Create();
        var challenge = await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok"));
        challenge = (await authenticator.VerifyAsync(challenge, Wrong(_notifier.LastCodeFor("pay-1")))).Challenge;

        for (var i = 0; i < 2; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            var resent = await authenticator.ResendAsync(challenge);
            Assert.True(resent.Sent);
            challenge = resent.Challenge;
            Assert.Equal(1, challenge.Attempts);
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        var refused = await authenticator.ResendAsync(challenge);
        Assert.False(refused.Sent);
        Assert.Equal(TimeSpan.Zero, refused.RetryAfter);
        Assert.Contains("already sent 3 codes", refused.Advice, StringComparison.Ordinal);
        Assert.Equal(3, _notifier.Sent.Count);
    }

    [Fact]
    public async Task Resend_AfterExpiry_RefusedAsExpired()
    {
        var authenticator = Create();
        var challenge = await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok"));

        _time.Advance(TimeSpan.FromMinutes(6));
        var refused = await authenticator.ResendAsync(challenge);
        Assert.False(refused.Sent);
        Assert.Equal(StepUpChallengeStatus.Expired, refused.Challenge.Status);
    }

    [Fact]
    public async Task Hash_BoundToChallenge_SameCodeElsewhereDoesNotMatch()
    {
        var authenticator = Create();
        var a = await authenticator.BeginAsync(new StepUpRequest("pay-a", "tok"));
        var b = await authenticator.BeginAsync(new StepUpRequest("pay-b", "tok"));

        // b's stored hash under a's id: a's code cannot answer b, even if the digits happened to be the same.
        var swapped = b with { Id = "pay-a" };
        var codeA = _notifier.LastCodeFor("pay-a");
        var result = await authenticator.VerifyAsync(swapped, codeA);
        Assert.Equal(codeA == _notifier.LastCodeFor("pay-b") ? StepUpVerdict.Succeeded : StepUpVerdict.WrongCode, result.Verdict);
        Assert.NotEqual(a.CodeHash, b.CodeHash);

        // Another key makes another hash: the hash is keyed, not a plain digest.
        var other = new OneTimeCodeAuthenticator(_notifier, new OneTimeCodeOptions { HashKey = new byte[32] }, _time);
        Assert.Equal(StepUpVerdict.WrongCode, (await other.VerifyAsync(a, codeA)).Verdict);
    }

    [Fact]
    public async Task Codes_AreSpreadOverAllSixDigits()
    {
        // Not a randomness test: a guard against a constant or short code (say, a missing zero pad).
        var authenticator = Create();
        for (var i = 0; i < 200; i++)
        {
            await authenticator.BeginAsync(new StepUpRequest($"pay-{i}", "tok"));
        }

        var codes = _notifier.Sent.Select(m => m.Code).ToList();
        Assert.All(codes, c => Assert.Equal(6, c.Length));
        Assert.True(codes.Distinct().Count() > 190);
        Assert.True(codes.Select(c => c[0]).Distinct().Count() > 5);
    }

    [Fact]
    public async Task Verify_OtherMethodsChallenge_Refused()
    {
        var authenticator = Create();
        var challenge = await authenticator.BeginAsync(new StepUpRequest("pay-1", "tok"));

        var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await authenticator.VerifyAsync(challenge with { Method = "totp" }, "123456"));
        Assert.Equal("challenge", ex.ParamName);
    }

    [Theory]
    [InlineData("HashKey")]
    [InlineData("CodeLifetime")]
    [InlineData("MaxAttempts")]
    [InlineData("ResendInterval")]
    [InlineData("MaxSends")]
    public void Options_OutOfRange_RefusedNamingProperty(string property)
    {
        var options = new OneTimeCodeOptions { HashKey = Key };
        switch (property)
        {
            case "HashKey": options.HashKey = new byte[16]; break;
            case "CodeLifetime": options.CodeLifetime = TimeSpan.FromSeconds(5); break;
            case "MaxAttempts": options.MaxAttempts = 0; break;
            case "ResendInterval": options.ResendInterval = TimeSpan.FromSeconds(-1); break;
            case "MaxSends": options.MaxSends = 11; break;
        }

        var ex = Assert.Throws<ArgumentException>(() => new OneTimeCodeAuthenticator(_notifier, options, _time));
        Assert.Equal(property, ex.ParamName);
    }

    [Fact]
    public async Task Begin_BadRequest_Refused()
    {
        var authenticator = Create();
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await authenticator.BeginAsync(new StepUpRequest(" ", "tok")));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await authenticator.BeginAsync(new StepUpRequest("pay", new string('s', 129))));
        Assert.Empty(_notifier.Sent);
    }

    private static string Wrong(string code) =>
        ((int.Parse(code, CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    private OneTimeCodeAuthenticator Create(Action<OneTimeCodeOptions>? configure = null)
    {
        var options = new OneTimeCodeOptions { HashKey = Key };
        configure?.Invoke(options);
        return new OneTimeCodeAuthenticator(_notifier, options, _time);
    }
}
