using System.Globalization;

namespace BatchPayouts;

/// <summary>The sample's command line.</summary>
internal sealed class Options
{
    public string Input { get; private set; } = string.Empty;

    public string? Store { get; private set; }

    public string? Report { get; private set; }

    public bool Json { get; private set; }

    public bool AllOrNothing { get; private set; }

    /// <summary>Accept a NACHA file whose block count or padding is off (the totals are still checked).</summary>
    public bool LenientAch { get; private set; }

    public string Merchant { get; private set; } = "batch-payouts";

    /// <summary>The account CSV payrolls and NACHA files are paid from (neither names the debtor's account).</summary>
    public string Debtor { get; private set; } = "DE89370400440532013000";

    public int Parallelism { get; private set; } = 4;

    public static bool TryParse(string[] args, out Options options, out string error)
    {
        options = new Options();
        error = string.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--input": options.Input = Value() ?? string.Empty; break;
                case "--store": options.Store = Value(); break;
                case "--report": options.Report = Value(); break;
                case "--merchant": options.Merchant = Value() ?? options.Merchant; break;
                case "--debtor": options.Debtor = Value() ?? options.Debtor; break;
                case "--json": options.Json = true; break;
                case "--all-or-nothing": options.AllOrNothing = true; break;
                case "--lenient-ach-blocks": options.LenientAch = true; break;
                case "--parallelism":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 256)
                    {
                        error = "--parallelism takes a number from 1 to 256.";
                        return false;
                    }

                    options.Parallelism = p;
                    break;
                default:
                    error = $"unknown argument '{args[i]}'.";
                    return false;
            }
        }

        if (string.IsNullOrWhiteSpace(options.Input))
        {
            error = "--input FILE is required.";
            return false;
        }

        return true;
    }
}
