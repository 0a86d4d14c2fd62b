namespace PaymentCore.SimulationTests;

public sealed class ReliabilityDocTests
{
    [Fact]
    public void ReliabilityDoc_ShowsTheCompiledRecoveryService()
    {
        var root = FindRoot();
        var source = File.ReadAllText(Path.Combine(root, "tests", "PaymentCore.SimulationTests", "RecoveryBackgroundService.cs")).ReplaceLineEndings("\n");
        var snippet = source.Split("// begin-snippet: recovery-background-service\n")[1].Split("// end-snippet")[0].TrimEnd();
        var doc = File.ReadAllText(Path.Combine(root, "docs", "reliability.md")).ReplaceLineEndings("\n");

        Assert.Contains(snippet, doc, StringComparison.Ordinal);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PaymentCore.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("PaymentCore.sln not found above " + AppContext.BaseDirectory);
    }
}
