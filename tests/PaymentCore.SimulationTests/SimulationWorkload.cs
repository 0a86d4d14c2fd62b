using PaymentCore.Payments;

namespace PaymentCore.SimulationTests;

/// <summary>What one step of a payment's script does.</summary>
public enum StepKind
{
    Submit,
    SubmitConcurrently,
    CaptureFull,
    CapturePartial,
    CaptureOpen,
    Void,
    Refund,

    // Two operations on one payment at once (issue 9): the second is started while the first may be in flight.
    CaptureAndVoid,
    CaptureAndRefund,
    RefundAndRefund,
    PartialAndFinalCapture,

    // Step-up answers (issue 13), for payments above the seed's step-up threshold.
    ConfirmRight,
    ConfirmWrong,
    ConfirmLate,
    ConfirmReplay,
    ConfirmConcurrently,
}

/// <summary>One step of a payment's script; the amounts are drawn when it runs, from the payment as it is then.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="Request">The payment.</param>
/// <param name="Key">A refund's key, or a capture's own key.</param>
/// <param name="Key2">The second refund's key of a concurrent pair.</param>
public sealed record Step(StepKind Kind, PaymentRequest Request, string? Key = null, string? Key2 = null)
{
    public bool IsPair => Kind is (>= StepKind.CaptureAndVoid and <= StepKind.PartialAndFinalCapture) or StepKind.SubmitConcurrently or StepKind.ConfirmConcurrently;
}

/// <summary>Draws a payment's script from the seed: submission, what the merchant does with a hold, and refunds.</summary>
public static class SimulationWorkload
{
    public static Queue<Step> ScriptFor(PaymentRequest request, int index, Random random, Random? stepUp = null)
    {
        var steps = new Queue<Step>();
        steps.Enqueue(new Step(random.Next(5) == 0 ? StepKind.SubmitConcurrently : StepKind.Submit, request));
        if (stepUp is not null)
        {
            // The payer's answers, drawn from their own stream so that seeds without step-up keep their scripts:
            // right, wrong, late (past the code's lifetime), a replayed confirm key, and two right answers at once.
            var answers = stepUp.Next(1, 5);
            for (var a = 0; a < answers; a++)
            {
                var kind = (StepKind)stepUp.Next((int)StepKind.ConfirmRight, (int)StepKind.ConfirmConcurrently + 1);
                var key = kind == StepKind.ConfirmReplay && a > 0 ? $"k{index}-s{a - 1}" : $"k{index}-s{a}";
                steps.Enqueue(new Step(kind, request, key, $"k{index}-s{a}b"));
            }
        }

        if (random.Next(4) == 0)
        {
            steps.Enqueue(new Step(StepKind.Submit, request)); // a duplicate submission, later
        }

        if (request.CaptureMode == CaptureMode.Manual)
        {
            switch (random.Next(10))
            {
                case 0:
                    steps.Enqueue(new Step(StepKind.CaptureFull, request));
                    break;
                case 1:
                    steps.Enqueue(new Step(StepKind.CapturePartial, request));
                    break;
                case 2:
                    steps.Enqueue(new Step(StepKind.Void, request));
                    break;
                case 3:
                    break; // left to the capture deadline
                case 4:
                    steps.Enqueue(new Step(StepKind.CaptureAndVoid, request));
                    break;
                case 5:
                    steps.Enqueue(new Step(StepKind.CaptureOpen, request, random.Next(2) == 0 ? $"k{index}-c1" : null));
                    steps.Enqueue(new Step(random.Next(3) switch { 0 => StepKind.CaptureFull, 1 => StepKind.Void, _ => StepKind.CaptureOpen }, request));
                    break;
                case 6:
                    steps.Enqueue(new Step(StepKind.PartialAndFinalCapture, request));
                    break;
                case 7:
                    steps.Enqueue(new Step(StepKind.CaptureAndRefund, request, $"k{index}-cr"));
                    break;
                case 8:
                    steps.Enqueue(new Step(StepKind.CaptureOpen, request, $"k{index}-c1"));
                    steps.Enqueue(new Step(StepKind.CaptureOpen, request, $"k{index}-c2"));
                    steps.Enqueue(new Step(StepKind.CaptureFull, request));
                    break;
                default:
                    steps.Enqueue(new Step(StepKind.CaptureOpen, request));
                    steps.Enqueue(new Step(StepKind.PartialAndFinalCapture, request));
                    break;
            }
        }

        if (random.Next(4) == 0)
        {
            steps.Enqueue(new Step(StepKind.RefundAndRefund, request, $"k{index}-rr0", $"k{index}-rr1"));
        }

        var refunds = random.Next(3);
        for (var r = 0; r < refunds; r++)
        {
            steps.Enqueue(new Step(StepKind.Refund, request, $"k{index}-r{r}"));
            if (random.Next(5) == 0)
            {
                steps.Enqueue(new Step(StepKind.Refund, request, $"k{index}-r{r}")); // the same refund again
            }
        }

        return steps;
    }
}
