using Microsoft.Extensions.Time.Testing;
using PaymentCore.Audit;
using PaymentCore.Audit.Ed25519;

namespace PaymentCore.Audit.Ed25519.Tests;

public sealed class Ed25519CheckpointSignerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sign_Rfc8032TestVector1_ExactSignature()
    {
        // RFC 8032 section 7.1, TEST 1: the empty message.
        using var signer = Ed25519CheckpointSigner.FromPrivateKey("rfc", Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(signer.PublicKey));
        Assert.Equal(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            Convert.ToHexStringLower(await signer.SignAsync(ReadOnlyMemory<byte>.Empty)));
    }

    [Fact]
    public async Task Trail_SignedWithEd25519_VerifiesWithPublicKeyAlone()
    {
        var log = new InMemoryAuditLog();
        using var signer = Ed25519CheckpointSigner.Create("audit-ed-1");
        var trail = new AuditTrail(log, signer, new FakeTimeProvider(T0), new AuditTrailOptions { CheckpointEvery = 2 });
        for (var i = 0; i < 5; i++)
        {
            await trail.RecordAsync("user-1", AuditEventTypes.StateChanged, AuditOutcome.Success, $"transaction/{i}");
        }

        var auditor = Ed25519CheckpointSigner.ForVerification("audit-ed-1", signer.PublicKey);
        var result = await new AuditTrail(log, auditor).VerifyAsync();

        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(2, result.CheckpointsVerified);
        Assert.Equal(64, (await log.GetCheckpointsAsync())[0].Signature.Length);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await auditor.SignAsync(new byte[] { 1 }));
        Assert.Throws<InvalidOperationException>(() => auditor.ExportPrivateKey());
    }

    [Fact]
    public async Task Verify_CheckpointSignedByOtherKeyOrAltered_Refused()
    {
        var log = new InMemoryAuditLog();
        using var real = Ed25519CheckpointSigner.Create("audit-ed-1");
        using var impostor = Ed25519CheckpointSigner.Create("audit-ed-1");
        await new AuditTrail(log, impostor, new FakeTimeProvider(T0), new AuditTrailOptions { CheckpointEvery = 3 }).RecordAsync("u", "t", AuditOutcome.Success, "r");
        await log.AppendAsync(new AuditEvent("u", "t", T0, AuditOutcome.Success, "r"));
        var entry3 = await log.AppendAsync(new AuditEvent("u", "t", T0, AuditOutcome.Success, "r"));
        var data = AuditCheckpoint.GetSignedBytes(1, 3, entry3.Hash, T0, "audit-ed-1");
        await log.TryAddCheckpointAsync(new AuditCheckpoint(1, 3, entry3.Hash, T0, "audit-ed-1", await impostor.SignAsync(data)));

        var result = await new AuditTrail(log, real).VerifyAsync();

        Assert.Equal(AuditBreakReason.BadCheckpointSignature, result.Reason);
        Assert.Equal(3, result.BrokenAt);
        Assert.True(await impostor.VerifyAsync("audit-ed-1", data, await impostor.SignAsync(data)));
        Assert.False(await real.VerifyAsync("audit-ed-1", data, await impostor.SignAsync(data)));
        var signature = await real.SignAsync(data);
        data[^1] ^= 1;
        Assert.False(await real.VerifyAsync("audit-ed-1", data, signature));
        Assert.False(await real.VerifyAsync("other-key", data, signature));
    }

    [Fact]
    public async Task Keys_ExportReimportAndRotate()
    {
        using var original = Ed25519CheckpointSigner.Create("2026-01", exportablePrivateKey: true);
        var privateKey = original.ExportPrivateKey();
        Assert.Equal(32, privateKey.Length);
        using var restored = Ed25519CheckpointSigner.FromPrivateKey("2026-01", privateKey);
        Assert.Equal(original.PublicKey, restored.PublicKey);

        var data = new byte[] { 1, 2, 3 };
        var oldSignature = await original.SignAsync(data);
        using var rotated = Ed25519CheckpointSigner.Create("2026-02");
        var verifier = Ed25519CheckpointSigner.ForVerification("2026-02", rotated.PublicKey, new Dictionary<string, byte[]> { ["2026-01"] = original.PublicKey });

        Assert.True(await verifier.VerifyAsync("2026-01", data, oldSignature));
        Assert.True(await verifier.VerifyAsync("2026-02", data, await rotated.SignAsync(data)));
        Assert.Throws<ArgumentException>(() => Ed25519CheckpointSigner.FromPrivateKey("k", new byte[5]));
        Assert.Throws<ArgumentException>(() => Ed25519CheckpointSigner.ForVerification("k", new byte[31]));
        Assert.Throws<ArgumentException>(() => Ed25519CheckpointSigner.ForVerification("k", rotated.PublicKey, new Dictionary<string, byte[]> { ["k"] = rotated.PublicKey }));
    }
}
