using System.Runtime.CompilerServices;
using PaymentCore.Batch;
using PaymentCore.Monetary;

namespace PaymentCore.StoreChild;

/// <summary>
/// The batch of the multi-instance proof, made from its size alone so every worker process (and the test) has the
/// same items without a file: amounts vary, one item in five is in GBP, the rest in EUR.
/// </summary>
public sealed class SharedBatch(long count) : IBatchSource
{
    /// <summary>The merchant.</summary>
    public const string MerchantId = "payroll-co";

    /// <summary>The batch id.</summary>
    public const string BatchId = "SHARED-1";

    /// <summary>Gets the header, with the declared count and control sum of the items.</summary>
    public BatchHeader Header => new()
    {
        BatchId = BatchId,
        MerchantId = MerchantId,
        DebtorAccount = "DE89370400440532013000",
        DeclaredNumberOfTransactions = count,
        DeclaredControlSum = Enumerable.Range(1, (int)count).Sum(i => Item(i).ControlAmount),
    };

    /// <summary>Makes item <paramref name="i"/> (from 1).</summary>
    /// <param name="i">The position.</param>
    /// <returns>The item.</returns>
    public static BatchItem Item(long i) => new()
    {
        EndToEndId = $"E2E-{i:D6}",
        Amount = Money.FromMinor(100 + (i * 7919 % 50_000), i % 5 == 0 ? Currency.GBP : Currency.EUR),
        CreditorName = "Employee " + i,
        CreditorAccount = "FR1420041010050500013M02606",
    };

    /// <inheritdoc />
    public async IAsyncEnumerable<BatchItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (long i = 1; i <= count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Item(i);
        }

        await Task.CompletedTask;
    }
}
