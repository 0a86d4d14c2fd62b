namespace PaymentCore.Ach.Records;

/// <summary>NACHA transaction codes (entry detail positions 2-3) and what they mean.</summary>
/// <remarks>
/// Codes: 22/32/42/52 credits to checking, savings, general ledger and loan accounts; 23/33/43/53 their prenotes and
/// 24/34/44/54 zero-dollar credits; 27/37/47/55 debits; 28/38/48 prenotes and 29/39/49 zero-dollar debits. Return and
/// notification codes (21, 26, 31, 36, 41, 46, 51, 56) are not accepted in an originated file.
/// Thread safety: static and pure.
/// </remarks>
public static class AchTransactionCodes
{
    /// <summary>Whether the code is one an originated entry may have.</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> for a credit or debit code of checking, savings, GL or loan accounts.</returns>
    public static bool IsValid(int code) => code is 22 or 23 or 24 or 27 or 28 or 29 or 32 or 33 or 34 or 37 or 38 or 39
        or 42 or 43 or 44 or 47 or 48 or 49 or 52 or 53 or 54 or 55;

    /// <summary>Whether the code is a credit (money to the receiver).</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> for codes ending in 2, 3 or 4 (52-54 included).</returns>
    public static bool IsCredit(int code) => IsValid(code) && code % 10 is 2 or 3 or 4;

    /// <summary>Whether the code is a debit (money from the receiver).</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> for codes ending in 7, 8 or 9, and 55.</returns>
    public static bool IsDebit(int code) => IsValid(code) && !IsCredit(code);

    /// <summary>Whether the code moves no money (a prenotification or a zero-dollar entry).</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> for codes ending in 3, 4, 8 or 9.</returns>
    public static bool IsNonMonetary(int code) => IsValid(code) && code % 10 is 3 or 4 or 8 or 9;
}
