namespace PaymentCore.Tests.Docs;

/// <summary>
/// Checks that a docs page shows a compiled snippet verbatim. A snippet is the text between
/// <c>// begin-snippet: NAME</c> and <c>// end-snippet</c> in a test source file, dedented; the page must hold it
/// as a <c>```csharp</c> block. The test around the snippet runs it, so the docs' code both compiles and works.
/// </summary>
internal static class DocSnippets
{
    public static string RepositoryRoot()
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

    public static string Extract(string sourceFile, string name)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), sourceFile));
        var start = Array.FindIndex(lines, l => l.Trim() == "// begin-snippet: " + name);
        Assert.True(start >= 0, $"snippet '{name}' not found in {sourceFile}");
        var end = Array.FindIndex(lines, start + 1, l => l.Trim() == "// end-snippet");
        Assert.True(end > start, $"snippet '{name}' in {sourceFile} has no end");
        var body = lines[(start + 1)..end];
        var indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())) + "\n";
    }

    public static void AssertPageShows(string page, string sourceFile, string name)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), page)).ReplaceLineEndings("\n");
        var snippet = Extract(sourceFile, name);
        Assert.True(text.Contains("```csharp\n" + snippet + "```", StringComparison.Ordinal), $"{page} does not show snippet '{name}' from {sourceFile} verbatim:\n{snippet}");
    }
}
