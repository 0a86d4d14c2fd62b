using System.Diagnostics;

namespace PaymentCore.Tests.Proofs;

/// <summary>Starts the PaymentCore.StoreChild program (copied next to the test assembly) as a separate process.</summary>
internal static class ChildProcess
{
    public static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PaymentCore.StoreChild.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The child process did not start.");
    }
}
