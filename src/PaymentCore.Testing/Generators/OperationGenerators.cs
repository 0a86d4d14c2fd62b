using FsCheck;
using FsCheck.Fluent;

namespace PaymentCore.Testing.Generators;

/// <summary>FsCheck generators of operation sequences on one payment: captures, voids, refunds and replays in any order, valid or not.</summary>
/// <remarks>Stateless; safe to use from any thread.</remarks>
public static class OperationGenerators
{
    /// <summary>Gets single operations of every <see cref="OperationStepKind"/>, refunds and captures the most often.</summary>
    public static Gen<OperationStep> Operations { get; } =
        (from kind in Gen.Frequency(
                (3, Gen.Constant(OperationStepKind.Capture)),
                (3, Gen.Constant(OperationStepKind.PartialCapture)),
                (2, Gen.Constant(OperationStepKind.Void)),
                (3, Gen.Constant(OperationStepKind.Refund)),
                (5, Gen.Constant(OperationStepKind.PartialRefund)),
                (2, Gen.Constant(OperationStepKind.ReplayRefund)),
                (1, Gen.Constant(OperationStepKind.ReplaySameRequest)),
                (1, Gen.Constant(OperationStepKind.ReplayChangedRequest)))
         from permille in Gen.Frequency((1, Gen.Elements(1, 500, 999, 1000, 1001)), (4, Gen.Choose(1, 1200)))
         from pick in Gen.Choose(0, 7)
         select new OperationStep(kind, permille, pick));

    /// <summary>Gets sequences of 0 to 12 operations.</summary>
    public static Gen<OperationStep[]> Sequences { get; } =
        Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(Operations, n));

    /// <summary>Gets <see cref="Sequences"/> as an arbitrary that shrinks by dropping operations and simplifying shares.</summary>
    public static Arbitrary<OperationStep[]> ShrinkingSequences { get; } = Arb.From(Sequences, Shrink);

    /// <summary>Shrinks a sequence: drop one operation, or make one partial operation whole.</summary>
    /// <param name="sequence">The failing sequence.</param>
    /// <returns>Simpler candidates.</returns>
    public static IEnumerable<OperationStep[]> Shrink(OperationStep[] sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        foreach (var shorter in RuleGenerators.Shrink(sequence))
        {
            yield return shorter;
        }

        for (var i = 0; i < sequence.Length; i++)
        {
            if (sequence[i].Permille != 1000 || sequence[i].Pick != 0)
            {
                var simpler = (OperationStep[])sequence.Clone();
                simpler[i] = sequence[i] with { Permille = 1000, Pick = 0 };
                yield return simpler;
            }
        }
    }
}
