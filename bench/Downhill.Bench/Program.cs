using BenchmarkDotNet.Running;

// Run one family: dotnet run -c Release --project bench/Downhill.Bench -- --filter '*Rosenbrock*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
