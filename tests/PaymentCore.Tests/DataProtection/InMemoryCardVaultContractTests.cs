using PaymentCore.DataProtection;
using PaymentCore.Testing.DataProtection;

namespace PaymentCore.Tests.DataProtection;

/// <summary>The in-memory vault keeps the vault contract the durable vaults keep.</summary>
public sealed class InMemoryCardVaultContractTests : CardVaultContract
{
    /// <inheritdoc />
    protected override ValueTask<ICardVault> CreateVaultAsync(KeyRing keys) => new(new InMemoryCardVault(keys));
}
