namespace PaymentCore.Tests.Docs;

public sealed class ReadmeTests
{
    [Fact]
    public void Readme_QuickStartBlock_IsTheQuickStartSampleVerbatim()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var sample = File.ReadAllText(Path.Combine(root, "samples", "QuickStart", "Program.cs")).ReplaceLineEndings("\n");

        Assert.Contains("```csharp\n" + sample + "```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_FreshMachineCommands_NameTheSampleAndTheTests()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));

        Assert.Contains("dotnet run --project samples/QuickStart", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project samples/BatchPayouts -- --input samples/BatchPayouts/data/payouts-pain001-v03.xml --store payments.db", readme, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(RepositoryRoot(), "samples", "BatchPayouts", "data", "payouts-pain001-v03.xml")));
        Assert.Contains("dotnet test PaymentCore.sln -c Release", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet test PaymentCore.sln -c Release", File.ReadAllText(Path.Combine(RepositoryRoot(), ".ci", "run")), StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PaymentCore.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PaymentCore.sln not found above " + AppContext.BaseDirectory);
    }
}
