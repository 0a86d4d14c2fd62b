using System.Globalization;
using System.Text;
using PaymentCore.Testing.Assertions;
using PaymentCore.Testing.Time;
using PaymentCore.Testing;

namespace PaymentCore.SimulationTests;

/// <summary>The result of one seed: the trace, and the broken invariant if any.</summary>
public sealed record SimulationRun(int Seed, IReadOnlyList<string> Trace, string? Failure)
{
    public bool Passed => Failure is null;

    public string Report()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Seed {Seed} failed: {Failure}\nReplay: PAYMENTCORE_SIM_SEED={Seed} dotnet test tests/PaymentCore.SimulationTests --filter ReplaySeed\nTrace:\n");
        foreach (var line in Trace)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>Overrides of what a seed would draw, for tests that need one shape of run.</summary>
/// <param name="Holds">Healthy manual authorizations that wait for the merchant during the whole run.</param>
/// <param name="BatchSize">The recovery batch size.</param>
public sealed record SimulationShape(int? Holds = null, int? BatchSize = null);

/// <summary>
/// A deterministic simulation: from a seed alone it builds a workload (payments across currencies and accounts,
/// manual and automatic capture, partial captures and refunds, voids, concurrent operations on one payment,
/// duplicate and concurrent submissions with one key, thousands of healthy holds) and a fault plan (authorizer
/// errors and timeouts before and after the charge, slow answers, permanent refusals, outcomes that stay unknown,
/// store write failures, notifier failures, crashes between any two steps), runs it on a fake clock, recovers,
/// and checks every invariant of issues 4 and 9.
/// </summary>
public static class Simulation
{
    public static SimulationRun Run(int seed, SimulationShape? shape = null)
    {
        var world = new SimulationWorld(new Random(seed), new FastForwardTimeProvider());

        // A slow answer's continuation must run inline when the run releases it, not be posted to the test
        // framework's context: that is what makes the interleaving of concurrent calls the seed's alone.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            new SimulationRunner(seed, world, shape ?? new SimulationShape()).RunAsync().AsTask().GetAwaiter().GetResult();
            return new SimulationRun(seed, world.Trace, null);
        }
        catch (Exception ex) when (ex is PaymentInvariantException or SimulationInvariantException)
        {
            return new SimulationRun(seed, world.Trace, ex.Message);
        }
        catch (Exception ex)
        {
            return new SimulationRun(seed, world.Trace, "unexpected " + ex);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }
}
