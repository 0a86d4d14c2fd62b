using System.Reflection;
using PaymentCore.Transactions;

namespace PaymentCore.Tests.Transactions;

// Issue 10: only the state machine (and our own packages, through InternalsVisibleTo) can make a TransactionRecord,
// so a user cannot build a record the state machine never allowed.
public sealed class TransactionRecordSurfaceTests
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    [Fact]
    public void TransactionRecord_HasNoPublicOrProtectedConstructor()
    {
        var type = typeof(TransactionRecord);
        var callable = type.GetConstructors(Everything)
            .Where(static c => c.IsPublic || c.IsFamily || c.IsFamilyOrAssembly)
            .Select(static c => c.ToString())
            .ToList();

        Assert.True(type.IsSealed, "TransactionRecord must be sealed, so its copy constructor is private rather than protected.");
        Assert.Empty(callable);
        Assert.NotEmpty(type.GetConstructors(Everything)); // the test looks at real constructors
    }

    [Fact]
    public void TransactionRecord_HasNoPublicSetterOrInit()
    {
        var properties = typeof(TransactionRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var settable = properties
            .Where(static p => p.SetMethod is { } set && (set.IsPublic || set.IsFamily || set.IsFamilyOrAssembly))
            .Select(static p => p.Name)
            .ToList();

        Assert.Empty(settable);
        Assert.Contains(properties, static p => p.SetMethod is not null); // internal init accessors exist: the test is not vacuous
    }

    [Fact]
    public void TransactionRecord_EveryInitAccessorIsInternal()
    {
        // Internal, not private: the state machine and our stores set them; `with` outside our assemblies cannot.
        var init = typeof(TransactionRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(static p => p.SetMethod)
            .OfType<MethodInfo>();

        Assert.All(init, static set => Assert.True(set.IsAssembly, $"{set.Name} must be internal"));
    }
}
