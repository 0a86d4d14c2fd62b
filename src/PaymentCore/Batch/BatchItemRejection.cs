namespace PaymentCore.Batch;

/// <summary>Why an item was rejected before any money moved: an ISO 20022 external status reason code and a sentence for people.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="Code">The ISO 20022 reason code, such as AC01 (incorrect account), RC01 (bad BIC), AM12 (invalid amount), AM03 (currency) or AM05 (duplicate).</param>
/// <param name="Reason">What is wrong, for people.</param>
public sealed record BatchItemRejection(string Code, string Reason);
