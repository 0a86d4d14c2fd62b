namespace PaymentCore.Payments;

/// <summary>One broken rule of one field.</summary>
/// <param name="Field">The field, as a property path such as <c>Payer.Last4</c> or <c>Metadata[order]</c>.</param>
/// <param name="Rule">The rule broken, one of <see cref="ValidationRules"/>.</param>
/// <param name="Message">A sentence for a developer that says what is wrong and what is allowed.</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record ValidationError(string Field, string Rule, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Message} [{Rule}]";
}
