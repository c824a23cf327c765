using Downhill.Learning.Losses;
using Downhill.Learning.Tensors;
using Downhill.Numerics;

namespace Downhill.Learning.Autodiff;

/// <summary>
/// Reverse-mode automatic differentiation over a fixed graph: build it once for a batch size (each method adds a
/// node in order, which is a topological order), then per step set the inputs, <see cref="Forward"/>, and
/// <see cref="Backward"/>. Buffers live in the nodes, so passes after the first allocate nothing.
/// </summary>
/// <example>
/// <code>
/// var g = new Graph(pool);
/// var x = g.Input(batch, 784);
/// var labels = g.Input(batch, 1);
/// var logits = g.AddBias(g.MatMul(x, g.Parameter(w)), g.Parameter(b));
/// var loss = g.Loss(Loss.SoftmaxCrossEntropy, logits, labels);
/// g.Forward(); g.Backward(loss);   // w.Gradient, b.Gradient now hold ∂loss/∂w, ∂loss/∂b
/// </code>
/// </example>
public sealed class Graph
{
    private readonly List<Node> _nodes = [];
    private readonly Dictionary<Parameter, ParameterNode> _parameters = [];

    /// <summary>An empty graph whose products run on <paramref name="pool"/> (one thread when null).</summary>
    public Graph(WorkerPool? pool = null) => Pool = pool ?? WorkerPool.Single;

    /// <summary>The threads matrix products are split over.</summary>
    public WorkerPool Pool { get; }

    /// <summary>The nodes in the order they were added: an order in which each follows its inputs.</summary>
    public IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>A new input of shape <paramref name="shape"/>.</summary>
    public InputNode Input(params int[] shape) => Add(new InputNode(new Tensor(shape)));
    /// <summary>The node of <paramref name="parameter"/>: one per parameter, however often it is used (shared weights).</summary>
    public ParameterNode Parameter(Parameter parameter) =>
        _parameters.TryGetValue(parameter, out var node) ? node : _parameters[parameter] = Add(new ParameterNode(parameter));
    /// <summary>The matrix product a·b.</summary>
    public MatMulNode MatMul(Node a, Node b) => Add(new MatMulNode(a, b, Pool));
    /// <summary>x plus <paramref name="bias"/> on every row.</summary>
    public AddBiasNode AddBias(Node x, Node bias) => Add(new AddBiasNode(x, bias));
    /// <summary>a + b.</summary>
    public AddNode Add(Node a, Node b) => Add(new AddNode(a, b));
    /// <summary><paramref name="function"/> applied to each entry of x.</summary>
    public ActivationNode Activation(Node x, Activation function) => Add(new ActivationNode(x, function));
    /// <summary>x's entries in shape <paramref name="shape"/>.</summary>
    public ReshapeNode Reshape(Node x, params int[] shape) => Add(new ReshapeNode(x, shape));
    /// <summary>The sum of x's entries.</summary>
    public ReduceNode Sum(Node x) => Add(new ReduceNode(x, mean: false));
    /// <summary>The mean of x's entries.</summary>
    public ReduceNode Mean(Node x) => Add(new ReduceNode(x, mean: true));
    /// <summary><paramref name="loss"/> of <paramref name="prediction"/> against <paramref name="target"/>.</summary>
    public LossNode Loss(Loss loss, Node prediction, Node target) => Add(new LossNode(loss, prediction, target));

    /// <summary>Recomputes every node from the inputs and parameters.</summary>
    public void Forward()
    {
        foreach (var node in _nodes) node.Forward();
    }

    /// <summary>
    /// Gradients of the scalar <paramref name="output"/> with respect to every node that needs one (parameters
    /// included): seeds ∂output/∂output = 1 and runs the backward rules in reverse order; a node nothing
    /// contributed to (it does not lead to the output) gets a zero gradient. Call after <see cref="Forward"/>.
    /// </summary>
    public void Backward(Node output)
    {
        if (output.Value.Length != 1)
            throw new ArgumentException($"backward needs a scalar output, not {output.Value}");
        if (output.Gradient is null)
            throw new ArgumentException("the output does not depend on any parameter");
        foreach (var node in _nodes) node.GradientPending = node.RequiresGradient;
        output.ClaimGradient();
        output.Gradient.Span[0] = 1f;
        int last = _nodes.IndexOf(output);
        for (int i = last; i >= 0; i--)
        {
            var node = _nodes[i];
            if (!node.RequiresGradient) continue;
            // Every consumer of a node comes after it, so by now its gradient is complete.
            if (node.GradientPending && node.OwnsGradient) node.Gradient!.Clear();
            else node.Backward();
        }
        // Nodes after the output and views' inputs that received nothing.
        foreach (var node in _nodes)
            if (node.GradientPending && node.OwnsGradient) node.Gradient!.Clear();
    }

    private T Add<T>(T node) where T : Node
    {
        _nodes.Add(node);
        return node;
    }
}
