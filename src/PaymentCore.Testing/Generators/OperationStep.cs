using PaymentCore.Monetary;

namespace PaymentCore.Testing.Generators;

/// <summary>One generated operation on a payment; the amount is relative, so it fits whatever the payment's state is when it runs.</summary>
/// <param name="Kind">The operation.</param>
/// <param name="Permille">For partial operations, the share of what is left, in thousandths (1 to 1,200: above 1,000 asks for more than is left).</param>
/// <param name="Pick">For replays, which earlier refund key to reuse (modulo how many there are).</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record OperationStep(OperationStepKind Kind, int Permille, int Pick)
{
    /// <summary>Computes the amount of a partial operation: <see cref="Permille"/> of <paramref name="left"/>, at least one minor unit.</summary>
    /// <param name="left">What is left to capture or refund.</param>
    /// <returns>The amount; it exceeds <paramref name="left"/> when <see cref="Permille"/> is above 1,000.</returns>
    public Money Share(Money left)
    {
        var share = (long)(((Int128)left.MinorUnits * Permille) / 1000);
        return Money.FromMinor(Math.Max(1, share), left.Currency);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        OperationStepKind.PartialCapture or OperationStepKind.PartialRefund => $"{Kind}({Permille}‰)",
        OperationStepKind.ReplayRefund => $"{Kind}(#{Pick})",
        _ => Kind.ToString(),
    };
}
