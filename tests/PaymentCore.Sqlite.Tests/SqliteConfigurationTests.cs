using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaymentCore.Configuration;
using PaymentCore.Storage;

namespace PaymentCore.Sqlite.Tests;

// Issue 10: the SQLite store binds from PaymentCore:Sqlite and is validated when the container starts.
public sealed class SqliteConfigurationTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private Dictionary<string, string?> Full() => new()
    {
        ["PaymentCore:Sqlite:ConnectionString"] = _database.ConnectionString(),
        ["PaymentCore:Sqlite:Synchronous"] = "Normal",
        ["PaymentCore:Sqlite:BusyTimeout"] = "00:00:07",
        ["PaymentCore:Sqlite:AllowPlaintext"] = "true",
    };

    private static ServiceProvider Build(Dictionary<string, string?> values, bool withKey = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        if (withKey)
        {
            services.AddPaymentCoreDataProtection(o => o.Keys.Add("dev:" + Convert.ToBase64String(new byte[32])));
        }

        // A durable store needs the transaction-id secret (issue 12); the test kit's fixed value.
        services.Configure<PaymentCore.Transactions.TransactionIdOptions>(o => o.Secret = PaymentCore.Testing.Transactions.TestTransactionIds.Secret);
        services.AddPaymentCore().UseSqlite(configuration.GetSection(PaymentCoreSections.Sqlite)).UseInMemoryDefaults();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void UseSqlite_Configuration_StartsWithEveryValueBound()
    {
        using var provider = Build(Full());

        provider.GetRequiredService<IStartupValidator>().Validate();

        var options = provider.GetRequiredService<IOptions<SqliteTransactionStoreOptions>>().Value;
        Assert.Equal(_database.ConnectionString(), options.ConnectionString);
        Assert.Equal(SqliteSynchronousMode.Normal, options.Synchronous);
        Assert.Equal(TimeSpan.FromSeconds(7), options.BusyTimeout);
        Assert.True(options.AllowPlaintext);
        Assert.IsType<SqliteTransactionStore>(provider.GetRequiredService<ITransactionStore>());
    }

    [Fact]
    public void UseSqlite_ConfigurationWithoutPlaintextAndAKeyRing_TakesTheRegisteredRing()
    {
        var values = Full();
        values.Remove("PaymentCore:Sqlite:AllowPlaintext");
        using var provider = Build(values, withKey: true);

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.True(provider.GetRequiredService<IOptions<SqliteTransactionStoreOptions>>().Value.Encryption is { IsConfigured: true });
    }

    [Theory]
    [InlineData("PaymentCore:Sqlite:ConnectionString", "", "SqliteTransactionStoreOptions.ConnectionString")]
    [InlineData("PaymentCore:Sqlite:BusyTimeout", "00:00:00", "SqliteTransactionStoreOptions.BusyTimeout")]
    [InlineData("PaymentCore:Sqlite:BusyTimeout", "00:11:00", "SqliteTransactionStoreOptions.BusyTimeout")]
    [InlineData("PaymentCore:Sqlite:AllowPlaintext", "false", "SqliteTransactionStoreOptions.Encryption")]
    public void UseSqlite_InvalidValue_FailsAtStartNamingTheOption(string key, string value, string option)
    {
        var values = Full();
        values[key] = value;
        using var provider = Build(values);

        // The transaction-id validator (issue 12) resolves the store at start, whose constructor checks the same
        // options again: one failure, or the same failure twice, each naming the option.
        var ex = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        IReadOnlyList<Exception> failures = ex is AggregateException all ? all.InnerExceptions : new[] { ex };
        Assert.All(failures, static f => Assert.IsType<OptionsValidationException>(f));
        Assert.Contains(failures, f => f.Message.Contains(option + " ", StringComparison.Ordinal));
        Assert.False(File.Exists(_database.PathOf()), "nothing may be created when the options are refused");
    }
}
