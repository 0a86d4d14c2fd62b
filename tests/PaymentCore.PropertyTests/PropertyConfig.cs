using FsCheck;

namespace PaymentCore.PropertyTests;

/// <summary>The one FsCheck configuration every property runs with.</summary>
internal static class PropertyConfig
{
    /// <summary>
    /// 1,000 cases per property. QuickThrowOnFailure throws with the original and the shrunk counterexample and
    /// the "(StdGen (seed,gamma))" pair; replay a failure with <c>Default.WithReplay(seed, gamma)</c>.
    /// </summary>
    public static Config Default { get; } = Config.QuickThrowOnFailure.WithMaxTest(1000);

    /// <summary>Replays one failing run: paste the seed and gamma FsCheck printed.</summary>
    public static Config Replay(ulong seed, ulong gamma) => Default.WithReplay(seed, gamma);
}
