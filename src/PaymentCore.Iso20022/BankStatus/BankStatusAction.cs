namespace PaymentCore.Iso20022.BankStatus;

/// <summary>What applying a bank's pain.002 status did to one batch item.</summary>
public enum BankStatusAction
{
    /// <summary>RJCT after we paid: the payment was reversed now, refunded (captured) or voided (authorized only).</summary>
    Reversed = 0,

    /// <summary>RJCT, and the payment had already been refunded or voided (by an earlier application, say): nothing changed.</summary>
    AlreadyReversed = 1,

    /// <summary>RJCT of an item we never paid (rejected, declined, failed or never submitted): nothing to reverse.</summary>
    NotPaid = 2,

    /// <summary>ACSC or ACCC: the bank settled a payment we captured; it is now marked settled (<see cref="Transactions.TransactionRecord.SettledAt"/>).</summary>
    Settled = 3,

    /// <summary>A status that asks for nothing (ACCP, ACTC, ACSP, ACWC, PDNG, RCVD): recorded in the result only.</summary>
    Acknowledged = 4,

    /// <summary>
    /// A status that cannot be applied as it stands and needs a person or recovery: RJCT while the payment's outcome is
    /// still unknown, a reversal that failed, ACSC for a payment that was never captured, an unknown status code.
    /// </summary>
    NeedsAttention = 5,

    /// <summary>ACSC or ACCC for a payment already marked settled (by an earlier application, say): nothing changed.</summary>
    AlreadySettled = 6,
}
