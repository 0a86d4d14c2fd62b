namespace PaymentCore.Docs.Tests;

public sealed class MarkdownSnippetsTests
{
    [Fact]
    public void Parse_MarkerBeforeTheBlock_SetsPackagesUsingsAndRun()
    {
        const string page = "text\n<!-- snippet: packages=PaymentCore.Sqlite, Microsoft.Extensions.DependencyInjection; usings=PaymentCore; run -->\n```csharp\nvar x = 1;\n```\n";

        var snippet = Assert.Single(MarkdownSnippets.Parse("docs/a.md", page));

        Assert.Equal(("docs/a.md", 3, "var x = 1;\n"), (snippet.File, snippet.Line, snippet.Code));
        Assert.Equal(["PaymentCore.Sqlite", "Microsoft.Extensions.DependencyInjection"], snippet.Packages);
        Assert.Equal(["PaymentCore"], snippet.Usings);
        Assert.True(snippet.Run);
        Assert.Null(snippet.SkipReason);
    }

    [Fact]
    public void Parse_NoMarker_NeedsOnlyPaymentCore_AndOtherFencesAreIgnored()
    {
        const string page = "```bash\ndotnet test\n```\n\n```csharp\nvar a = 1;\n```\n```\nplain\n```\n";

        var snippet = Assert.Single(MarkdownSnippets.Parse("README.md", page));

        Assert.Equal(["PaymentCore"], snippet.Packages);
        Assert.Equal((false, (string?)null), (snippet.Run, snippet.SkipReason));
        Assert.Equal(5, snippet.Line);
    }

    [Fact]
    public void Parse_Skip_KeepsItsReason()
    {
        var snippet = Assert.Single(MarkdownSnippets.Parse("docs/a.md", "<!-- snippet: skip=MyGateway is yours -->\n```csharp\nx\n```\n"));

        Assert.Equal("MyGateway is yours", snippet.SkipReason);
    }

    [Theory]
    [InlineData("<!-- snippet: skip -->\n```csharp\nx\n```\n", "reason")]
    [InlineData("<!-- snippet: pakages=PaymentCore -->\n```csharp\nx\n```\n", "pakages")]
    [InlineData("```csharp\nx\n", "not closed")]
    public void Parse_BadMarkerOrOpenBlock_ThrowsNamingTheProblem(string page, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => MarkdownSnippets.Parse("docs/a.md", page).ToList());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("docs/a.md:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Repository_FindsTheBlocksOfEveryPage()
    {
        var snippets = MarkdownSnippets.Read(PackedSnippets.Root);

        Assert.Contains(snippets, s => s.File == "README.md" && s.Run);
        Assert.Contains(snippets, s => s.File == "docs/stores.md");
        Assert.Contains(snippets, s => s.File == "docs/testing.md");
        // Every package's own README has code: one per folder of src/ that is a package.
        var packages = Directory.GetDirectories(Path.Combine(PackedSnippets.Root, "src")).Count(d => File.Exists(Path.Combine(d, "README.md")));
        Assert.Equal(packages, snippets.Where(s => s.File.StartsWith("src/", StringComparison.Ordinal)).Select(s => s.File).Distinct().Count());
    }
}
