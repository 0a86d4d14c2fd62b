using PaymentCore.Storage;
using PaymentCore.Testing.Audit;

namespace PaymentCore.Tests.Audit;

/// <summary>The in-memory store keeps the audited store contract: changes and their entries under one lock.</summary>
public sealed class InMemoryAuditedStoreContractTests : AuditedStoreContract
{
    /// <inheritdoc />
    protected override ValueTask<IAuditedTransactionStore> CreateStoreAsync() => new(new InMemoryTransactionStore());
}
