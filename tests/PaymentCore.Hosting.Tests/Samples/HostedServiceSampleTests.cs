using System.Diagnostics;

namespace PaymentCore.Hosting.Tests.Samples;

/// <summary>Runs samples/HostedService as a user would (its own process, to completion) and reads what it printed.</summary>
public sealed class HostedServiceSampleTests
{
    [Fact]
    public async Task Sample_RunsToCompletion_DeliversSignedWebhooks_AndPrintsMetricsAndTraces()
    {
        var (code, output) = await RunSampleAsync();

        Assert.True(code == 0, $"exit code {code}:\n{output}");
        Assert.Contains("webhooks verified: 8 of 8, rejected: 0, with traceparent: 8", output, StringComparison.Ordinal);
        Assert.Contains("Declined Declined (insufficient_funds, advice UseAnotherInstrument)", output, StringComparison.Ordinal);
        foreach (var check in new[] { "store", "outbox", "dead_letters", "recovery" })
        {
            Assert.Contains($"health paymentcore.{check}: Healthy", output, StringComparison.Ordinal);
        }

        // OpenTelemetry's console exporter: the spans as they ended, the metrics when the host stopped.
        foreach (var span in new[] { "paymentcore.process", "paymentcore.authorizer.authorize", "paymentcore.store.write", "paymentcore.event.deliver" })
        {
            Assert.Contains("Activity.DisplayName:        " + span, output, StringComparison.Ordinal);
        }

        Assert.Contains("Metric Name: paymentcore.payments, Description: Payment operations completed, by outcome., Unit: {operation}, Metric Type: LongSum", output, StringComparison.Ordinal);
        Assert.Contains("Metric Name: paymentcore.payment.duration", output, StringComparison.Ordinal);
        Assert.Contains("Metric Name: paymentcore.authorizer.duration", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunSampleAsync()
    {
        // tests/PaymentCore.Hosting.Tests/bin/<configuration>/net10.0/ → the sample's bin/<configuration>/net10.0/.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (!File.Exists(Path.Combine(root.FullName, "PaymentCore.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("The repository root (PaymentCore.sln) was not found above " + AppContext.BaseDirectory);
        }

        var sample = Path.Combine(root.FullName, "samples", "HostedService", "bin", configuration, framework, "HostedService.dll");
        Assert.True(File.Exists(sample), sample + " was not built");
        var start = new ProcessStartInfo("dotnet", [sample])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // a hang guard, not a timing assertion
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
