namespace PaymentCore.Rules;

/// <summary>What one rule decided about a payment.</summary>
/// <remarks>Stored by name in the record's documents: values are only ever added.</remarks>
public enum RuleVerdict
{
    /// <summary>The rule let the payment go on (with or without a fee).</summary>
    Approve = 1,

    /// <summary>The rule declined the payment; the chain stopped there.</summary>
    Decline = 2,
}
