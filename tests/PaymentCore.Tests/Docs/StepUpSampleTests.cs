using StepUp;

namespace PaymentCore.Tests.Docs;

/// <summary>Issue 13: the step-up sample runs to completion by itself and says what happened.</summary>
public sealed class StepUpSampleTests
{
    [Fact]
    public async Task RunAsync_WrongThenRightCode_ApprovesAndFindsTheTamperedCopy()
    {
        using var output = new StringWriter();

        var code = await StepUpSample.RunAsync(output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(0, code);
        Assert.Equal("1. payment of 250.00 EUR: RequiresAction, EnterSentCode, 5 tries", lines[0]);
        Assert.StartsWith("2. wrong code: RequiresAction, 4 tries left: The code is wrong.", lines[1], StringComparison.Ordinal);
        Assert.Equal("3. right code: Approved, Captured 250.00 EUR", lines[2]);
        // One chain: the store's entries for each change (configuration, created, changes) with the step-up entries
        // written in the same writes; the wrong-code attempt is the 6th.
        Assert.Equal("4. audit log: 10 entries, 2 step-up attempts (Failure, Success): intact", lines[3]);
        Assert.Matches(@"^5\. tampered copy: BROKEN at entry 6: \w+$", lines[4]);
        Assert.Equal("done", lines[5]);
    }
}
