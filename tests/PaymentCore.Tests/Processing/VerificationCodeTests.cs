using System.Text;
using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.DataProtection;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing.Authorization;
using PaymentCore.Testing.Time;
using PaymentCore.Tests.DataProtection;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Processing;

/// <summary>
/// Issue 12, PCI DSS 3.3.1: the card verification code reaches the authorizer with the authorization and nothing
/// else, and is never stored, logged or put in an event.
/// </summary>
public sealed class VerificationCodeTests
{
    // A code unlikely to appear by chance in the fixed-clock, fixed-secret documents scanned below.
    private const string Code = "9173";
    private static readonly IOptions<TransactionIdOptions> Ids = Options.Create(new TransactionIdOptions { Secret = Convert.ToBase64String(new byte[32]) });

    [Theory]
    [InlineData(CaptureMode.Manual)]
    [InlineData(CaptureMode.Automatic)]
    public async Task ProcessAsync_WithCode_AuthorizerSeesItOnceOnAuthorize_AndNoStoreRecordEventOrLogHoldsIt(CaptureMode mode)
    {
        var (processor, recorder, store, notifier, dispatcher, logger) = Build(issuer => issuer);

        var paid = await processor.ProcessAsync(PaymentFixture.Request(mode: mode), CardVerificationCode.Parse(Code));
        var captured = mode == CaptureMode.Manual ? await processor.CaptureAsync("merchant-1", paid.Id) : paid;
        var replay = await processor.ProcessAsync(PaymentFixture.Request(mode: mode), CardVerificationCode.Parse(Code));
        await dispatcher.DispatchAsync();

        Assert.Equal(PaymentOutcome.Approved, captured.Outcome);
        Assert.True(replay.Replayed);
        var withCode = recorder.Requests.Where(r => r.VerificationCode is not null).ToList();
        Assert.Equal(AuthorizerOperation.Authorize, Assert.Single(withCode).Operation);
        Assert.Equal(Code, withCode[0].VerificationCode!.Reveal());
        Assert.Contains(recorder.Requests, r => r.Operation == AuthorizerOperation.Capture && r.VerificationCode is null);
        Assert.Equal(0, Hits(Surfaces(store, notifier, logger, recorder, paid, captured)));
    }

    [Fact]
    public async Task ProcessAsync_TimeoutThenQuery_TheQueryCarriesNoCode()
    {
        var (processor, recorder, store, notifier, dispatcher, logger) = Build(issuer => new ScriptedAuthorizer(issuer).Then(AuthorizerOperation.Authorize, ScriptStep.TimeoutAfterProcessing));

        var paid = await processor.ProcessAsync(PaymentFixture.Request(mode: CaptureMode.Manual), CardVerificationCode.Parse(Code));
        await dispatcher.DispatchAsync();

        Assert.Equal(PaymentOutcome.Approved, paid.Outcome); // resolved by the status query
        Assert.Contains(recorder.Requests, r => r.Operation == AuthorizerOperation.Authorize && r.VerificationCode is not null);
        Assert.DoesNotContain(recorder.Requests, r => r.VerificationCode is not null && r.Operation != AuthorizerOperation.Authorize);
        Assert.Equal(0, Hits(Surfaces(store, notifier, logger, recorder, paid)));
    }

    [Fact]
    public async Task ProcessAsync_NullCode_ThrowsAndNothingIsStored()
    {
        var (processor, recorder, store, _, _, _) = Build(issuer => issuer);

        await Assert.ThrowsAsync<ArgumentNullException>(() => processor.ProcessAsync(PaymentFixture.Request(), (CardVerificationCode)null!).AsTask());

        Assert.Equal(0, store.Count);
        Assert.Empty(recorder.Requests);
    }

    [Fact]
    public async Task Events_CarryTheMaskedMerchantAndPayer()
    {
        var (processor, _, _, notifier, dispatcher, _) = Build(issuer => issuer);
        var request = PaymentFixture.Request(mode: CaptureMode.Manual);

        var paid = await processor.ProcessAsync(request);
        await dispatcher.DispatchAsync();

        var events = notifier.EventsFor(paid.Id);
        Assert.NotEmpty(events);
        Assert.All(events, e =>
        {
            Assert.Equal(Redaction.Mask(request.MerchantId), e.MerchantId);
            Assert.Equal(Redaction.Mask(request.Payer.Token), e.PayerToken);
            Assert.DoesNotContain(request.MerchantId, e.MerchantId, StringComparison.Ordinal);
            Assert.DoesNotContain(request.Payer.Token, e.PayerToken, StringComparison.Ordinal);
            Assert.Equal(request.MerchantId, e.RoutingMerchantId); // PaymentCore's own webhooks still route by merchant
        });
    }

    [Fact]
    public void Event_MerchantRoute_SurvivesTheStoresJsonForm()
    {
        var record = PaymentStateMachine.Received(TransactionId.For("merchant-1", "order-1"), PaymentFixture.Request(), Money.Zero(Currency.USD), DateTimeOffset.UnixEpoch);
        var paymentEvent = PaymentEvent.For(record);

        var read = TransactionRecordJson.DeserializeEvent(TransactionRecordJson.SerializeEvent(paymentEvent));

        Assert.Equal(paymentEvent, read);
        Assert.Equal("merchant-1", read.RoutingMerchantId);
        Assert.Equal("****nt-1", read.MerchantId);
    }

    [Fact]
    public async Task Dispatch_EventStoredBeforeMasking_ReachesNotifiersMasked()
    {
        var store = new InMemoryTransactionStore();
        var notifier = new InMemoryNotifier();
        var record = PaymentStateMachine.Received(TransactionId.For("merchant-1", "order-1"), PaymentFixture.Request(), Money.Zero(Currency.USD), DateTimeOffset.UnixEpoch);
        var old = PaymentEvent.For(record) with { MerchantId = "merchant-1", PayerToken = record.Request.Payer.Token, MerchantRoute = null };
        await store.TryCreateAsync(record, old);

        await new Outbox.OutboxDispatcher(store, [notifier], null, new FastForwardTimeProvider()).DispatchAsync();

        var delivered = Assert.Single(notifier.DistinctEvents());
        Assert.Equal(("****nt-1", Redaction.Mask(record.Request.Payer.Token), "merchant-1"), (delivered.MerchantId, delivered.PayerToken, delivered.RoutingMerchantId));
    }

    private static (PaymentProcessor Processor, RecordingAuthorizer Recorder, InMemoryTransactionStore Store, InMemoryNotifier Notifier, Outbox.OutboxDispatcher Dispatcher, RedactionTests.CapturingLogger Logger) Build(Func<InMemoryAuthorizer, IAuthorizer> wrap)
    {
        var time = new FastForwardTimeProvider();
        var store = new InMemoryTransactionStore();
        var notifier = new InMemoryNotifier();
        var logger = new RedactionTests.CapturingLogger();
        var recorder = new RecordingAuthorizer(wrap(new InMemoryAuthorizer()));
        var processor = new PaymentProcessor([], recorder, store, null, time, logger, Ids);
        return (processor, recorder, store, notifier, new Outbox.OutboxDispatcher(store, [notifier], null, time), logger);
    }

    private static List<string> Surfaces(InMemoryTransactionStore store, InMemoryNotifier notifier, RedactionTests.CapturingLogger logger, RecordingAuthorizer recorder, params PaymentResult[] results)
    {
        var surfaces = new List<string>();
        foreach (var record in store.Snapshot())
        {
            surfaces.Add(Encoding.UTF8.GetString(TransactionRecordJson.Serialize(record)));
            surfaces.Add(record.ToString());
        }

        foreach (var paymentEvent in notifier.DistinctEvents())
        {
            surfaces.Add(Encoding.UTF8.GetString(TransactionRecordJson.SerializeEvent(paymentEvent)));
            surfaces.Add(paymentEvent.ToString());
        }

        surfaces.AddRange(logger.Lines);
        surfaces.AddRange(results.Select(r => r.ToString()));
        surfaces.AddRange(recorder.Requests.Select(r => r.ToString())); // an adapter that logs its requests
        Assert.True(surfaces.Count > 4, "nothing to scan");
        return surfaces;
    }

    private static int Hits(List<string> surfaces) => surfaces.Count(s => s.Contains(Code, StringComparison.Ordinal));
}
