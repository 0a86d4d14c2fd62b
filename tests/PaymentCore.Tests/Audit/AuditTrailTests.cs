using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Audit;

namespace PaymentCore.Tests.Audit;

public sealed class AuditTrailTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))];

    [Fact]
    public async Task Record_StampsTimeFromTimeProvider()
    {
        var time = new FakeTimeProvider(T0);
        var trail = new AuditTrail(new InMemoryAuditLog(), new HmacAuditCheckpointSigner("k", Key), time);

        var first = await trail.RecordAsync("user-1", AuditEventTypes.StateChanged, AuditOutcome.Success, "transaction/1");
        time.Advance(TimeSpan.FromSeconds(90));
        var second = await trail.RecordAsync(AuditEvent.SystemActor, AuditEventTypes.RecoveryAction, AuditOutcome.Failure, "transaction/1", "recovery", "timed out");

        Assert.Equal(T0, first.Event.OccurredAt);
        Assert.Equal(T0.AddSeconds(90), second.Event.OccurredAt);
        Assert.Equal("system", second.Event.Actor);
    }

    [Fact]
    public async Task Append_EveryN_SignsCheckpointAtMultiples()
    {
        var log = new InMemoryAuditLog();
        var time = new FakeTimeProvider(T0);
        var trail = new AuditTrail(log, new HmacAuditCheckpointSigner("k", Key), time, new AuditTrailOptions { CheckpointEvery = 3 });
        for (var i = 0; i < 10; i++)
        {
            await trail.RecordAsync("u", "t", AuditOutcome.Success, "r");
        }

        var checkpoints = await log.GetCheckpointsAsync();
        Assert.Equal([1L, 2L, 3L], checkpoints.Select(c => c.Number));
        Assert.Equal([3L, 6L, 9L], checkpoints.Select(c => c.Sequence));
        Assert.All(checkpoints, c => Assert.Equal("k", c.KeyId));
        Assert.All(checkpoints, c => Assert.Equal(T0, c.CreatedAt));
        Assert.Equal((await log.ReadAsync(5, 1))[0].Hash, checkpoints[1].EntryHash);
    }

    [Fact]
    public async Task Checkpoint_EmptyOrCovered_ReturnsNull()
    {
        var log = new InMemoryAuditLog();
        var trail = new AuditTrail(log, new HmacAuditCheckpointSigner("k", Key), new FakeTimeProvider(T0), new AuditTrailOptions { CheckpointEvery = 0 });

        Assert.Null(await trail.CheckpointAsync());
        await trail.RecordAsync("u", "t", AuditOutcome.Success, "r");
        Assert.Empty(await log.GetCheckpointsAsync());
        var checkpoint = await trail.CheckpointAsync();
        Assert.Equal(1, checkpoint!.Sequence);
        Assert.Null(await trail.CheckpointAsync());
    }

    [Fact]
    public async Task Checkpoint_Concurrent_DistinctNumbersAllValid()
    {
        var log = new InMemoryAuditLog();
        var trail = new AuditTrail(log, new HmacAuditCheckpointSigner("k", Key), new FakeTimeProvider(T0), new AuditTrailOptions { CheckpointEvery = 1 });
        await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(async () => await trail.RecordAsync("u", "t", AuditOutcome.Success, $"r/{i}"))));

        var checkpoints = await log.GetCheckpointsAsync();
        Assert.Equal(32, checkpoints.Count);
        Assert.Equal(Enumerable.Range(1, 32).Select(i => (long)i), checkpoints.Select(c => c.Number));
        var result = await trail.VerifyAsync();
        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(32, result.CheckpointsVerified);
    }

    [Fact]
    public async Task Export_JsonLines_OneObjectPerLineRoundTrips()
    {
        var log = new InMemoryAuditLog();
        var trail = new AuditTrail(log, new HmacAuditCheckpointSigner("k", Key), new FakeTimeProvider(T0));
        await trail.RecordAsync("alice", AuditEventTypes.StateChanged, AuditOutcome.Success, "transaction/1", "203.0.113.9", "Received -> Authorized");
        await trail.RecordAsync("bob", AuditEventTypes.OperationRefused, AuditOutcome.Failure, "transaction/2");
        for (var i = 0; i < 1500; i++)
        {
            await trail.RecordAsync("carol", AuditEventTypes.StateChanged, AuditOutcome.Success, "transaction/3");
        }

        using var all = new MemoryStream();
        Assert.Equal(1502, await trail.ExportJsonLinesAsync(all));
        var lines = Encoding.UTF8.GetString(all.ToArray()).Split('\n');
        Assert.Equal(1503, lines.Length);
        Assert.Equal(string.Empty, lines[^1]);
        var entries = await log.ReadAsync(0, 2000);
        Assert.Equal(entries, lines[..^1].Select(AuditJsonLines.Parse));

        using var first = JsonDocument.Parse(lines[0]);
        var root = first.RootElement;
        Assert.Equal(1, root.GetProperty("sequence").GetInt64());
        Assert.Equal("2026-01-01T00:00:00+00:00", root.GetProperty("occurredAt").GetString());
        Assert.Equal("alice", root.GetProperty("actor").GetString());
        Assert.Equal("payment.state_changed", root.GetProperty("eventType").GetString());
        Assert.Equal("success", root.GetProperty("outcome").GetString());
        Assert.Equal("transaction/1", root.GetProperty("resource").GetString());
        Assert.Equal("203.0.113.9", root.GetProperty("origin").GetString());
        Assert.Equal(new string('0', 64), root.GetProperty("previousHash").GetString());
        Assert.Equal(entries[0].Hash.ToString(), root.GetProperty("hash").GetString());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.False(second.RootElement.TryGetProperty("origin", out _));
        Assert.Equal("failure", second.RootElement.GetProperty("outcome").GetString());

        using var bobs = new MemoryStream();
        Assert.Equal(1, await trail.ExportJsonLinesAsync(bobs, new AuditQuery { Actor = "bob" }));
    }

    [Fact]
    public async Task Export_ReadBackAndVerified_OnItsOwn_TamperedLineCaught()
    {
        var log = new InMemoryAuditLog();
        var signer = new HmacAuditCheckpointSigner("k", Key);
        var trail = new AuditTrail(log, signer, new FakeTimeProvider(T0), new AuditTrailOptions { CheckpointEvery = 4 });
        for (var i = 0; i < 9; i++)
        {
            await trail.RecordAsync($"user-{i}", AuditEventTypes.StateChanged, AuditOutcome.Success, $"transaction/{i}");
        }

        var anchor = await trail.CheckpointAsync();
        using var export = new MemoryStream();
        await trail.ExportJsonLinesAsync(export);
        var text = Encoding.UTF8.GetString(export.ToArray());

        // The auditor holds the export and the checkpoint shipped with it, not the database.
        using var intact = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var ok = await AuditVerifier.VerifyAsync(AuditJsonLines.ReadAsync(intact), [], signer, anchor);
        Assert.True(ok.IsIntact, ok.Message);
        Assert.Equal(9, ok.EntriesVerified);
        Assert.Equal(1, ok.CheckpointsVerified);

        using var tampered = new MemoryStream(Encoding.UTF8.GetBytes(text.Replace("\"user-3\"", "\"mallory\"", StringComparison.Ordinal)));
        var caught = await AuditVerifier.VerifyAsync(AuditJsonLines.ReadAsync(tampered), await log.GetCheckpointsAsync(), signer, anchor);
        Assert.Equal(AuditBreakReason.Changed, caught.Reason);
        Assert.Equal(4, caught.BrokenAt);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var cut = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines[..7])));
        var truncated = await AuditVerifier.VerifyAsync(AuditJsonLines.ReadAsync(cut), [], signer, anchor);
        Assert.Equal(AuditBreakReason.Truncated, truncated.Reason);
        Assert.Equal(8, truncated.BrokenAt);
    }

    [Fact]
    public void Parse_NotAnEntry_FormatException()
    {
        Assert.Throws<FormatException>(() => AuditJsonLines.Parse("{"));
        Assert.Throws<FormatException>(() => AuditJsonLines.Parse("{\"sequence\":1}"));
        Assert.Throws<FormatException>(() => AuditJsonLines.Parse("{\"sequence\":1,\"occurredAt\":\"2026-01-01T00:00:00Z\",\"actor\":\"a\",\"eventType\":\"t\",\"outcome\":\"maybe\",\"resource\":\"r\",\"previousHash\":\"" + new string('0', 64) + "\",\"hash\":\"" + new string('0', 64) + "\"}"));
    }

    [Fact]
    public async Task HmacSigner_KeysAndSignatures()
    {
        Assert.Throws<ArgumentException>(() => new HmacAuditCheckpointSigner("k", new byte[31]));
        Assert.Throws<ArgumentException>(() => new HmacAuditCheckpointSigner(" ", Key));
        Assert.Throws<ArgumentException>(() => new HmacAuditCheckpointSigner("k", Key, new Dictionary<string, byte[]> { ["k"] = Key }));

        var retired = new HmacAuditCheckpointSigner("old", Enumerable.Repeat((byte)1, 32).ToArray());
        var current = new HmacAuditCheckpointSigner("new", Key, new Dictionary<string, byte[]> { ["old"] = Enumerable.Repeat((byte)1, 32).ToArray() });
        var data = "checkpoint"u8.ToArray();
        var oldSignature = await retired.SignAsync(data);
        var newSignature = await current.SignAsync(data);

        Assert.Equal(32, newSignature.Length);
        Assert.True(await current.VerifyAsync("old", data, oldSignature));
        Assert.True(await current.VerifyAsync("new", data, newSignature));
        Assert.False(await current.VerifyAsync("new", data, oldSignature));
        Assert.False(await current.VerifyAsync("other", data, newSignature));
        Assert.False(await current.VerifyAsync("new", "checkpoinT"u8.ToArray(), newSignature));
        Assert.False(await retired.VerifyAsync("new", data, newSignature));
    }

    [Fact]
    public void InMemory_AppendWith_AppendsOnlyWhenTheChangeHappened()
    {
        var log = new InMemoryAuditLog();
        var e = new AuditEvent("u", "t", T0, AuditOutcome.Success, "r");

        Assert.Empty(log.AppendWith([e], () => false));
        Assert.Equal(0, log.Count);
        var changed = false;
        var written = log.AppendWith([e, e], () => changed = true);
        Assert.True(changed);
        Assert.Equal([1L, 2L], written.Select(x => x.Sequence));
        Assert.Equal(2, log.Count);
    }
}
