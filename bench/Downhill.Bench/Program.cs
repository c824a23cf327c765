using BenchmarkDotNet.Running;
using Downhill.Bench;

// Run one family: dotnet run -c Release --project bench/Downhill.Bench -- --filter '*Rosenbrock*'
// Side by side with PyTorch: dotnet run -c Release --project bench/Downhill.Bench -- training-vs-torch [epochs] [threads] [rounds]
// Hessian-vector products beside PyTorch's: ... -- hessian-vs-torch [rows] [threads] [rounds] [reps]
// Top-10 eigenvalues and a 41×41 slice of the MNIST MLP on 10,000 rows: ... -- curvature-speed [rows] [threads] [grid]
// With SciPy's L-BFGS-B: ... -- lbfgsb-vs-scipy [rounds] [starts]
// The run loop per iteration (adam, gd on Rosenbrock): ... -- minimize-profile [iterations] [rounds]
// Kernel speed alone: ... -- matmul-profile [threads]; where a training step goes: ... -- training-profile [threads]
// Study storage on PostgreSQL: ... -- study-overhead URL [rounds]; ... -- study-throughput URL [workers] [trials] [iterations] [rounds]
if (args is ["training-vs-torch", ..]) return TrainingVersusTorch.Run(args);
if (args is ["study-overhead" or "study-throughput", ..]) return StudyStorageOverhead.Run(args);
if (args is ["hessian-vs-torch", ..]) return HessianVersusTorch.Run(args);
if (args is ["curvature-speed", ..]) return CurvatureSpeed.Run(args);
if (args is ["lbfgsb-vs-scipy", ..]) return LbfgsbVersusScipy.Run(args);
if (args is ["training-profile", ..]) return TrainingStepProfile.Run(args);
if (args is ["matmul-profile", ..]) return MatrixProductProfile.Run(args);
if (args is ["minimize-profile", ..]) return MinimizeProfile.Run(args);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
