using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PaymentCore.Docs.Tests;

/// <summary>
/// Packs every package of src/ into a local feed in a temporary folder, writes one fresh console project per
/// Markdown block that references only the packages its marker names (from that feed), builds them all in one
/// <c>dotnet build</c>, and runs the ones marked <c>run</c>. Shared by the tests of <see cref="DocsSnippetTests"/>
/// so it all happens once per run.
/// </summary>
/// <remarks>
/// <para>A real restore and build, rather than Roslyn against the built assemblies, because the point is what a
/// package user gets: a missing package dependency, a type that is internal, a README that is not packed, a
/// namespace the block forgets all fail here as they would for the user. It costs one pack and one build of
/// small projects (about a minute on 2 cores), not one build per block.</para>
/// <para>The packages get a version of their own per run (0.1.0-docs.N), restored into a temporary packages folder
/// with the machine's cache as a fallback, so a stale package of an earlier run can never be used and nothing is
/// left in the user's cache. The projects pin versions through a copy of the repository's
/// Directory.Packages.props: a user needs no pins, but the registry this repository builds from lacks some
/// versions that NuGet's lowest-applicable rule would pick (see that file).</para>
/// </remarks>
public sealed partial class PackedSnippets : IAsyncLifetime
{
    private readonly string _workspace = Path.Combine(Path.GetTempPath(), "paymentcore-docs-" + Guid.NewGuid().ToString("N")[..12]);

    public static string Root { get; } = FindRoot();

    public string Version { get; } = "0.1.0-docs." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    public IReadOnlyList<MarkdownSnippet> Snippets { get; } = MarkdownSnippets.Read(Root);

    public string Feed => Path.Combine(_workspace, "feed");

    public IReadOnlyList<string> PackageIds { get; private set; } = [];

    /// <summary>Gets the build errors of each compiled block (empty when it compiled), by block name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Gets the exit code and output of each block marked <c>run</c>, by block name.</summary>
    public IReadOnlyDictionary<string, (int ExitCode, string Output)> Runs { get; private set; } = new Dictionary<string, (int, string)>();

    public string BuildOutput { get; private set; } = string.Empty;

    public int BuildExitCode { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        await PackAsync();
        WriteWorkspace();
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_workspace, "packages") };
        (BuildExitCode, BuildOutput) = await Dotnet.RunAsync(_workspace, environment, "build", "snippets.slnx", "-nodeReuse:false", "-nologo", "-clp:NoSummary", "-v:q");
        Errors = Compiled().ToDictionary(s => s.Name, s => (IReadOnlyList<string>)ErrorsOf(s.Name));
        var runs = new Dictionary<string, (int, string)>();
        foreach (var snippet in Compiled().Where(s => s.Run && Errors[s.Name].Count == 0))
        {
            var dll = Path.Combine(_workspace, snippet.Name, "bin", "Debug", "net10.0", snippet.Name + ".dll");
            runs[snippet.Name] = await Dotnet.RunAsync(Path.Combine(_workspace, snippet.Name), environment, dll);
        }

        Runs = runs;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_workspace, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is not a test failure.
        }

        return Task.CompletedTask;
    }

    public IEnumerable<MarkdownSnippet> Compiled() => Snippets.Where(s => s.SkipReason is null);

    private async Task PackAsync()
    {
        var configuration = typeof(PackedSnippets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        var projects = Directory.GetDirectories(Path.Combine(Root, "src")).Select(d => Path.Combine(d, Path.GetFileName(d) + ".csproj")).Where(File.Exists).Order(StringComparer.Ordinal).ToList();
        // One pack of all of them (one MSBuild, in parallel) through a solution of the src projects.
        var solution = Path.Combine(_workspace, "pack.slnx");
        File.WriteAllText(solution, "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{Path.GetRelativePath(_workspace, p).Replace('\\', '/')}\" />\n")) + "</Solution>\n");
        var (exit, output) = await Dotnet.RunAsync(_workspace, null, "pack", solution, "-c", configuration, "--no-build", "-nodeReuse:false", "-o", Feed, "-p:PackageVersion=" + Version, "-p:NuspecOutputPath=" + Path.Combine(_workspace, "nuspec") + Path.DirectorySeparatorChar);
        if (exit != 0)
        {
            throw new InvalidOperationException($"dotnet pack failed (build the solution in {configuration} first):\n{output}");
        }

        PackageIds = [.. projects.Select(Path.GetFileNameWithoutExtension).Select(id => id!)];
    }

    private void WriteWorkspace()
    {
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(_workspace, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="paymentcore-local" value="{Feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine-cache" value="{globalPackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);

        var pins = XDocument.Load(Path.Combine(Root, "Directory.Packages.props"));
        pins.Root!.Add(new XElement("ItemGroup", PackageIds.Select(id => new XElement("PackageVersion", new XAttribute("Include", id), new XAttribute("Version", Version)))));
        pins.Save(Path.Combine(_workspace, "Directory.Packages.props"));

        // Stop the search for Directory.Build.props / .targets here: nothing of the repository's build applies.
        File.WriteAllText(Path.Combine(_workspace, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_workspace, "Directory.Build.targets"), "<Project />");

        var solution = new StringBuilder("<Solution>\n");
        foreach (var snippet in Compiled())
        {
            var folder = Path.Combine(_workspace, snippet.Name);
            Directory.CreateDirectory(folder);
            var references = string.Concat(snippet.Packages.Select(p => $"    <PackageReference Include=\"{p}\" />\n"));
            File.WriteAllText(Path.Combine(folder, snippet.Name + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                    <CentralPackageTransitivePinningEnabled>true</CentralPackageTransitivePinningEnabled>
                    <!-- CS7022: a block with top-level statements makes SnippetEntry.Main unused; that is expected. -->
                    <NoWarn>$(NoWarn);CS7022</NoWarn>
                  </PropertyGroup>
                  <ItemGroup>
                {references}  </ItemGroup>
                </Project>
                """);
            var usings = string.Concat(snippet.Usings.Select(u => $"using {u};\n"));
            File.WriteAllText(Path.Combine(folder, "Snippet.cs"), usings + snippet.Code);

            // The entry point of a block that declares only types (a test class, a service); ignored when the
            // block has top-level statements.
            File.WriteAllText(Path.Combine(folder, "SnippetEntry.cs"), "internal static class SnippetEntry\n{\n    private static void Main()\n    {\n    }\n}\n");
            solution.Append(CultureInfo.InvariantCulture, $"  <Project Path=\"{snippet.Name}/{snippet.Name}.csproj\" />\n");
        }

        File.WriteAllText(Path.Combine(_workspace, "snippets.slnx"), solution.Append("</Solution>\n").ToString());
    }

    private List<string> ErrorsOf(string name) =>
        [.. BuildOutput.Split('\n')
            .Select(l => l.TrimEnd())
            .Where(l => ErrorLine().IsMatch(l) && l.EndsWith($"{name}.csproj]", StringComparison.Ordinal))
            .Select(l => l.Replace(_workspace + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal))
            .Distinct()];

    private static string FindRoot()
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

    [GeneratedRegex(@":\s*error\s+[A-Z]+\d+\s*:")]
    private static partial Regex ErrorLine();
}
