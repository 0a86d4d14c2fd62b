using Microsoft.Extensions.Options;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Notifications;
using PaymentCore.Processing;
using PaymentCore.Storage;
using PaymentCore.Testing.Assertions;
using PaymentCore.Testing.Authorization;
using PaymentCore.Testing.Time;
using PaymentCore.Testing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Processing;

/// <summary>
/// A processor for retry, rollback and recovery tests: a fake clock that jumps to each timer (retry waits finish
/// at once and show on the clock), a scripted route of one or more in-memory issuers, a store whose writes can be
/// made to fail, and options with seeded jitter.
/// </summary>
internal sealed class ReliabilityFixture
{
    /// <param name="authorizers">The route's length.</param>
    /// <param name="configure">Changes the options.</param>
    /// <param name="sale">Which issuers of the route offer the one-step sale (issue 11); none when <see langword="null"/>.</param>
    public ReliabilityFixture(int authorizers = 1, Action<PaymentProcessorOptions>? configure = null, Func<int, bool>? sale = null)
    {
        Issuers = [.. Enumerable.Range(0, authorizers).Select(i => new InMemoryAuthorizer(new InMemoryAuthorizerOptions { Name = "acq-" + (char)('a' + i), SupportsSale = sale?.Invoke(i) == true }))];
        Route = [.. Issuers.Select(i => new ScriptedAuthorizer(i))];
        Options = new PaymentProcessorOptions();
        var jitter = new Random(42);
        foreach (var policy in new[] { Options.Authorize, Options.Capture, Options.Void, Options.Refund })
        {
            policy.Randomizer = jitter.NextDouble;
        }

        configure?.Invoke(Options);
        Processor = NewProcessor();
        Dispatcher = new global::PaymentCore.Outbox.OutboxDispatcher(Store, [Notifier], null, Time);
    }

    /// <summary>Gets the dispatcher that delivers the outbox to <see cref="Notifier"/>.</summary>
    public global::PaymentCore.Outbox.OutboxDispatcher Dispatcher { get; }

    public FastForwardTimeProvider Time { get; } = new();

    public InMemoryAuthorizer[] Issuers { get; }

    public InMemoryAuthorizer Issuer => Issuers[0];

    public ScriptedAuthorizer[] Route { get; }

    public ScriptedAuthorizer Scripted => Route[0];

    public InMemoryTransactionStore Inner { get; } = new();

    public FailingStore Store => _store ??= new FailingStore(Inner);

    public InMemoryNotifier Notifier { get; } = new();

    public PaymentProcessorOptions Options { get; }

    /// <summary>
    /// Gets unkeyed transaction ids: the store here is a wrapper, which the processor takes for a durable one, and
    /// these tests find payments by <see cref="TransactionId.For(string, string)"/>. Keyed ids are tested in TransactionIdSecretTests.
    /// </summary>
    public IOptions<TransactionIdOptions> Ids { get; } = Microsoft.Extensions.Options.Options.Create(new TransactionIdOptions { AllowUnkeyed = true });

    public PaymentProcessor Processor { get; }

    private FailingStore? _store;

    /// <summary>A second processor on the same store and issuers: another instance, or the one started after a crash.</summary>
    public PaymentProcessor NewProcessor() =>
        new([], [.. Route.Cast<IAuthorizer>()], Store, Microsoft.Extensions.Options.Options.Create(Options), Time, transactionIds: Ids);

    public void AssertConsistent()
    {
        foreach (var issuer in Issuers)
        {
            PaymentInvariants.AssertLedgerAgrees(issuer, Inner.Snapshot().Where(r => r.Authorizer is null || r.Authorizer == issuer.Name));
        }
    }
}

/// <summary>A store whose next updates fail, before or after being applied (creates always succeed).</summary>
internal sealed class FailingStore(InMemoryTransactionStore inner) : ITransactionStore
{
    /// <summary>Gets the writes to fail, in order: <see langword="false"/> fails before applying, <see langword="true"/> applies then fails.</summary>
    public Queue<bool> FailWrites { get; } = new();

    /// <summary>Gets or sets whether reads fail.</summary>
    public bool FailReads { get; set; }

    /// <summary>Gets how many creates and updates were asked of the store (failed ones included).</summary>
    public int Writes => _writes;

    private int _writes;

    public ValueTask<CreateResult> TryCreateAsync(TransactionRecord record, PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        return inner.TryCreateAsync(record, paymentEvent, cancellationToken);
    }

    public async ValueTask<bool> TryUpdateAsync(TransactionRecord record, long expectedVersion, PaymentEvent? paymentEvent, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        var fail = FailWrites.TryDequeue(out var applied);
        if (fail && !applied)
        {
            throw new IOException("store down");
        }

        var written = await inner.TryUpdateAsync(record, expectedVersion, paymentEvent, cancellationToken);
        return fail ? throw new IOException("store answer lost") : written;
    }

    public ValueTask<TransactionRecord?> GetAsync(TransactionId id, CancellationToken cancellationToken = default) =>
        FailReads ? throw new IOException("store down") : inner.GetAsync(id, cancellationToken);

    public ValueTask<TransactionRecord?> FindByIdempotencyKeyAsync(string merchantId, string idempotencyKey, CancellationToken cancellationToken = default) => inner.FindByIdempotencyKeyAsync(merchantId, idempotencyKey, cancellationToken);

    public ValueTask<TransactionPage> QueryAsync(TransactionQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public ValueTask<global::PaymentCore.Rules.PayerActivity> GetPayerActivityAsync(string payerToken, Currency currency, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default) => inner.GetPayerActivityAsync(payerToken, currency, from, until, cancellationToken);

    public ValueTask<IReadOnlyList<global::PaymentCore.Outbox.OutboxMessage>> ClaimEventsAsync(int maxCount, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default) => inner.ClaimEventsAsync(maxCount, now, lease, cancellationToken);

    public ValueTask MarkDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default) => inner.MarkDeliveredAsync(eventIds, cancellationToken);

    public ValueTask RecordDeliveryFailureAsync(global::PaymentCore.Outbox.DeliveryFailure failure, CancellationToken cancellationToken = default) => inner.RecordDeliveryFailureAsync(failure, cancellationToken);

    public ValueTask<IReadOnlyList<global::PaymentCore.Outbox.OutboxMessage>> GetDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default) => inner.GetDeadLettersAsync(maxCount, cancellationToken);

    public ValueTask<bool> RedriveAsync(Guid eventId, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.RedriveAsync(eventId, now, cancellationToken);

    public ValueTask<global::PaymentCore.Outbox.OutboxBacklog> GetOutboxBacklogAsync(CancellationToken cancellationToken = default) => inner.GetOutboxBacklogAsync(cancellationToken);

    public ValueTask<IReadOnlyList<TransactionRecord>> GetDueAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default) => inner.GetDueAsync(now, maxCount, cancellationToken);
}
