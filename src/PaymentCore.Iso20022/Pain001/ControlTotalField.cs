namespace PaymentCore.Iso20022.Pain001;

/// <summary>Which control total of a pain.001 message disagrees with the transactions.</summary>
public enum ControlTotalField
{
    /// <summary><c>NbOfTxs</c>, the number of transactions; rejected with AM18.</summary>
    NumberOfTransactions,

    /// <summary><c>CtrlSum</c>, the plain sum of the amounts; rejected with AM10.</summary>
    ControlSum,
}
