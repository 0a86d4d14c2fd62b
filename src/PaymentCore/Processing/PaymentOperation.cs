namespace PaymentCore.Processing;

/// <summary>The operation a <see cref="PaymentResult"/> answers: its outcome is that operation's, not the payment's state.</summary>
public enum PaymentOperation
{
    /// <summary><see cref="PaymentProcessor.ProcessAsync(PaymentCore.Payments.PaymentRequest, System.Threading.CancellationToken)"/>: authorize, and capture in automatic mode.</summary>
    Process = 0,

    /// <summary><see cref="PaymentProcessor.CaptureAsync"/>.</summary>
    Capture = 1,

    /// <summary><see cref="PaymentProcessor.VoidAsync"/>.</summary>
    Void = 2,

    /// <summary><see cref="PaymentProcessor.RefundAsync"/>.</summary>
    Refund = 3,

    /// <summary><see cref="PaymentProcessor.ConfirmStepUpAsync"/>: the payer's step-up answer, and the authorization it lets go.</summary>
    ConfirmStepUp = 4,
}
