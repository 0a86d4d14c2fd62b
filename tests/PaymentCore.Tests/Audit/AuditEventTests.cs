using PaymentCore.Audit;
using PaymentCore.Payments;

namespace PaymentCore.Tests.Audit;

public sealed class AuditEventTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_AllFields_KeptAndTimeInUtc()
    {
        var e = new AuditEvent("ops-1", "payment.state_changed", new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.FromHours(2)), AuditOutcome.Failure, "transaction/1", "10.1.2.3", "detail");

        Assert.Equal("ops-1", e.Actor);
        Assert.Equal("payment.state_changed", e.EventType);
        Assert.Equal(T0, e.OccurredAt);
        Assert.Equal(TimeSpan.Zero, e.OccurredAt.Offset);
        Assert.Equal(AuditOutcome.Failure, e.Outcome);
        Assert.Equal("transaction/1", e.Resource);
        Assert.Equal("10.1.2.3", e.Origin);
        Assert.Equal("detail", e.Detail);
        Assert.Equal("system", AuditEvent.SystemActor);
    }

    [Theory]
    [InlineData(null, "t", "r", "Actor", "required")]
    [InlineData("", "t", "r", "Actor", "required")]
    [InlineData("  ", "t", "r", "Actor", "required")]
    [InlineData("a", "", "r", "EventType", "required")]
    [InlineData("a", "Payment.Changed", "r", "EventType", "event_type_format")]
    [InlineData("a", "payment changed", "r", "EventType", "event_type_format")]
    [InlineData("a", "t", "", "Resource", "required")]
    [InlineData("a\u0001", "t", "r", "Actor", "no_control_characters")]
    [InlineData("a", "t", "r\n", "Resource", "no_control_characters")]
    public void Create_BadField_RefusedNamingFieldAndRule(string? actor, string eventType, string resource, string field, string rule)
    {
        var ex = Assert.Throws<AuditValidationException>(() => new AuditEvent(actor!, eventType, T0, AuditOutcome.Success, resource));

        Assert.Equal(field, ex.Field);
        Assert.Equal(rule, ex.Rule);
        Assert.Equal(field, ex.ParamName);
    }

    [Fact]
    public void Create_TooLong_RefusedWithLimit()
    {
        var ex = Assert.Throws<AuditValidationException>(() => new AuditEvent(new string('a', 129), "t", T0, AuditOutcome.Success, "r"));
        Assert.Equal(ValidationRules.MaximumLength, ex.Rule);
        Assert.Contains("at most 128", ex.Message, StringComparison.Ordinal);

        Assert.Throws<AuditValidationException>(() => new AuditEvent("a", "t", T0, AuditOutcome.Success, new string('r', 257)));
        Assert.Throws<AuditValidationException>(() => new AuditEvent("a", "t", T0, AuditOutcome.Success, "r", detail: new string('d', 2049)));
        Assert.Equal(2048, new AuditEvent("a", "t", T0, AuditOutcome.Success, "r", detail: new string('d', 2048)).Detail!.Length);
    }

    [Fact]
    public void Create_UndefinedOutcome_Refused()
    {
        var ex = Assert.Throws<AuditValidationException>(() => new AuditEvent("a", "t", T0, (AuditOutcome)0, "r"));
        Assert.Equal("Outcome", ex.Field);
        Assert.Equal(ValidationRules.Defined, ex.Rule);
    }

    [Theory]
    [InlineData("Actor")]
    [InlineData("Resource")]
    [InlineData("Origin")]
    [InlineData("Detail")]
    public void Create_CardNumberInAnyField_RefusedWithoutQuotingIt(string field)
    {
        const string pan = "4242 4242 4242 4242";
        var ex = Assert.Throws<AuditValidationException>(() => new AuditEvent(
            field == "Actor" ? "user " + pan : "user",
            "t",
            T0,
            AuditOutcome.Success,
            field == "Resource" ? "card/" + pan : "transaction/1",
            field == "Origin" ? pan : null,
            field == "Detail" ? $"charged {pan} ok" : null));

        Assert.Equal(field, ex.Field);
        Assert.Equal(ValidationRules.NoCardNumber, ex.Rule);
        Assert.DoesNotContain("4242", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_LineBreaksInDetail_Allowed_EmptyOptional_IsNull()
    {
        var e = new AuditEvent("a", "t", T0, AuditOutcome.Success, "r", origin: "", detail: "line 1\nline 2\ttab");

        Assert.Null(e.Origin);
        Assert.Equal("line 1\nline 2\ttab", e.Detail);
        Assert.Throws<AuditValidationException>(() => new AuditEvent("a", "t", T0, AuditOutcome.Success, "r", origin: " "));
    }

    [Fact]
    public void Equality_SameFields_Equal()
    {
        Assert.Equal(new AuditEvent("a", "t", T0, AuditOutcome.Success, "r"), new AuditEvent("a", "t", T0, AuditOutcome.Success, "r"));
        Assert.NotEqual(new AuditEvent("a", "t", T0, AuditOutcome.Success, "r"), new AuditEvent("a", "t", T0, AuditOutcome.Failure, "r"));
    }
}
