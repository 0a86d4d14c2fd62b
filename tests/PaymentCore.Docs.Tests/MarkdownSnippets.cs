using System.Text.RegularExpressions;

namespace PaymentCore.Docs.Tests;

/// <summary>
/// Finds the ```csharp blocks of the repository's Markdown pages. An HTML comment on the line before a block
/// (invisible on GitHub and NuGet) says how to compile it:
/// <c>&lt;!-- snippet: packages=PaymentCore.Sqlite,Microsoft.Extensions.DependencyInjection; usings=PaymentCore; run --&gt;</c>,
/// or <c>&lt;!-- snippet: skip=the reason --&gt;</c> for a fragment. Without a comment a block needs only the PaymentCore package.
/// </summary>
public static partial class MarkdownSnippets
{
    /// <summary>The packages a block references when its comment names none.</summary>
    public static readonly IReadOnlyList<string> DefaultPackages = ["PaymentCore"];

    /// <summary>Lists the pages whose blocks must compile: README.md, docs/*.md, CONTRIBUTING.md and each package's README.</summary>
    /// <param name="root">The repository root.</param>
    /// <returns>The pages, relative to <paramref name="root"/>.</returns>
    public static IReadOnlyList<string> Pages(string root) =>
        [
            .. new[] { "README.md", "CONTRIBUTING.md" }.Where(p => File.Exists(Path.Combine(root, p))),
            .. Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Select(p => Path.GetRelativePath(root, p)).Order(StringComparer.Ordinal),
            .. Directory.GetDirectories(Path.Combine(root, "src")).Select(d => Path.Combine(d, "README.md")).Where(File.Exists)
                .Select(p => Path.GetRelativePath(root, p)).Order(StringComparer.Ordinal),
        ];

    /// <summary>Reads every ```csharp block of every page.</summary>
    /// <param name="root">The repository root.</param>
    /// <returns>The blocks, page by page, in order.</returns>
    /// <exception cref="FormatException">A marker comment names an unknown key, or a block is not closed.</exception>
    public static IReadOnlyList<MarkdownSnippet> Read(string root) =>
        [.. Pages(root).SelectMany(page => Parse(page.Replace('\\', '/'), File.ReadAllText(Path.Combine(root, page))))];

    /// <summary>Reads the ```csharp blocks of one page.</summary>
    /// <param name="file">The page's name, for messages.</param>
    /// <param name="markdown">The page's text.</param>
    /// <returns>The blocks, in order.</returns>
    /// <exception cref="FormatException">A marker comment names an unknown key, or a block is not closed.</exception>
    public static IEnumerable<MarkdownSnippet> Parse(string file, string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "```csharp")
            {
                continue;
            }

            var start = i;
            var end = Array.FindIndex(lines, start + 1, l => l.TrimEnd() == "```");
            if (end < 0)
            {
                throw new FormatException($"{file}:{start + 1}: the ```csharp block is not closed.");
            }

            var code = string.Join('\n', lines[(start + 1)..end]) + "\n";
            var marker = start > 0 ? Marker().Match(lines[start - 1]) : Match.Empty;
            yield return marker.Success
                ? FromMarker(file, start + 1, code, marker.Groups["body"].Value)
                : new MarkdownSnippet(file, start + 1, code, DefaultPackages, [], Run: false, SkipReason: null);
            i = end;
        }
    }

    private static MarkdownSnippet FromMarker(string file, int line, string code, string body)
    {
        IReadOnlyList<string> packages = DefaultPackages;
        IReadOnlyList<string> usings = [];
        var run = false;
        string? skip = null;
        foreach (var part in body.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, value) = part.IndexOf('=', StringComparison.Ordinal) is var eq and >= 0
                ? (part[..eq].Trim(), part[(eq + 1)..].Trim())
                : (part, string.Empty);
            switch (key)
            {
                case "packages": packages = List(value); break;
                case "usings": usings = List(value); break;
                case "run": run = true; break;
                case "skip": skip = value.Length > 0 ? value : throw new FormatException($"{file}:{line}: 'skip' needs a reason: skip=why this block is a fragment."); break;
                default: throw new FormatException($"{file}:{line}: unknown snippet key '{key}' (known: packages, usings, run, skip).");
            }
        }

        return new MarkdownSnippet(file, line, code, packages, usings, run, skip);
    }

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"^\s*<!--\s*snippet:(?<body>.*?)-->\s*$")]
    private static partial Regex Marker();
}
