using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using PaymentCore.Audit;
using PaymentCore.StepUp;

namespace PaymentCore.Tests.Docs;

/// <summary>The code of docs/security.md ("Audit trail", "Step-up authentication"), compiled and run.</summary>
public sealed class SecurityDocTests
{
    private const string Page = "docs/security.md";
    private const string Source = "tests/PaymentCore.Tests/Docs/SecurityDocTests.cs";

    [Theory]
    [InlineData("audit-trail")]
    [InlineData("audit-tamper")]
    [InlineData("one-time-code")]
    public void Page_ShowsSnippetVerbatim(string name) => DocSnippets.AssertPageShows(Page, Source, name);

    [Fact]
    public async Task AuditTrail_Snippet_Runs()
    {
        var timeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        // begin-snippet: audit-trail
        // The checkpoint key lives with the application (a secret store), never in the audit database.
        byte[] checkpointKey = RandomNumberGenerator.GetBytes(32);
        var log = new InMemoryAuditLog(); // or SqliteAuditLog / PostgreSqlAuditLog
        var trail = new AuditTrail(
            log,
            new HmacAuditCheckpointSigner("audit-2026-01", checkpointKey),
            timeProvider,
            new AuditTrailOptions { CheckpointEvery = 100 });

        await trail.RecordAsync("ops@example.com", AuditEventTypes.StateChanged, AuditOutcome.Success,
            resource: "transaction/pay-42", origin: "203.0.113.7", detail: "Received -> Authorized");
        await trail.RecordAsync(AuditEvent.SystemActor, AuditEventTypes.OperationRefused, AuditOutcome.Failure,
            resource: "transaction/pay-42", detail: "Capture refused: Captured -> Captured is not allowed");
        AuditCheckpoint? latest = await trail.CheckpointAsync(); // keep a copy outside the store

        AuditVerificationResult result = await trail.VerifyAsync(latest);
        Console.WriteLine(result.Message); // Intact: 2 entries and 1 checkpoint verified.

        AuditPage refusals = await trail.QueryAsync(new AuditQuery
        {
            Resource = "transaction/pay-42",
            EventType = AuditEventTypes.OperationRefused,
        });

        using var export = new MemoryStream();
        long lines = await trail.ExportJsonLinesAsync(export);
        // end-snippet

        Assert.True(result.IsIntact);
        Assert.Equal("Intact: 2 entries and 1 checkpoint verified.", result.Message);
        Assert.Single(refusals.Entries);
        Assert.Equal(2, lines);
    }

    [Fact]
    public async Task AuditTamper_Snippet_Runs()
    {
        var log = new InMemoryAuditLog();
        var signer = new HmacAuditCheckpointSigner("k", new byte[32]);
        var trail = new AuditTrail(log, signer, options: new AuditTrailOptions { CheckpointEvery = 2 });
        for (var i = 0; i < 4; i++)
        {
            await trail.RecordAsync("user-1", AuditEventTypes.StateChanged, AuditOutcome.Success, $"transaction/{i}");
        }

        var entries = await log.ReadAsync(0, 10);
        var copy = new InMemoryCopy(entries, await log.GetCheckpointsAsync());

        // begin-snippet: audit-tamper
        AuditVerificationResult verdict = await new AuditTrail(copy, signer).VerifyAsync();
        if (!verdict.IsIntact)
        {
            // For example: Changed at 2: "Entry 2 was changed: its content no longer hashes to its stored hash."
            Console.WriteLine($"{verdict.Reason} at {verdict.BrokenAt}: {verdict.Message}");
        }
        // end-snippet

        Assert.True(verdict.IsIntact);
        copy.Entries[1] = entries[1] with { Event = new AuditEvent("mallory", AuditEventTypes.StateChanged, entries[1].Event.OccurredAt, AuditOutcome.Success, "transaction/1") };
        verdict = await new AuditTrail(copy, signer).VerifyAsync();
        Assert.Equal(AuditBreakReason.Changed, verdict.Reason);
        Assert.Equal(2, verdict.BrokenAt);
        Assert.Equal("Entry 2 was changed: its content no longer hashes to its stored hash.", verdict.Message);
    }

    [Fact]
    public async Task OneTimeCode_Snippet_Runs()
    {
        var timeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var sms = new InMemoryOneTimeCodeNotifier();
        string typedByPayer = string.Empty;
        var wrongThenRight = new Queue<Func<string>>([() => "000000" == sms.LastCodeFor("pay-42") ? "111111" : "000000", () => sms.LastCodeFor("pay-42")]);
        string PayerTypes() => typedByPayer = wrongThenRight.Dequeue()();

        // begin-snippet: one-time-code
        var authenticator = new OneTimeCodeAuthenticator(
            sms, // your IOneTimeCodeNotifier: SMS, e-mail or push; it is the only place the code exists
            new OneTimeCodeOptions
            {
                HashKey = RandomNumberGenerator.GetBytes(32), // from a secret store, not the database
                CodeLifetime = TimeSpan.FromMinutes(5),
                MaxAttempts = 5,
                ResendInterval = TimeSpan.FromSeconds(30),
            },
            timeProvider);

        // Persist the challenge with the payment: it holds the code's keyed hash, expiry and attempts, never the code.
        StepUpChallenge challenge = await authenticator.BeginAsync(new StepUpRequest("pay-42", "tok_payer_1"));

        StepUpResult result = await authenticator.VerifyAsync(challenge, PayerTypes());
        while (!result.Succeeded && !result.IsFinal)
        {
            Console.WriteLine(result.Advice); // "The code is wrong. Check the latest code we sent you; 4 tries left."
            result = await authenticator.VerifyAsync(result.Challenge, PayerTypes());
        }

        challenge = result.Challenge; // persist again: attempts and status changed
        // end-snippet

        Assert.True(result.Succeeded);
        Assert.Equal(1, challenge.Attempts);
        Assert.Equal(StepUpChallengeStatus.Succeeded, challenge.Status);
        Assert.Equal(sms.LastCodeFor("pay-42"), typedByPayer);
    }

    /// <summary>A copy of a log that the tamper snippet can change.</summary>
    private sealed class InMemoryCopy(IReadOnlyList<AuditEntry> entries, IReadOnlyList<AuditCheckpoint> checkpoints) : IAuditLog
    {
        public List<AuditEntry> Entries { get; } = [.. entries];

        public ValueTask<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<AuditEntry>> AppendManyAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken = default) => new(Entries.LastOrDefault());

        public ValueTask<IReadOnlyList<AuditEntry>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken = default) =>
            new(Entries.Where(e => e.Sequence > afterSequence).Take(limit).ToArray());

        public ValueTask<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<bool> TryAddCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<AuditCheckpoint>> GetCheckpointsAsync(CancellationToken cancellationToken = default) => new(checkpoints);

        public ValueTask<AuditCheckpoint?> GetLatestCheckpointAsync(CancellationToken cancellationToken = default) => new(checkpoints.Count == 0 ? null : checkpoints[^1]);
    }
}
