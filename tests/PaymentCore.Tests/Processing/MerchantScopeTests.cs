using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Processing;

/// <summary>
/// Issue 12, merchant scoping: an operation that names another merchant than the one that took the payment is
/// told "not found", exactly as for an unknown id, and changes nothing: the record is as it was and the
/// authorizer is not called.
/// </summary>
public sealed class MerchantScopeTests
{
    private const string Other = "merchant-2";

    public static TheoryData<string> Operations => ["capture", "void", "refund"];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_OtherMerchant_ThrowsNotFoundLikeAnUnknownIdAndChangesNothing(string operation)
    {
        var (f, recorder, paid) = await PaidAsync(operation == "refund" ? CaptureMode.Automatic : CaptureMode.Manual);
        var before = await f.Store.GetAsync(paid.Id);
        var calls = recorder.Requests.Count;

        var ex = await Assert.ThrowsAsync<TransactionNotFoundException>(() => Run(f.Processor, operation, Other, paid.Id).AsTask());

        Assert.Equal(paid.Id, ex.TransactionId);
        Assert.Equal(new TransactionNotFoundException(paid.Id).Message, ex.Message); // no hint that the id exists
        Assert.Equal(before, await f.Store.GetAsync(paid.Id));
        Assert.Equal(calls, recorder.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_UnknownId_ThrowsTheSameMessageShape(string operation)
    {
        var (f, recorder, paid) = await PaidAsync(CaptureMode.Manual);
        var unknown = new TransactionId(Guid.Parse("0f0e0d0c-0b0a-0908-0706-050403020100"));
        var calls = recorder.Requests.Count;

        var ex = await Assert.ThrowsAsync<TransactionNotFoundException>(() => Run(f.Processor, operation, "merchant-1", unknown).AsTask());
        var scoped = await Assert.ThrowsAsync<TransactionNotFoundException>(() => Run(f.Processor, operation, Other, paid.Id).AsTask());

        Assert.Equal(ex.Message.Replace(unknown.ToString(), "{id}", StringComparison.Ordinal), scoped.Message.Replace(paid.Id.ToString(), "{id}", StringComparison.Ordinal));
        Assert.Equal(calls, recorder.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_OwnMerchant_IsDone(string operation)
    {
        var (f, _, paid) = await PaidAsync(operation == "refund" ? CaptureMode.Automatic : CaptureMode.Manual);

        var result = await Run(f.Processor, operation, "merchant-1", paid.Id);

        Assert.Equal(PaymentOutcome.Approved, result.Outcome);
    }

    [Fact]
    public async Task GetAsync_OtherMerchant_ReturnsNullAndOwnMerchantTheRecord()
    {
        var (f, _, paid) = await PaidAsync(CaptureMode.Manual);

        Assert.Null(await f.Processor.GetAsync(Other, paid.Id));
        Assert.Null(await f.Processor.GetAsync(string.Empty, paid.Id));
        Assert.Equal(paid.Transaction, await f.Processor.GetAsync("merchant-1", paid.Id));
    }

    [Fact]
    public async Task GetByIdempotencyKeyAsync_FindsOnlyTheMerchantsOwnPayment()
    {
        var (f, _, paid) = await PaidAsync(CaptureMode.Manual);

        Assert.Equal(paid.Transaction, await f.Processor.GetByIdempotencyKeyAsync("merchant-1", "order-1"));
        Assert.Null(await f.Processor.GetByIdempotencyKeyAsync(Other, "order-1"));
        Assert.Null(await f.Processor.GetByIdempotencyKeyAsync("merchant-1", "order-2"));
    }

    [Fact]
    public async Task Operations_NullMerchant_ThrowArgumentNullAndChangeNothing()
    {
        var (f, recorder, paid) = await PaidAsync(CaptureMode.Manual);
        var calls = recorder.Requests.Count;

        foreach (var operation in new[] { "capture", "void", "refund" })
        {
            var ex = await Assert.ThrowsAsync<ArgumentNullException>(() => Run(f.Processor, operation, null!, paid.Id).AsTask());
            Assert.Equal("merchantId", ex.ParamName);
        }

        await Assert.ThrowsAsync<ArgumentNullException>(() => f.Processor.GetAsync(null!, paid.Id).AsTask());
        Assert.Equal(paid.Transaction, await f.Store.GetAsync(paid.Id));
        Assert.Equal(calls, recorder.Requests.Count);
    }

    private static ValueTask<PaymentResult> Run(PaymentProcessor processor, string operation, string merchantId, TransactionId id) => operation switch
    {
        "capture" => processor.CaptureAsync(merchantId, id),
        "void" => processor.VoidAsync(merchantId, id),
        _ => processor.RefundAsync(merchantId, id, Money.FromMajor(1m, Currency.USD), "refund-1"),
    };

    private static async Task<(PaymentFixture Fixture, RecordingAuthorizer Recorder, PaymentResult Paid)> PaidAsync(CaptureMode mode)
    {
        RecordingAuthorizer? recorder = null;
        var f = new PaymentFixture(wrap: issuer => recorder = new RecordingAuthorizer(issuer));
        var paid = await f.Processor.ProcessAsync(PaymentFixture.Request(mode: mode));
        Assert.Equal(PaymentOutcome.Approved, paid.Outcome);
        return (f, recorder!, paid);
    }
}
