// Runs every benchmark class of this assembly. Examples:
//   dotnet run -c Release --project tests/PaymentCore.Benchmarks -- --filter *Pipeline*
//   dotnet run -c Release --project tests/PaymentCore.Benchmarks -- --list flat
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
