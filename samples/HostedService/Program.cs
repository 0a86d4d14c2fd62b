// A Generic Host with PaymentCore's hosted services, signed webhooks and OpenTelemetry's console exporter.
// Run: dotnet run --project samples/HostedService
return await HostedService.HostedServiceDemo.RunAsync(args, Console.Out);
