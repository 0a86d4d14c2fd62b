using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PaymentCore.Authorization;
using PaymentCore.Monetary;
using PaymentCore.Payments;
using PaymentCore.Processing;
using PaymentCore.Sqlite;
using PaymentCore.Storage;
using PaymentCore.Telemetry;
using PaymentCore.Transactions;
using PaymentCore.Webhooks.Endpoints;
using PaymentCore.Webhooks.Signing;

namespace HostedService;

/// <summary>
/// A Generic Host on SQLite with PaymentCore's hosted services: takes three payments, lets the outbox loop post
/// their events as signed webhooks to a local receiver, checks health, and stops. OpenTelemetry's console exporter
/// prints the PaymentCore spans as they end and the metrics when the host stops.
/// </summary>
public static class HostedServiceDemo
{
    /// <summary>Every event reached the receiver with a valid signature.</summary>
    public const int Ok = 0;

    /// <summary>Some event did not arrive, or arrived unsigned, within the time allowed.</summary>
    public const int Incomplete = 1;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var database = Path.Combine(Path.GetTempPath(), $"paymentcore-hosted-{Guid.NewGuid():N}.db");
        var secret = WebhookSecret.Generate();
        await using var receiver = await WebhookReceiver.StartAsync(secret);
        try
        {
            var builder = Host.CreateApplicationBuilder(args);
            // Short intervals for a demo; a service sets these in appsettings.json (docs/hosting.md).
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PaymentCore:Hosting:Outbox:Interval"] = "00:00:00.200",
                ["PaymentCore:Hosting:Recovery:Interval"] = "00:00:01",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:PaymentCore"] = "Information",
            });
            builder.Services.AddPaymentCore()
                .AddAuthorizer<InMemoryAuthorizer>() // the simulated issuer; yours is your gateway's IAuthorizer
                .UseSqlite($"Data Source={database}", o => o.AllowPlaintext = true) // a throwaway demo file: no key ring
                .AddWebhooks(o =>
                {
                    // The receiver is on 127.0.0.1 over plain HTTP: both are refused unless allowed (SSRF rules).
                    o.AllowLoopback = true;
                    o.AllowHttp = true;
                })
                .AddHostedServices();
            // Transaction ids are keyed with a per-installation secret (docs/security.md); a real service keeps one in
            // its secret store (PAYMENTCORE_TRANSACTION_ID_SECRET). This throwaway database gets one of its own.
            builder.Services.Configure<TransactionIdOptions>(o => o.Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            builder.Services.AddHealthChecks().AddPaymentCore();
            builder.Services.AddOpenTelemetry()
                .WithTracing(t => t.AddSource(PaymentCoreTelemetry.ActivitySourceName).AddConsoleExporter())
                .WithMetrics(m => m.AddMeter(PaymentCoreTelemetry.MeterName).AddConsoleExporter());

            using var host = builder.Build();
            await host.Services.GetRequiredService<IWebhookEndpointRegistry>()
                .AddOrUpdateAsync(new WebhookEndpoint("coffee-shop-orders", "coffee-shop", receiver.Url, [secret]));
            await host.StartAsync();

            var processor = host.Services.GetRequiredService<PaymentProcessor>();
            var results = new[]
            {
                await processor.ProcessAsync(Request("order-1001", TestInstruments.Approves, 10.05m)),
                await processor.ProcessAsync(Request("order-1002", TestInstruments.Approves, 4.50m)),
                await processor.ProcessAsync(Request("order-1003", TestInstruments.InsufficientFunds, 99.00m)),
            };
            foreach (var result in results)
            {
                output.WriteLine($"payment {result.Transaction.Id}: {result.Outcome} {result.Status}{(result.Decline is { } d ? $" ({d.Code}, advice {d.Advice})" : "")}");
            }

            // One event per recorded change; the outbox loop delivers them within a few of its intervals.
            var expected = results.Sum(r => r.Transaction.History.Length);
            var store = host.Services.GetRequiredService<ITransactionStore>();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!deadline.IsCancellationRequested && (receiver.Verified.Count < expected || (await store.GetOutboxBacklogAsync()).Pending > 0))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }

            var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            foreach (var (name, entry) in health.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"health {name}: {entry.Status}");
            }

            await host.StopAsync(); // the hosted loops stop; the metrics are exported once more, to the console
            var traced = receiver.Verified.Values.Count(t => t.Length > 0);
            output.WriteLine($"webhooks verified: {receiver.Verified.Count} of {expected}, rejected: {receiver.Rejected}, with traceparent: {traced}");
            return receiver.Verified.Count == expected && receiver.Rejected == 0 && health.Status == HealthStatus.Healthy ? Ok : Incomplete;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static PaymentRequest Request(string key, PaymentInstrument payer, decimal amount) => new()
    {
        IdempotencyKey = key,
        MerchantId = "coffee-shop",
        Amount = Money.FromMajor(amount, Currency.USD),
        Payer = payer,
        Payee = "acct_coffee_shop",
    };
}
