using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PaymentCore.Benchmarks.Throughput;

/// <summary>
/// A throwaway PostgreSQL 15 cluster on a free loopback port with the server's default durability (fsync on,
/// synchronous_commit on), stopped and deleted on dispose. As root (CI), the binaries run as the postgres user.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _root;
    private readonly bool _asRoot = Environment.UserName == "root";

    private PostgresServer(string root, string connectionString)
    {
        _root = root;
        ConnectionString = connectionString;
    }

    /// <summary>Gets the connection string of the <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>Starts a cluster.</summary>
    /// <returns>The running server.</returns>
    public static PostgresServer Start()
    {
        if (!File.Exists(Path.Combine(Bin, "pg_ctl")))
        {
            throw new InvalidOperationException($"PostgreSQL is not installed in {Bin}: install it with `apt-get install postgresql`, or set PAYMENTCORE_BENCH_PG to a connection string.");
        }

        var root = Directory.CreateTempSubdirectory("paymentcore-bench-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", ["-R", "postgres:postgres", root], asPostgres: false);
        }

        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var data = Path.Combine(root, "data");
        Run(Path.Combine(Bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"], asRoot);
        Run(Path.Combine(Bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", $"-c max_connections=300 -c listen_addresses=127.0.0.1 -p {port} -k {root}", "start"], asRoot);
        return new PostgresServer(root, $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Run(Path.Combine(Bin, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"], _asRoot);
        Directory.Delete(_root, recursive: true);
    }

    private static void Run(string file, string[] arguments, bool asPostgres)
    {
        var start = asPostgres ? new ProcessStartInfo("runuser") : new ProcessStartInfo(file);
        if (asPostgres)
        {
            foreach (var a in (string[])["-u", "postgres", "--", file])
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {output}");
        }
    }
}
