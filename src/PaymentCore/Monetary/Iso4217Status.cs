namespace PaymentCore.Monetary;

/// <summary>How ISO 4217 lists an alphabetic code.</summary>
internal enum Iso4217Status
{
    /// <summary>A current currency with a numeric minor unit (list one).</summary>
    Current,

    /// <summary>A historic code (list three): kept so errors can say "withdrawn" instead of "unknown".</summary>
    Withdrawn,

    /// <summary>A current code whose minor unit is "N.A.": metals, funds, testing (XTS) and "no currency" (XXX).</summary>
    NotACurrency,
}
