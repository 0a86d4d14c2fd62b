namespace PaymentCore.Tests.Payments;

// CardNumbers keeps PANs out of stored records (PCI DSS 3.3, 3.4): a miss stores a card number in clear, a false
// hit refuses a legitimate payee. The cases sit on each edge: length, Luhn, word boundaries, separators.
public sealed class CardNumbersTests
{
    [Theory]
    [InlineData("40000000006", false)] // 11 digits, passes Luhn: too short
    [InlineData("400000000002", true)] // 12 digits: the shortest PAN
    [InlineData("4000000000000000006", true)] // 19 digits: the longest
    [InlineData("40000000000000000002", false)] // 20 digits, passes Luhn: too long
    [InlineData("6011000990139424", true)] // holds 9s, the top of the digit range
    [InlineData("5555555555554444", true)] // doubled 5s exceed 9 and fold back (10 → 1)
    [InlineData("5555555555554445", false)] // fails Luhn
    [InlineData("4242424242424241", false)]
    [InlineData("42424242424242a2", false)]
    [InlineData("4242424242424/42", false)] // '/' sits just below '0'
    [InlineData("4242424242424:42", false)] // ':' sits just above '9'
    [InlineData("", false)]
    public void IsCardNumber_Text_MatchesLengthDigitsAndLuhn(string text, bool expected) =>
        Assert.Equal(expected, CardNumbers.IsCardNumber(text));

    [Theory]
    [InlineData("4242424242424242", true)]
    [InlineData("400000000002", false)] // a 12-digit PAN passes IsCardNumber but is not searched for in text
    [InlineData("4000000000006", true)] // 13 digits
    [InlineData("ref 4000000000000000006 ok", true)] // 19 digits
    [InlineData("ref 40000000000000000002 ok", false)] // 20 digits is not a card number
    [InlineData("x4242424242424242", false)] // glued to a letter before
    [InlineData("4242424242424242x", false)] // glued to a letter after
    [InlineData("(4242424242424242)", true)]
    [InlineData("4242424242424242-", true)] // a trailing separator is not part of the number
    [InlineData("4242424242424242 ", true)]
    [InlineData("4242424242424242-x", true)] // a dash then a letter: the dash ends the number, the letter does not touch it
    [InlineData("4242424242424242.5", true)] // '.' is no separator: the 5 does not join the run
    [InlineData("4242  4242  4242  4242", false)] // double spaces split it into 4-digit runs
    [InlineData("4242.4242.4242.4242", false)] // dots do not group digits
    [InlineData("4242424242424241 4242424242424242", false)] // a separator joins the two into one 32-digit run
    [InlineData("4242424242424241 / 4242424242424242", true)] // the second, separate number is still found
    [InlineData("no digits at all", false)]
    [InlineData("", false)]
    public void ContainsCardNumber_Text_FindsOnlyStandaloneCardNumbers(string text, bool expected) =>
        Assert.Equal(expected, CardNumbers.ContainsCardNumber(text));
}
