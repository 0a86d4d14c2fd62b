using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Rules;
using PaymentCore.Storage;

namespace PaymentCore.Benchmarks;

/// <summary>
/// One payment through the full in-memory pipeline (validation, three rules, authorize, capture, three stored
/// state changes with their outbox events; delivery is the OutboxDispatcher's, outside the payment path) beside a bare baseline: the same three rules as a
/// plain loop and the record put in a ConcurrentDictionary. Every operation uses a fresh idempotency key, so
/// nothing is a replay; keys and requests are made before the measurement.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const int Ring = 200_000;
    private PaymentRequest[] _requests = [];
    private IPaymentRule[] _rules = [];
    private PaymentProcessor _processor = null!;
    private ConcurrentDictionary<string, BaselineRecord> _baselineStore = new();
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _requests = new PaymentRequest[Ring];
        for (var i = 0; i < Ring; i++)
        {
            _requests[i] = new PaymentRequest
            {
                IdempotencyKey = "order-" + i,
                MerchantId = "merchant-1",
                Amount = Money.FromMinor(1_005 + (i % 100), Currency.USD),
                Payer = TestInstruments.Approves,
                Payee = "acct_merchant_1",
            };
        }

        _rules =
        [
            new AllowedCurrenciesRule(Currency.USD, Currency.EUR),
            AmountLimitRule.Maximum(Money.FromMajor(10_000m, Currency.USD)),
            FeeRule.For(Currency.USD, 0.029m, fixedMinorUnits: 30),
        ];
        Reset();
    }

    [Benchmark(Baseline = true, Description = "Baseline: rules loop + ConcurrentDictionary")]
    public BaselineRecord Baseline()
    {
        var request = NextRequest();
        var context = new RuleContext(DateTimeOffset.UnixEpoch);
        var fee = Money.Zero(request.Amount.Currency);
        foreach (var rule in _rules)
        {
            var outcome = rule.Evaluate(request, context);
            if (!outcome.IsApproved)
            {
                return new BaselineRecord(request.IdempotencyKey, request.Amount, fee, false);
            }

            if (!outcome.Fee.Currency.IsDefault)
            {
                fee += outcome.Fee;
            }
        }

        var record = new BaselineRecord(request.IdempotencyKey, request.Amount, fee, true);
        _baselineStore[request.IdempotencyKey] = record;
        return record;
    }

    [Benchmark(Description = "PaymentProcessor.ProcessAsync, 3 rules, in-memory")]
    public async ValueTask<PaymentResult> Pipeline() => await _processor.ProcessAsync(NextRequest());

    private PaymentRequest NextRequest()
    {
        if (_next == Ring)
        {
            Reset(); // keys must stay fresh; amortized over 200,000 payments
        }

        return _requests[_next++];
    }

    private void Reset()
    {
        _next = 0;
        // The test account is funded for the whole ring, so every payment is approved and captured (it used to run
        // dry after about 95,000 payments and time declines).
        var issuer = new InMemoryAuthorizer();
        issuer.SetBalance(TestInstruments.Approves.Token, Money.FromMajor(1_000_000_000m, Currency.USD));
        _processor = new PaymentProcessor(_rules, issuer, new InMemoryTransactionStore());
        _baselineStore = new ConcurrentDictionary<string, BaselineRecord>();
    }

    /// <summary>The baseline's record.</summary>
    public sealed record BaselineRecord(string Key, Money Amount, Money Fee, bool Approved);
}
