using PaymentCore.Storage;
using PaymentCore.Testing.Storage;

namespace PaymentCore.Tests.Storage;

/// <summary>The in-memory store keeps the store contract.</summary>
public sealed class InMemoryTransactionStoreContractTests : TransactionStoreContract
{
    /// <inheritdoc />
    protected override ValueTask<ITransactionStore> CreateStoreAsync() => new(new InMemoryTransactionStore());
}
