using BenchmarkDotNet.Running;
using Downhill.Bench;

// Run one family: dotnet run -c Release --project bench/Downhill.Bench -- --filter '*Rosenbrock*'
// Side by side with PyTorch: dotnet run -c Release --project bench/Downhill.Bench -- training-vs-torch [epochs] [threads]
if (args is ["training-vs-torch", ..]) return TrainingVersusTorch.Run(args);
if (args is ["training-profile", ..]) return TrainingStepProfile.Run(args);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
