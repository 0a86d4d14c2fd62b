using PaymentCore.Batch;
using PaymentCore.Iso20022.Pain001;
using PaymentCore.Iso20022.Payouts;

namespace PaymentCore.Iso20022.Tests.Pain001;

public class Pain001TransactionCheckTests
{
    [Fact]
    public async Task Check_BadAccountsFile_RejectsEachBadItemWithIsoCodeAndKeepsTheRest()
    {
        await using FileStream file = TestFiles.Open("bad-ibans.xml");
        var results = new List<(string EndToEndId, PayoutCheckResult Result)>();

        await foreach (Pain001Transaction tx in Pain001Reader.ReadTransactionsAsync(file))
        {
            results.Add((tx.Payout.EndToEndId, Pain001TransactionCheck.Check(tx)));
        }

        Assert.Equal(
            [
                ("E2E-OK", (string?)null),
                ("E2E-BAD-CHECKSUM", "AC01"),
                ("E2E-BAD-LENGTH", "AC01"),
                ("E2E-BAD-BIC", "RC01"),
                ("E2E-BAD-CCY", "AM03"),
                ("E2E-ZERO", "AM12"),
            ],
            results.Select(r => (r.EndToEndId, r.Result.ReasonCode)));
        Assert.True(results[0].Result.IsValid);
        Assert.Equal("The IBAN 'GB82WEST1234569876543' has 21 characters; IBANs of GB have 22.", results[2].Result.Reason);
        Assert.Equal("The BIC 'ABNANL' has 6 characters; a BIC has 8 or 11 (ISO 9362).", results[3].Result.Reason);
        Assert.Equal("The currency code 'eur' is not three upper-case letters (ISO 4217).", results[4].Result.Reason);
        Assert.Equal("The amount 0.00 is not positive.", results[5].Result.Reason);
    }

    [Theory]
    [InlineData("4242424242424242")]
    [InlineData("4242 4242 4242 4242")]
    [InlineData("GB82 4242 4242 4242 4242")]
    public void Check_CardNumberGivenAsIban_IsAc01WithoutQuotingIt(string iban)
    {
        // Issue 12: the AC01 reason echoed a card number given as an IBAN into pain.002 and --json output.
        var payout = new PayoutInstruction("E2E", null, 1m, "EUR", "Name", iban, null, null, null);

        var result = Pain001TransactionCheck.Check(payout);

        Assert.Equal("AC01", result.ReasonCode);
        Assert.DoesNotContain("4242", result.Reason!, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OtherAccountIdWithoutIban_Valid()
    {
        var payout = new PayoutInstruction("E2E", null, 1m, "JPY", "Yamada", null, "1234567", null, null);

        Assert.Equal(PayoutCheckResult.Valid, Pain001TransactionCheck.Check(payout));
    }

    [Fact]
    public void Check_NoCreditorAccount_RejectedAc01()
    {
        var payout = new PayoutInstruction("E2E", null, 1m, "EUR", "Nobody", null, null, null, null);

        Assert.Equal(PayoutCheckResult.Reject("AC01", "The creditor account is missing."), Pain001TransactionCheck.Check(payout));
    }

    [Theory]
    [InlineData("EU")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData("")]
    public void Check_MalformedCurrency_RejectedAm03(string currency)
    {
        var payout = new PayoutInstruction("E2E", null, 1m, currency, "A", "DE89370400440532013000", null, null, null);

        (bool ok, string? code, _) = Pain001TransactionCheck.Check(payout);

        Assert.False(ok);
        Assert.Equal(BatchReasonCodes.NotAllowedCurrency, code);
    }

    [Fact]
    public void ReasonCodes_AreTheIsoExternalCodes()
    {
        Assert.Equal(
            ["AC01", "AC03", "AG01", "AM02", "AM03", "AM04", "AM05", "AM12", "AM18", "AM10", "BE01", "DT01", "FF01", "MS03", "NARR", "RC01"],
            new[]
            {
                BatchReasonCodes.IncorrectAccountNumber, BatchReasonCodes.InvalidCreditorAccountNumber, BatchReasonCodes.TransactionForbidden,
                BatchReasonCodes.NotAllowedAmount, BatchReasonCodes.NotAllowedCurrency, BatchReasonCodes.InsufficientFunds,
                BatchReasonCodes.Duplication, BatchReasonCodes.InvalidAmount, BatchReasonCodes.InvalidNumberOfTransactions,
                BatchReasonCodes.InvalidControlSum, BatchReasonCodes.InconsistentWithEndCustomer, BatchReasonCodes.InvalidDate,
                BatchReasonCodes.InvalidFileFormat, BatchReasonCodes.NotSpecifiedReasonAgentGenerated, BatchReasonCodes.Narrative,
                BatchReasonCodes.BankIdentifierIncorrect,
            });
    }
}
