using PaymentCore.Audit;
using PaymentCore.Testing.Audit;

namespace PaymentCore.Tests.Audit;

/// <summary>The in-memory audit log keeps the audit log contract.</summary>
public sealed class InMemoryAuditLogContractTests : AuditLogContract
{
    protected override ValueTask<IAuditLog> CreateLogAsync() => new(new InMemoryAuditLog());
}
