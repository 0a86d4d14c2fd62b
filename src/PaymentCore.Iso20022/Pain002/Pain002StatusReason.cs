using PaymentCore.Batch;

namespace PaymentCore.Iso20022.Pain002;

/// <summary>Why a status was given: a pain.002 <c>StsRsnInf</c> with an ISO external reason code and free text.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="Code">The ISO 20022 external status reason code, 1 to 4 characters (see <see cref="BatchReasonCodes"/>).</param>
/// <param name="AdditionalInformation">Free text; text longer than the 105 characters one <c>AddtlInf</c> allows is split over several.</param>
public sealed record Pain002StatusReason(string Code, string? AdditionalInformation = null);
