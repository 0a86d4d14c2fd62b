using PaymentCore.DataProtection;

namespace PaymentCore.Tests.DataProtection;

// The detector keeps PANs and CVVs out of stored records (PCI DSS 3.3.1, 3.4.1, 3.5.1): a miss stores a card
// number in clear, a false hit refuses a legitimate payee. The cases sit on each edge: length, Luhn, brand ranges,
// separators, scripts, word boundaries, IBANs.
public sealed class CardDataDetectorTests
{
    [Theory]
    [InlineData("4242424242424242", true)]
    [InlineData("400000000002", false)] // 12 digits, Visa prefix: 12-digit runs count only in Maestro's ranges
    [InlineData("500000000003", false)] // 12 digits, Maestro range, fails Luhn
    [InlineData("500000000009", true)] // 12 digits, Maestro range, Luhn-valid
    [InlineData("4000000000006", true)] // 13 digits
    [InlineData("ref 4000000000000000006 ok", true)] // 19 digits
    [InlineData("ref 40000000000000000002 ok", false)] // 20 digits in one group is not a card number
    [InlineData("x4242424242424242", true)] // glued to a letter before
    [InlineData("4242424242424242x", true)] // glued to a letter after
    [InlineData("(4242424242424242)", true)]
    [InlineData("4242424242424242.5", true)] // the 16-digit group is a candidate on its own
    [InlineData("4242  4242  4242  4242", true)]
    [InlineData("4242.4242.4242.4242", true)]
    [InlineData("4242 · 4242 · 4242 · 4242", true)]
    [InlineData("4242\t4242\n4242\r\n4242", true)]
    [InlineData("4242\u202f4242\u20074242\u30004242", true)] // narrow no-break, figure and ideographic spaces
    [InlineData("4242\u00ad4242\u200d4242\ufeff4242", true)] // soft hyphen, joiner, BOM: ignored
    [InlineData("𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐", true)] // mathematical bold digits (surrogate pairs)
    [InlineData("४२४२४२४२४२४२४२४२", true)] // Devanagari digits
    [InlineData("4242424242424241 4242424242424242", true)] // the second group alone is a card number
    [InlineData("4242424242424241 / 4242424242424241", false)] // neither group, nor any join of 19 or fewer, is one
    [InlineData("5067000000000001", true)] // Elo range, fails Luhn
    [InlineData("5067000000000001230", false)] // Elo range at 19 digits: Elo is 16 only, and it fails Luhn
    [InlineData("6521000000000001", true)] // RuPay range, fails Luhn
    [InlineData("6200000000000000001", true)] // UnionPay range at 19 digits, fails Luhn
    [InlineData("201400000000001", true)] // enRoute, 15 digits, no check digit
    [InlineData("4111111111111112", false)] // Visa, fails Luhn, no exemption
    [InlineData("no digits at all", false)]
    [InlineData("", false)]
    [InlineData("order 2024-11-05 12:30, qty 3", false)]
    [InlineData("k\ud800 4242", false)] // an unpaired surrogate reads as a separator, not a crash
    public void ContainsCardNumber_Text_FindsEveryWrittenForm(string text, bool expected) =>
        Assert.Equal(expected, CardDataDetector.ContainsCardNumber(text));

    [Theory]
    [InlineData("NO9386011117947")] // 13 digits glued to the country code
    [InlineData("NO93 8601 1117 947")]
    [InlineData("FI2112345600000785")] // its 14 digits pass Luhn
    [InlineData("fi2112345600000785")] // lower case is still the account
    [InlineData("Payout to DE89 3704 0044 0532 0130 00.")]
    [InlineData("GB82WEST12345698765432")]
    public void ContainsCardNumber_ValidIban_IsNeverFlagged(string text) =>
        Assert.False(CardDataDetector.ContainsCardNumber(text));

    [Theory]
    [InlineData("XX12 4242 4242 4242 4242")] // no such country: not an IBAN, and the card inside is found
    [InlineData("DE12 4242 4242 4242 4242 42")] // DE's length, but the check digits fail
    public void ContainsCardNumber_CardDressedAsAnInvalidIban_IsFlagged(string text) =>
        Assert.True(CardDataDetector.ContainsCardNumber(text));

    [Theory]
    [InlineData("cvv 123", true)]
    [InlineData("CVV: 1234", true)]
    [InlineData("cvc2=737", true)]
    [InlineData("Security Code is 456", true)]
    [InlineData("card code: ١٢٣", true)] // Arabic-Indic digits
    [InlineData("cvv 12345", false)] // five digits is no verification code
    [InlineData("cvv 12", false)]
    [InlineData("cvc check passed", false)]
    [InlineData("security 123", false)]
    [InlineData("the cvvx 123", false)] // not the word
    [InlineData("code 123", false)]
    public void ContainsVerificationCode_Text_FindsNamedCodesOnly(string text, bool expected) =>
        Assert.Equal(expected, CardDataDetector.ContainsVerificationCode(text));

    [Theory]
    [InlineData("cvv", true)]
    [InlineData("CVV2", true)]
    [InlineData("card_cvc", true)]
    [InlineData("cardCVV", true)]
    [InlineData("securityCode", true)]
    [InlineData("security-code", true)]
    [InlineData("cardCode", true)]
    [InlineData("CVVCode", true)]
    [InlineData("cvc_check", true)]
    [InlineData("cid", false)] // customer ids: left out on purpose
    [InlineData("order", false)]
    [InlineData("cvvish", false)]
    public void IsVerificationCodeName_Name_MatchesCvvWords(string name, bool expected) =>
        Assert.Equal(expected, CardDataDetector.IsVerificationCodeName(name));

    [Theory]
    [InlineData("cvv", "123", CardDataKind.VerificationCode)]
    [InlineData("cvv", "１２３４", CardDataKind.VerificationCode)]
    [InlineData("cvc_check", "pass", CardDataKind.None)] // a check result, not a code
    [InlineData("cvv", "12345", CardDataKind.None)]
    [InlineData("order", "123", CardDataKind.None)]
    [InlineData("note", "cvv 123", CardDataKind.VerificationCode)]
    [InlineData("4242424242424242", "x", CardDataKind.CardNumber)]
    [InlineData("cvv", "4242424242424242", CardDataKind.CardNumber)]
    public void FindInField_NameAndValue_FindsCodesBesideTheirName(string name, string value, CardDataKind expected) =>
        Assert.Equal(expected, CardDataDetector.FindInField(name, value));

    [Theory]
    [InlineData("4242424242424242", true)]
    [InlineData("4000000000006", true)] // 13 digits
    [InlineData("4000000000000000006", true)] // 19 digits
    [InlineData("400000000002", false)] // 12 digits is not tokenized
    [InlineData("40000000000000000002", false)] // 20 digits
    [InlineData("6011000990139424", true)] // holds 9s, the top of the digit range
    [InlineData("5555555555554444", true)] // doubled 5s exceed 9 and fold back (10 → 1)
    [InlineData("5555555555554445", false)] // fails Luhn
    [InlineData("6362970000457013", true)] // Elo
    [InlineData("6521000000000001", true)] // RuPay range, fails Luhn
    public void IsPan_Digits_MatchesLengthLuhnAndBrandRanges(string text, bool expected)
    {
        var digits = text.Select(c => (byte)(c - '0')).ToArray();

        Assert.Equal(expected, CardBrands.IsPan(digits));
    }
}
