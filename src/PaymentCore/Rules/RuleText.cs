using System.Globalization;

namespace PaymentCore.Rules;

/// <summary>How the built-in rules write figures in their explanations.</summary>
internal static class RuleText
{
    /// <summary>Writes a window the way people read it: <c>24 h</c>, <c>30 min</c>, <c>7 d</c>, <c>90 s</c>.</summary>
    public static string Window(TimeSpan window) =>
        window.Ticks % TimeSpan.TicksPerDay == 0 && window >= TimeSpan.FromDays(2) ? string.Create(CultureInfo.InvariantCulture, $"{window.Ticks / TimeSpan.TicksPerDay} d")
        : window.Ticks % TimeSpan.TicksPerHour == 0 ? string.Create(CultureInfo.InvariantCulture, $"{window.Ticks / TimeSpan.TicksPerHour} h")
        : window.Ticks % TimeSpan.TicksPerMinute == 0 ? string.Create(CultureInfo.InvariantCulture, $"{window.Ticks / TimeSpan.TicksPerMinute} min")
        : string.Create(CultureInfo.InvariantCulture, $"{window.TotalSeconds} s");
}
