using FsCheck.Xunit;

namespace PaymentCore.PropertyTests;

/// <summary>
/// FsCheck.Xunit's <see cref="PropertyAttribute"/> with <see cref="PropertyConfig.Cases"/> cases (1,000 unless a
/// mutation run lowers it). On failure FsCheck.Xunit reports the original and the shrunk counterexample and the
/// seed as <c>Replay = "(seed,gamma)"</c>; paste it into the attribute, <c>[PaymentProperty(Replay = "(…,…)")]</c>,
/// to run that exact case again.
/// </summary>
/// <remarks>
/// An attribute argument must be a constant, so <c>[Property(MaxTest = 1000)]</c> cannot read the environment;
/// this subclass sets <see cref="PropertyAttribute.MaxTest"/> when xunit creates it.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PaymentPropertyAttribute : PropertyAttribute
{
    /// <summary>Initializes the attribute with <see cref="PropertyConfig.Cases"/> cases.</summary>
    public PaymentPropertyAttribute() => MaxTest = PropertyConfig.Cases;
}
