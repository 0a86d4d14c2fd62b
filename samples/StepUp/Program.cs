// Run: dotnet run --project samples/StepUp
// A payment above the step-up threshold asks the payer for a one-time code. The payer types a wrong code, then
// the right one; the payment is authorized and captured. Then the audit trail is verified, and a copy of it is
// tampered with to show that the change is found.
using StepUp;

return await StepUpSample.RunAsync(Console.Out);
