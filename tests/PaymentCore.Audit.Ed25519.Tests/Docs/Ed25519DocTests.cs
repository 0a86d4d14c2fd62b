using PaymentCore.Audit;
using PaymentCore.Audit.Ed25519;
using PaymentCore.Tests.Docs;

namespace PaymentCore.Audit.Ed25519.Tests.Docs;

/// <summary>The Ed25519 code of docs/security.md, compiled and run.</summary>
public sealed class Ed25519DocTests
{
    [Fact]
    public void Page_ShowsSnippetVerbatim() =>
        DocSnippets.AssertPageShows("docs/security.md", "tests/PaymentCore.Audit.Ed25519.Tests/Docs/Ed25519DocTests.cs", "ed25519");

    [Fact]
    public async Task Ed25519_Snippet_Runs()
    {
        var log = new InMemoryAuditLog();

        // begin-snippet: ed25519
        // The application signs; save the private key in a secret store, hand the public key to the auditor.
        using var signer = Ed25519CheckpointSigner.Create("audit-ed25519-2026", exportablePrivateKey: true);
        byte[] privateKey = signer.ExportPrivateKey();
        byte[] publicKey = signer.PublicKey;

        var trail = new AuditTrail(log, signer);
        await trail.RecordAsync("ops@example.com", AuditEventTypes.KeyRotated, AuditOutcome.Success, "key/audit-ed25519-2026");
        await trail.CheckpointAsync();

        // The auditor verifies with the public key alone and cannot sign a checkpoint.
        var auditor = new AuditTrail(log, Ed25519CheckpointSigner.ForVerification("audit-ed25519-2026", publicKey));
        AuditVerificationResult result = await auditor.VerifyAsync();
        // end-snippet

        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(1, result.CheckpointsVerified);
        Assert.Equal(32, privateKey.Length);
    }
}
