using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.StepUp;
using PaymentCore.StepUp.Totp;
using PaymentCore.Tests.Docs;

namespace PaymentCore.StepUp.Totp.Tests.Docs;

/// <summary>The TOTP code of docs/security.md, compiled and run.</summary>
public sealed class TotpDocTests
{
    [Fact]
    public void Page_ShowsSnippetVerbatim() =>
        DocSnippets.AssertPageShows("docs/security.md", "tests/PaymentCore.StepUp.Totp.Tests/Docs/TotpDocTests.cs", "totp");

    [Fact]
    public async Task Totp_Snippet_Runs()
    {
        var timeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        byte[] enrolledSecret = RandomNumberGenerator.GetBytes(20);
        string AppShows() => new OtpNet.Totp(enrolledSecret).ComputeTotp(timeProvider.GetUtcNow().UtcDateTime);
        string typed = AppShows();

        // begin-snippet: totp
        var secrets = new InMemoryTotpSecretStore(); // yours: encrypted secrets, and the last used time step per payer
        secrets.Enrol("tok_payer_1", enrolledSecret);
        var totp = new TotpAuthenticator(secrets, new TotpAuthenticatorOptions { AllowedDriftSteps = 1 }, timeProvider);

        StepUpChallenge challenge = await totp.BeginAsync(new StepUpRequest("pay-43", "tok_payer_1"));
        StepUpResult first = await totp.VerifyAsync(challenge, typed);     // Succeeded
        StepUpResult replay = await totp.VerifyAsync(
            await totp.BeginAsync(new StepUpRequest("pay-44", "tok_payer_1")), typed); // CodeReused
        // end-snippet

        Assert.True(first.Succeeded);
        Assert.Equal(StepUpVerdict.CodeReused, replay.Verdict);
    }
}
