using System.Numerics;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Tests.Learning;

/// <summary>
/// torch.optim.SGD with momentum (dampening 0): b ← μb + g (b = g on the first step), p ← p − lr·b. A test-only
/// optimizer so the training tests do not depend on the optimizer library; its buffer exercises checkpointing.
/// </summary>
internal sealed class TestSgd : FirstOrderOptimizer
{
    private static readonly MethodDeclaration<FirstOrderOptimizer> Declared = new("test-sgd", "sgd with momentum, for tests",
        [
            HyperparameterDeclaration.Real("lr", 0.01, "learning rate"),
            HyperparameterDeclaration.Real("momentum", 0, "momentum"),
        ], v => new TestSgd(v));

    public TestSgd(double learningRate, double momentum = 0) : this(Declared.Bind(learningRate, momentum))
    {
    }

    private TestSgd(HyperparameterValues v) : base(Declared, v)
    {
        LearningRate = v.Real("lr");
        Momentum = v.Real("momentum");
    }

    public override double LearningRate { get; }
    public double Momentum { get; }

    public override ParameterState<T> CreateState<T>(int length) => new State<T>(length, Momentum);

    private sealed class State<T>(int length, double momentum) : ParameterState<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _buffer = new T[length];

        public override IReadOnlyList<StateBuffer<T>> Buffers => [new("momentum_buffer", _buffer)];

        public override void Step(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate)
        {
            T mu = T.CreateChecked(momentum), lr = T.CreateChecked(learningRate);
            for (int i = 0; i < parameters.Length; i++)
            {
                _buffer[i] = Steps == 0 ? gradient[i] : mu * _buffer[i] + gradient[i];
                parameters[i] -= lr * _buffer[i];
            }
            Steps++;
        }
    }
}
