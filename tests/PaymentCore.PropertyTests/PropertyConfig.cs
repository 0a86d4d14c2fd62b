namespace PaymentCore.PropertyTests;

/// <summary>How many cases every property runs.</summary>
internal static class PropertyConfig
{
    /// <summary>
    /// 1,000, the floor issue 3 sets for CI. Only a mutation run may lower it, with the environment variable
    /// PAYMENTCORE_PROPERTY_CASES (docs/testing.md), so that Stryker's hundreds of test runs fit in minutes.
    /// </summary>
    public static int Cases =>
        int.TryParse(Environment.GetEnvironmentVariable("PAYMENTCORE_PROPERTY_CASES"), out var n) && n > 0 ? n : 1000;
}
