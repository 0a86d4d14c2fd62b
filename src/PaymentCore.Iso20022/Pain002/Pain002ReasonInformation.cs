namespace PaymentCore.Iso20022.Pain002;

/// <summary>One <c>StsRsnInf</c> of a pain.002 status read from a bank: the reason code and its additional information.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
/// <param name="Code">The ISO external status reason code (<c>Rsn/Cd</c>, such as AC04 or AM04), or <see langword="null"/> when the bank gave a proprietary one.</param>
/// <param name="Proprietary">The bank's proprietary reason (<c>Rsn/Prtry</c>), when given.</param>
/// <param name="AdditionalInformation">Every <c>AddtlInf</c>, joined with single spaces; <see langword="null"/> when none.</param>
public sealed record Pain002ReasonInformation(string? Code, string? Proprietary, string? AdditionalInformation)
{
    /// <summary>Gets the reason as one short text: the code (or proprietary reason) and the additional information.</summary>
    /// <value>Such as <c>AC04: Account closed</c>.</value>
    public string Text => (Code ?? Proprietary ?? "(no code)") + (AdditionalInformation is null ? string.Empty : ": " + AdditionalInformation);
}
