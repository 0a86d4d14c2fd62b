using System.Numerics;
using FsCheck.Fluent;
using FsCheck;
using PaymentCore.Iso20022.Accounts;

namespace PaymentCore.Iso20022.Tests.Accounts;

public class IbanPropertyTests
{
    private static readonly string[] Countries = [.. Iban.RegisteredLengths.Keys.Order(StringComparer.Ordinal)];

    // A valid IBAN of any registry country: random digits for the BBAN, check digits computed per ISO 7064.
    private static readonly Gen<string> ValidIbans =
        from country in Gen.Elements(Countries)
        from digits in Gen.ArrayOf(Gen.Choose(0, 9), Iban.RegisteredLengths[country] - 4)
        select WithCheckDigits(country, string.Concat(digits));

    [Fact]
    public void TryValidate_GeneratedValidIban_IsValid() =>
        Prop.ForAll(ValidIbans.ToArbitrary(), iban => Iban.IsValid(iban))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(1_000));

    [Fact]
    public void TryValidate_ValidIbanWithOneDigitChanged_FailsMod97() =>
        Prop.ForAll(
            (from iban in ValidIbans
             from position in Gen.Choose(2, iban.Length - 1)
             from delta in Gen.Choose(1, 9)
             select (iban, position, delta)).ToArbitrary(),
            t =>
            {
                char[] chars = t.iban.ToCharArray();
                chars[t.position] = (char)('0' + (((chars[t.position] - '0') + t.delta) % 10));
                return !Iban.IsValid(new string(chars));
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(1_000));

    [Fact]
    public void TryValidate_ValidIbanWithTwoAdjacentDifferentDigitsSwapped_Fails() =>
        Prop.ForAll(
            (from iban in ValidIbans
             from position in Gen.Choose(4, iban.Length - 2)
             select (iban, position)).ToArbitrary(),
            t =>
            {
                char[] chars = t.iban.ToCharArray();
                (chars[t.position], chars[t.position + 1]) = (chars[t.position + 1], chars[t.position]);
                return chars[t.position] == chars[t.position + 1] || !Iban.IsValid(new string(chars));
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(1_000));

    [Fact]
    public void TryValidate_ValidIbanInPaperFormat_IsValid() =>
        Prop.ForAll(
            ValidIbans.ToArbitrary(),
            iban => Iban.IsValid(string.Join(' ', iban.Chunk(4).Select(c => new string(c)))))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(1_000));

    private static string WithCheckDigits(string country, string bban)
    {
        // ISO 7064 MOD 97-10: check = 98 - (BBAN + country as digits + "00") mod 97.
        string rearranged = bban + country + "00";
        string numeric = string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        int check = 98 - (int)(BigInteger.Parse(numeric, System.Globalization.CultureInfo.InvariantCulture) % 97);
        return $"{country}{check:D2}{bban}";
    }
}
