using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaymentCore.Configuration;

namespace PaymentCore.PostgreSql.Tests;

// Issue 10: the PostgreSQL store binds from PaymentCore:PostgreSql and is validated when the container starts, before
// any connection is opened (the store itself is opened when first resolved, which these tests never do).
public sealed class PostgreSqlConfigurationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddPaymentCore().UsePostgreSql(configuration.GetSection(PaymentCoreSections.PostgreSql)).UseInMemoryDefaults();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void UsePostgreSql_Configuration_StartsWithEveryValueBound()
    {
        using var provider = Build(new()
        {
            ["PaymentCore:PostgreSql:ConnectionString"] = "Host=db.example;Database=payments;Username=app",
            ["PaymentCore:PostgreSql:ApplyMigrations"] = "false",
            ["PaymentCore:PostgreSql:AllowPlaintext"] = "true",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();

        var options = provider.GetRequiredService<IOptions<PostgreSqlTransactionStoreOptions>>().Value;
        Assert.Equal("Host=db.example;Database=payments;Username=app", options.ConnectionString);
        Assert.False(options.ApplyMigrations);
        Assert.True(options.AllowPlaintext);
    }

    [Fact]
    public void UsePostgreSql_NoConnectionString_FailsAtStartNamingTheOption()
    {
        using var provider = Build(new() { ["PaymentCore:PostgreSql:AllowPlaintext"] = "true" });

        // Exactly one failure: start validation checks that a store and an authorizer are registered without making
        // them, so a bad value is reported once and no database is opened.
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("PostgreSqlTransactionStoreOptions.ConnectionString ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UsePostgreSql_NoKeyAndNoPlaintext_FailsAtStartNamingEncryption()
    {
        using var provider = Build(new() { ["PaymentCore:PostgreSql:ConnectionString"] = "Host=db.example;Database=payments;Username=app" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("PostgreSqlTransactionStoreOptions.Encryption ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("db.example", ex.Message, StringComparison.Ordinal); // the connection string is never echoed
    }
}
