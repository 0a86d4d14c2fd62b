namespace PaymentCore.Iso20022.Pain002;

/// <summary>ISO 20022 payment statuses written in pain.002 <c>GrpSts</c>, <c>PmtInfSts</c> and <c>TxSts</c>.</summary>
public enum Pain002Status
{
    /// <summary>ACCP AcceptedCustomerProfile: the preceding checks (technical, profile, customer) passed.</summary>
    AcceptedCustomerProfile,

    /// <summary>ACSC AcceptedSettlementCompleted: the debtor account has been debited.</summary>
    AcceptedSettlementCompleted,

    /// <summary>ACTC AcceptedTechnicalValidation: syntax and semantics are valid.</summary>
    AcceptedTechnicalValidation,

    /// <summary>PART PartiallyAccepted: some transactions were accepted and some rejected (group or block level only).</summary>
    PartiallyAccepted,

    /// <summary>PDNG Pending: further checks and status updates will follow.</summary>
    Pending,

    /// <summary>RJCT Rejected: the group, block or transaction was rejected; a reason should say why.</summary>
    Rejected,

    /// <summary>ACSP AcceptedSettlementInProcess: all checks passed and settlement is under way.</summary>
    AcceptedSettlementInProcess,

    /// <summary>ACWC AcceptedWithChange: accepted, but a change was made (such as the date or an account).</summary>
    AcceptedWithChange,

    /// <summary>ACCC AcceptedCreditSettlementCompleted: the creditor account has been credited.</summary>
    AcceptedCreditSettlementCompleted,

    /// <summary>RCVD Received: the message was received; nothing more is known yet.</summary>
    Received,
}
