namespace PaymentCore.Tests;

/// <summary>
/// The equality and comparison contract every PaymentCore value type must keep, checked the same way for each
/// (after NodaTime's TestHelper): Equals(T), Equals(object), GetHashCode, ==, != and CompareTo agree.
/// </summary>
public static class ValueTypeContract
{
    /// <summary>Asserts that <paramref name="value"/> equals <paramref name="equalValue"/> and differs from each of <paramref name="unequalValues"/>.</summary>
    public static void AssertEquality<T>(T value, T equalValue, params T[] unequalValues)
        where T : struct, IEquatable<T>
    {
        Assert.True(value.Equals(value), "Equals(self)");
        Assert.True(value.Equals(equalValue), "Equals(equal)");
        Assert.True(equalValue.Equals(value), "Equals is symmetric");
        Assert.True(value.Equals((object)equalValue), "Equals(object equal)");
        Assert.Equal(value.GetHashCode(), equalValue.GetHashCode());
        Assert.True(Operators<T>.Equal(value, equalValue), "== equal");
        Assert.False(Operators<T>.NotEqual(value, equalValue), "!= equal");
        Assert.False(value.Equals(null), "Equals(null)");
        Assert.False(value.Equals(new object()), "Equals(other type)");

        foreach (T unequal in unequalValues)
        {
            Assert.False(value.Equals(unequal), $"Equals({unequal})");
            Assert.False(unequal.Equals(value), $"{unequal}.Equals is symmetric");
            Assert.False(value.Equals((object)unequal), $"Equals(object {unequal})");
            Assert.False(Operators<T>.Equal(value, unequal), $"== {unequal}");
            Assert.True(Operators<T>.NotEqual(value, unequal), $"!= {unequal}");
        }
    }

    /// <summary>
    /// Asserts that <paramref name="value"/> compares equal to <paramref name="equalValue"/> and strictly between
    /// <paramref name="lesser"/> and <paramref name="greater"/>, consistently with equality and the operators.
    /// </summary>
    public static void AssertComparison<T>(T lesser, T value, T equalValue, T greater)
        where T : struct, IEquatable<T>, IComparable<T>
    {
        AssertEquality(value, equalValue, lesser, greater);

        Assert.Equal(0, value.CompareTo(equalValue));
        Assert.Equal(0, value.CompareTo(value));
        Assert.True(lesser.CompareTo(value) < 0, "lesser < value");
        Assert.True(value.CompareTo(lesser) > 0, "value > lesser (antisymmetric)");
        Assert.True(value.CompareTo(greater) < 0, "value < greater");
        Assert.True(greater.CompareTo(value) > 0, "greater > value (antisymmetric)");
        Assert.True(lesser.CompareTo(greater) < 0, "transitive");

        if (value is IComparable nonGeneric)
        {
            Assert.Equal(0, nonGeneric.CompareTo(equalValue));
            Assert.True(nonGeneric.CompareTo(greater) < 0, "IComparable value < greater");
            Assert.True(nonGeneric.CompareTo(null) > 0, "null sorts first");
            Assert.Throws<ArgumentException>(() => nonGeneric.CompareTo(new object()));
        }

        if (Operators<T>.LessThan is not null)
        {
            Assert.True(Operators<T>.LessThan(lesser, value));
            Assert.False(Operators<T>.LessThan(value, equalValue));
            Assert.True(Operators<T>.LessThanOrEqual!(value, equalValue));
            Assert.True(Operators<T>.LessThanOrEqual(lesser, value));
            Assert.False(Operators<T>.LessThanOrEqual(greater, value));
            Assert.True(Operators<T>.GreaterThan!(greater, value));
            Assert.False(Operators<T>.GreaterThan(value, equalValue));
            Assert.True(Operators<T>.GreaterThanOrEqual!(value, equalValue));
            Assert.True(Operators<T>.GreaterThanOrEqual(greater, value));
            Assert.False(Operators<T>.GreaterThanOrEqual(lesser, value));
        }
    }

    // The operators are found by reflection once per type, so the helper checks the user-visible ==, <, ...
    // rather than Equals twice. Equality operators are required; ordering operators are checked when present.
    private static class Operators<T>
    {
        public static readonly Func<T, T, bool> Equal = Find("op_Equality")
            ?? throw new InvalidOperationException($"{typeof(T)} has no == operator.");

        public static readonly Func<T, T, bool> NotEqual = Find("op_Inequality")
            ?? throw new InvalidOperationException($"{typeof(T)} has no != operator.");

        public static readonly Func<T, T, bool>? LessThan = Find("op_LessThan");
        public static readonly Func<T, T, bool>? LessThanOrEqual = Find("op_LessThanOrEqual");
        public static readonly Func<T, T, bool>? GreaterThan = Find("op_GreaterThan");
        public static readonly Func<T, T, bool>? GreaterThanOrEqual = Find("op_GreaterThanOrEqual");

        private static Func<T, T, bool>? Find(string name)
        {
            var method = typeof(T).GetMethod(name, [typeof(T), typeof(T)]);
            return method is null ? null : method.CreateDelegate<Func<T, T, bool>>();
        }
    }
}
