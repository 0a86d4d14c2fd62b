using System.Text.RegularExpressions;

namespace PaymentCore.Webhooks.Tests.Docs;

/// <summary>Every C# block of the webhook docs is a compiled file of this folder, verbatim, so the docs cannot rot.</summary>
public sealed partial class DocsTests
{
    [Theory]
    [InlineData("docs/webhooks.md", 2)]
    [InlineData("src/PaymentCore.Webhooks/README.md", 2)]
    public void CSharpBlocks_AreCompiledFilesVerbatim(string page, int expectedBlocks)
    {
        var root = RepositoryRoot();
        var text = File.ReadAllText(Path.Combine(root, page)).ReplaceLineEndings("\n");
        var compiled = Directory.GetFiles(Path.Combine(root, "tests", "PaymentCore.Webhooks.Tests", "Docs"), "*.cs")
            .Select(f => File.ReadAllText(f).ReplaceLineEndings("\n"))
            .ToArray();

        var blocks = CSharpBlock().Matches(text).Select(m => m.Groups[1].Value).ToArray();

        Assert.Equal(expectedBlocks, blocks.Length);
        Assert.All(blocks, block => Assert.Contains(block, compiled));
    }

    [Fact]
    public void WebhooksPage_CoversSenderReceiverHeadersRotationScheduleAndSsrf()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "webhooks.md"));

        foreach (var heading in new[] { "## Sender", "## Headers", "## Rotation", "## Delivery policy", "## SSRF", "## Receiver" })
        {
            Assert.Contains(heading, text, StringComparison.Ordinal);
        }

        foreach (var code in new[] { "missing_header", "timestamp_out_of_tolerance", "no_matching_signature", "webhook-id", "webhook-timestamp", "webhook-signature", "Stripe-Signature" })
        {
            Assert.Contains(code, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Package_PacksItsOwnReadme()
    {
        // Every package packs the README of its own folder (Directory.Build.props), not the repository's.
        var props = File.ReadAllText(Path.Combine(RepositoryRoot(), "Directory.Build.props"));

        Assert.True(File.Exists(Path.Combine(RepositoryRoot(), "src", "PaymentCore.Webhooks", "README.md")));
        Assert.Contains("<None Include=\"$(MSBuildProjectDirectory)/README.md\" Pack=\"true\" PackagePath=\"\\\"", props, StringComparison.Ordinal);
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

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
