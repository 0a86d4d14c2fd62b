using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PaymentCore.PostgreSql.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests: <c>initdb</c> into a temporary folder, <c>pg_ctl start</c> on a
/// free loopback port with fsync off, stopped and deleted after the collection. PostgreSQL refuses to run as
/// root, so when the tests run as root (CI) the binaries run as the <c>postgres</c> system user through
/// <c>runuser</c>, in a folder that user owns. A missing server fails the run: tests never skip silently.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private static int _databases;
    private string? _root;
    private string? _binDirectory;

    /// <summary>Gets the connection string of the <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; private set; } = string.Empty;

    /// <summary>Gets the port.</summary>
    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        _binDirectory = FindBinaries();
        _root = Directory.CreateTempSubdirectory("paymentcore-pg-").FullName;
        var data = Path.Combine(_root, "data");
        var sockets = Path.Combine(_root, "sockets");
        Directory.CreateDirectory(sockets);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _root], asPostgres: false);
        }

        Port = FreePort();
        await RunAsync(Path.Combine(_binDirectory, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"], asRoot);
        await RunAsync(
            Path.Combine(_binDirectory, "pg_ctl"),
            ["-D", data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", $"-F -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c listen_addresses=127.0.0.1 -p {Port} -k {sockets}", "start"],
            asRoot);
        AdminConnectionString = $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";
    }

    /// <summary>Creates a new, empty database and returns its connection string.</summary>
    /// <param name="maxPoolSize">The pool size of the returned connection string.</param>
    /// <returns>The connection string.</returns>
    public async Task<string> CreateDatabaseAsync(int maxPoolSize = 50)
    {
        var name = $"pc_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Maximum Pool Size={maxPoolSize}";
    }

    /// <summary>
    /// Dumps a database with <c>pg_dump</c> (schema and data, plain SQL), as an attacker with a backup or a
    /// database login would read it: what the encryption tests scan for plaintext.
    /// </summary>
    /// <param name="connectionString">A connection string returned by <see cref="CreateDatabaseAsync"/>.</param>
    /// <returns>The dump's text (Latin-1, so every byte maps to one character).</returns>
    public async Task<string> DumpAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        var start = new ProcessStartInfo(Path.Combine(_binDirectory!, "pg_dump"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.Latin1,
        };
        foreach (var argument in (string[])["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", database, "--no-password"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_dump exited with {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }

    /// <summary>
    /// Appends the bytes of every bytea value of a dump (pg_dump writes them in hex, <c>\\x7b22…</c>) to its text,
    /// so a scan sees plaintext stored in a bytea column as well as in text columns.
    /// </summary>
    /// <param name="dump">The dump.</param>
    /// <returns>The dump followed by the decoded bytes (Latin-1).</returns>
    public static string DecodeByteaInDump(string dump)
    {
        var decoded = new System.Text.StringBuilder(dump, dump.Length * 2);
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(dump, @"\\x((?:[0-9a-f]{2})+)"))
        {
            decoded.Append('\n').Append(System.Text.Encoding.Latin1.GetString(Convert.FromHexString(match.Groups[1].Value)));
        }

        return decoded.ToString();
    }

    /// <summary>Options with a fixed test key (encryption on), for tests that need no particular key.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The options.</returns>
    public static PostgreSqlTransactionStoreOptions Encrypted(string connectionString) => new()
    {
        ConnectionString = connectionString,
        Encryption = PaymentCore.DataProtection.KeyRing.Create(new PaymentCore.DataProtection.KeySet(
            [new PaymentCore.DataProtection.DataKey("test", Enumerable.Repeat((byte)7, 32).ToArray())], "test", "test")),
    };

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_root is null || _binDirectory is null)
        {
            return;
        }

        try
        {
            await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"], Environment.UserName == "root");
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string FindBinaries()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } fromEnv)
        {
            candidates.Add(fromEnv);
        }

        candidates.Add("/usr/lib/postgresql/15/bin");
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")));
        }

        foreach (var candidate in candidates)
        {
            if (File.Exists(Path.Combine(candidate, "initdb")) && File.Exists(Path.Combine(candidate, "pg_ctl")))
            {
                return candidate;
            }
        }

        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        throw new InvalidOperationException(
            (ci ? "CI=true and the PostgreSQL server binaries are missing: the PostgreSQL store tests cannot run. " : "The PostgreSQL server binaries (initdb, pg_ctl) were not found, so the PostgreSQL store tests cannot run. ")
            + $"Looked in: {string.Join(", ", candidates)}. Install them with `apt-get install postgresql` (Debian/Ubuntu), or set PG_BIN to the folder holding initdb and pg_ctl.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, string[] arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in (string[])["-u", "postgres", "--", program])
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL cluster";
}
