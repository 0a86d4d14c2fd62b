using BenchmarkDotNet.Attributes;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Storage;
using PaymentCore.Tests.Storage.Format1;
using PaymentCore.Transactions;

namespace PaymentCore.Benchmarks;

/// <summary>
/// The stores' document codec on a record with a full life (authorized, captured, two refunds, a pending refund,
/// metadata): the System.Text.Json source-generated <see cref="TransactionRecordJson"/> beside the hand-written
/// format-1 codec it replaced (kept in the tests as the compatibility oracle). Goal: no slower, no more allocated.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private TransactionRecord _record = null!;
    private byte[] _document = null!;

    [GlobalSetup]
    public void Setup()
    {
        var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));
        var amount = Money.FromMinor(12_345, Currency.EUR);
        var request = new PaymentRequest
        {
            IdempotencyKey = "order-1",
            MerchantId = "merchant-1",
            Amount = amount,
            Payer = PaymentInstrument.Card("tok_payer_1", "visa", "424242", "4242"),
            Payee = "acct_merchant-1",
            CaptureMode = CaptureMode.Manual,
            Description = "Order 1",
            Metadata = new Dictionary<string, string> { ["order"] = "1", ["channel"] = "web" },
        };
        var record = PaymentStateMachine.Received(TransactionId.For("merchant-1", "order-1"), request, Money.FromMinor(123, Currency.EUR), at);
        record = PaymentStateMachine.Authorize(record, "issuer", "A1", at.AddSeconds(1));
        record = PaymentStateMachine.Capture(record, amount, at.AddSeconds(2));
        record = PaymentStateMachine.Refund(record, Money.FromMinor(100, Currency.EUR), "refund-1", at.AddSeconds(3));
        record = PaymentStateMachine.Refund(record, Money.FromMinor(200, Currency.EUR), "refund-2", at.AddSeconds(4));
        _record = PaymentStateMachine.WithPending(record, new PendingOperation(AuthorizerOperation.Refund, "refund-3", Money.FromMinor(300, Currency.EUR), at.AddSeconds(5), false), at.AddSeconds(5));
        _document = TransactionRecordJson.Serialize(_record);
    }

    [Benchmark(Baseline = true)]
    public byte[] Format1_Serialize() => Format1Codec.Serialize(_record);

    [Benchmark]
    public byte[] Generated_Serialize() => TransactionRecordJson.Serialize(_record);

    [Benchmark]
    public TransactionRecord Format1_Deserialize() => Format1Codec.Deserialize(_document);

    [Benchmark]
    public TransactionRecord Generated_Deserialize() => TransactionRecordJson.Deserialize(_document);
}
