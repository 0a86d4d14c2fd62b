namespace PaymentCore.Docs.Tests;

/// <summary>One ```csharp block of a Markdown page, with what its marker comment says about it.</summary>
/// <param name="File">The page, relative to the repository root, with forward slashes.</param>
/// <param name="Line">The line of the opening fence (1-based).</param>
/// <param name="Code">The code between the fences.</param>
/// <param name="Packages">The packages a user's project references to compile it.</param>
/// <param name="Usings">Namespaces the page states in prose rather than in the block; added before the code.</param>
/// <param name="Run">Whether the compiled program is also run (it must exit with 0).</param>
/// <param name="SkipReason">Why the block is not compiled (a fragment), or <see langword="null"/>.</param>
public sealed record MarkdownSnippet(
    string File,
    int Line,
    string Code,
    IReadOnlyList<string> Packages,
    IReadOnlyList<string> Usings,
    bool Run,
    string? SkipReason)
{
    /// <summary>Gets a name usable as a project name: the page and the line.</summary>
    public string Name => string.Concat(File.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')) + "_L" + Line;

    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}";
}
