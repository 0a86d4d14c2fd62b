namespace PaymentCore.BatchWork;

/// <summary>Names one batch run in a work queue: the merchant it pays for and the batch id (pain.001 <c>MsgId</c>).</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="MerchantId">The merchant, as in <see cref="Batch.BatchHeader.MerchantId"/>.</param>
/// <param name="BatchId">The batch id, as in <see cref="Batch.BatchHeader.BatchId"/>.</param>
public readonly record struct BatchRunKey(string MerchantId, string BatchId);
