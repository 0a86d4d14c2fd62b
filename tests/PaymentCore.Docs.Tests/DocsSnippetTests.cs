using System.IO.Compression;
using Xunit.Abstractions;

namespace PaymentCore.Docs.Tests;

// Every ```csharp block of README.md, CONTRIBUTING.md, docs/*.md and src/*/README.md compiles in a fresh console
// project that references only the packed packages its marker names (issue 10); blocks marked run also run. The
// packages' own READMEs are the ones packed, and none of their blocks may be skipped.
public sealed class DocsSnippetTests(PackedSnippets packed, ITestOutputHelper output) : IClassFixture<PackedSnippets>
{
    public static TheoryData<string> Compiled() => [.. MarkdownSnippets.Read(PackedSnippets.Root).Where(s => s.SkipReason is null).Select(s => s.ToString())];

    public static TheoryData<string> Runnable() => [.. MarkdownSnippets.Read(PackedSnippets.Root).Where(s => s.SkipReason is null && s.Run).Select(s => s.ToString())];

    public static TheoryData<string> PackageIds() =>
        // A package is a folder of src/ with a project of its name; src/Shared holds sources linked into the store
        // packages and is no package.
        [.. Directory.GetDirectories(Path.Combine(PackedSnippets.Root, "src"))
            .Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj")))
            .Select(d => Path.GetFileName(d)!)
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Compiled))]
    public void Snippet_CompilesAgainstOnlyThePackagesItNames(string snippet)
    {
        var s = Find(snippet);

        var errors = packed.Errors[s.Name];

        Assert.True(errors.Count == 0, $"{s} (packages: {string.Join(", ", s.Packages)}) does not compile:\n{string.Join('\n', errors)}\n--- code ---\n{s.Code}");
    }

    [Theory]
    [MemberData(nameof(Runnable))]
    public void Snippet_MarkedRun_ExitsWithZero(string snippet)
    {
        var s = Find(snippet);
        Assert.True(packed.Runs.TryGetValue(s.Name, out var run), $"{s} did not compile, so it did not run.");

        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, $"{s} exited with {run.ExitCode}:\n{run.Output}");
        Assert.False(string.IsNullOrWhiteSpace(run.Output), $"{s} printed nothing.");
    }

    [Fact]
    public void Build_EveryFailureIsAttributedToABlock()
    {
        // A failing build with no error line of a block's project (a broken feed, a missing pin) must not pass.
        Assert.True(packed.BuildExitCode == 0 || packed.Errors.Values.Any(e => e.Count > 0), "dotnet build failed outside any block:\n" + packed.BuildOutput);
    }

    [Fact]
    public void Skipped_AreListedWithTheirReasons_AndNoneIsInAPackageReadme()
    {
        var skipped = packed.Snippets.Where(s => s.SkipReason is not null).ToList();
        foreach (var s in skipped)
        {
            output.WriteLine($"skipped {s}: {s.SkipReason}");
        }

        Assert.DoesNotContain(skipped, s => s.File.StartsWith("src/", StringComparison.Ordinal));
        Assert.True(packed.Compiled().Count() > skipped.Count, $"{skipped.Count} blocks skipped of {packed.Snippets.Count}");
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void Package_ShipsItsOwnReadme_WithACompiledRunnableOrCompiledBlock(string id)
    {
        var nupkg = Path.Combine(packed.Feed, $"{id}.{packed.Version}.nupkg");
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.GetEntry("README.md");
        Assert.True(entry is not null, $"{id} packs no README.md");
        using var reader = new StreamReader(entry.Open());

        Assert.Equal(File.ReadAllText(Path.Combine(PackedSnippets.Root, "src", id, "README.md")), reader.ReadToEnd());
        Assert.Contains(packed.Compiled(), s => s.File == $"src/{id}/README.md" && s.Packages.Contains(id));
    }

    private MarkdownSnippet Find(string snippet) => packed.Snippets.Single(s => s.ToString() == snippet);
}
