using System.Reflection;
using FsCheck;
using FsCheck.Xunit;

namespace PaymentCore.PropertyTests;

// The floor of 1,000 cases per property (issue 3) holds for every property of this assembly, not only the ones
// someone remembered to configure.
public class PropertyConfigTests
{
    [Fact]
    public void PaymentProperty_WithoutTheMutationVariable_Runs1000Cases()
    {
        Assert.Null(Environment.GetEnvironmentVariable("PAYMENTCORE_PROPERTY_CASES"));

        Assert.Equal(1000, new PaymentPropertyAttribute().MaxTest);
    }

    [Fact]
    public void EveryProperty_RunsAtLeast1000Cases_AndNoneIsPinnedToAReplay()
    {
        var properties = typeof(PropertyConfigTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<PropertyAttribute>()))
            .Where(p => p.Attribute is not null || p.Method.ReturnType == typeof(Property))
            .ToList();

        Assert.True(properties.Count >= 16, $"{properties.Count} properties found");
        Assert.All(properties, p =>
        {
            Assert.True(p.Attribute is not null, $"{p.Method.Name} returns a Property but has no [PaymentProperty]: it would never run.");
            Assert.True(p.Attribute!.MaxTest >= 1000, $"{p.Method.Name} runs {p.Attribute.MaxTest} cases.");
            Assert.True(p.Attribute.Replay is null, $"{p.Method.Name} is pinned to Replay {p.Attribute.Replay}: remove it once the failure is fixed.");
        });
    }
}
