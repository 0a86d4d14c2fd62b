namespace PaymentCore.Testing.Generators;

/// <summary>An operation a test applies to one payment.</summary>
public enum OperationStepKind
{
    /// <summary>Capture the whole authorization.</summary>
    Capture = 0,

    /// <summary>Capture part of the authorization (<see cref="OperationStep.Permille"/> of it).</summary>
    PartialCapture = 1,

    /// <summary>Void the authorization.</summary>
    Void = 2,

    /// <summary>Refund what is left to refund, under a new refund key.</summary>
    Refund = 3,

    /// <summary>Refund <see cref="OperationStep.Permille"/> of what is left (above 1000 asks for too much), under a new refund key.</summary>
    PartialRefund = 4,

    /// <summary>Repeat an earlier refund with its key and amount.</summary>
    ReplayRefund = 5,

    /// <summary>Submit the original request again under its key.</summary>
    ReplaySameRequest = 6,

    /// <summary>Submit a changed request (another amount or payee) under the original key.</summary>
    ReplayChangedRequest = 7,
}
