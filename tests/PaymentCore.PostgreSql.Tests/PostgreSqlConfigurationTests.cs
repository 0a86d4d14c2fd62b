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
    public void UsePostgreSql_Configuration_BindsEveryValue()
    {
        using var provider = Build(new()
        {
            ["PaymentCore:PostgreSql:ConnectionString"] = "Host=db.example;Database=payments;Username=app",
            ["PaymentCore:PostgreSql:ApplyMigrations"] = "false",
            ["PaymentCore:PostgreSql:AllowPlaintext"] = "true",
        });

        // Not started: start resolves the store (the transaction-id secret lives in it), which needs a server.
        var options = provider.GetRequiredService<IOptions<PostgreSqlTransactionStoreOptions>>().Value;
        Assert.Equal("Host=db.example;Database=payments;Username=app", options.ConnectionString);
        Assert.False(options.ApplyMigrations);
        Assert.True(options.AllowPlaintext);
    }

    [Fact]
    public void UsePostgreSql_NoConnectionString_FailsAtStartNamingTheOption()
    {
        using var provider = Build(new() { ["PaymentCore:PostgreSql:AllowPlaintext"] = "true" });

        // The transaction-id validator (issue 12) resolves the store at start, whose constructor checks the same
        // options again: one failure, or the same failure twice, each naming the option.
        var ex = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        IReadOnlyList<Exception> failures = ex is AggregateException all ? all.InnerExceptions : new[] { ex };
        Assert.All(failures, static f => Assert.IsType<OptionsValidationException>(f));
        Assert.Contains(failures, f => f.Message.Contains("PostgreSqlTransactionStoreOptions.ConnectionString ", StringComparison.Ordinal));
    }

    [Fact]
    public void UsePostgreSql_NoKeyAndNoPlaintext_FailsAtStartNamingEncryption()
    {
        using var provider = Build(new() { ["PaymentCore:PostgreSql:ConnectionString"] = "Host=db.example;Database=payments;Username=app" });

        // The transaction-id validator (issue 12) resolves the store at start, whose constructor checks the same
        // options again: one failure, or the same failure twice, each naming the option.
        var ex = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        IReadOnlyList<Exception> failures = ex is AggregateException all ? all.InnerExceptions : new[] { ex };
        Assert.All(failures, static f => Assert.IsType<OptionsValidationException>(f));
        Assert.Contains(failures, f => f.Message.Contains("PostgreSqlTransactionStoreOptions.Encryption ", StringComparison.Ordinal));
        Assert.All(failures, static f => Assert.DoesNotContain("db.example", f.Message, StringComparison.Ordinal)); // the connection string is never echoed
    }
}
